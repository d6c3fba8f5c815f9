package org.ukey.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ukey.pkcs11.MechanismInfo;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;
import picocli.CommandLine.Command;

/**
 * {@code ukey mechanisms}: the mechanisms of a PKCS#11 token ({@code C_GetMechanismList} and
 * {@code C_GetMechanismInfo}), named by the spec or by the token's vendor profile. Needs
 * {@code --pkcs11}; no PIN.
 */
@Command(name = "mechanisms", description = "List the PKCS#11 token's mechanisms: name, code,"
    + " key sizes and what it does with each (needs --pkcs11).")
final class MechanismsCommand extends VerbCommand {
  @Override
  int run(UkeyCommand ukey) throws Exception {
    ProviderChoice choice = ukey.providers();
    try (Pkcs11Provider provider = choice.openPkcs11("mechanisms")) {
      Pkcs11Token token = (Pkcs11Token) choice.token(provider);
      String label = token.info().label();
      List<Json> rows = new ArrayList<>();
      TextTable table = new TextTable("MECHANISM", "CODE", "KEY SIZES", "FUNCTIONS");
      for (MechanismInfo m : token.mechanisms()) {
        String code = String.format(Locale.ROOT, "0x%08X", m.code());
        rows.add(Json.object()
            .put("name", m.name())
            .put("code", code)
            .put("minKeySize", m.minKeySize())
            .put("maxKeySize", m.maxKeySize())
            .put("functions", m.functions())
            .put("hardware", m.hardware()));
        String sizes = m.minKeySize() == 0 && m.maxKeySize() == 0 ? null
            : m.minKeySize() + ".." + m.maxKeySize();
        table.row(m.name(), code, sizes, String.join(",", m.functions())
            + (m.hardware() ? ",hw" : ""));
      }
      String text = "Token '" + label + "' (slot " + token.slotId() + ", profile "
          + token.profileName() + "):\n" + table;
      ukey.print(Json.object().put("provider", provider.description()).put("token", label)
          .put("slot", token.slotId()).put("profile", token.profileName())
          .put("mechanisms", rows), text);
      return Failures.OK;
    }
  }
}
