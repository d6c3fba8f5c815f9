package org.ukey.cli;

import java.util.ArrayList;
import java.util.List;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenProvider;
import picocli.CommandLine.Command;

/** {@code ukey tokens}: every token present, with its PIN status. Needs no PIN. */
@Command(name = "tokens", description = "List tokens: label, serial, manufacturer, model and"
    + " PIN status.")
final class TokensCommand extends VerbCommand {
  @Override
  int run(UkeyCommand ukey) throws Exception {
    try (TokenProvider provider = ukey.providers().open()) {
      List<Json> rows = new ArrayList<>();
      TextTable table = new TextTable("LABEL", "SERIAL", "MANUFACTURER", "MODEL", "PIN");
      for (Token token : provider.tokens()) {
        TokenInfo info = token.info();
        rows.add(JsonViews.token(info));
        table.row(info.label(), info.serialNumber(), info.manufacturer(), info.model(),
            info.pinStatus().describe());
      }
      String text = rows.isEmpty()
          ? "No tokens in " + provider.description() + "." : table.toString();
      ukey.print(Json.object().put("provider", provider.description()).put("tokens", rows),
          text);
      return Failures.OK;
    }
  }
}
