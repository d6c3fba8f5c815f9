package org.ukey.cli;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import picocli.CommandLine.Command;

/** {@code ukey keys}: the keys on the token, with their certificates. Needs the user PIN. */
@Command(name = "keys", description = "List the keys on the token: label, id, type,"
    + " certificate subject and validity.")
final class KeysCommand extends VerbCommand {
  @Override
  int run(UkeyCommand ukey) throws Exception {
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      String label = token.info().label();
      try (Session session = choice.login(token)) {
        List<Json> rows = new ArrayList<>();
        TextTable table = new TextTable("LABEL", "ID", "TYPE", "CERTIFICATE", "VALID");
        for (TokenKey key : session.keys()) {
          rows.add(JsonViews.key(key));
          X509Certificate cert = key.certificate().orElse(null);
          table.row(key.label(), JsonViews.hex(key.id()), key.spec().name(),
              cert == null ? null : JsonViews.dn(cert.getSubjectX500Principal()),
              cert == null ? null : cert.getNotBefore().toInstant() + " .. "
                  + cert.getNotAfter().toInstant());
        }
        String text = rows.isEmpty() ? "No keys on token '" + label + "'." : table.toString();
        ukey.print(Json.object().put("token", label).put("keys", rows), text);
        return Failures.OK;
      }
    }
  }
}
