package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensCommandTest {
  @TempDir
  Path home;

  @Test
  void listsEveryTokenWithItsPinStatusWithoutAPin() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createReady(cli, "cashier");
    TestTokens.createWithInitialPin(cli, "approver");
    CliRunner.Result r = new CliRunner(home).run("--store", home.resolve("store").toString(),
        "tokens");
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("LABEL +SERIAL +MANUFACTURER +MODEL +PIN"), lines.get(0));
    assertTrue(r.out().contains("must change"), r.out());
    assertTrue(r.out().contains("ok, 6 tries left"), r.out());
    assertEquals(3, lines.size(), r.out());
  }

  @Test
  void printsTokensAsJson() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createReady(cli, "cashier");
    Map<String, Object> doc = cli.run("tokens", "--json").json();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens = (List<Map<String, Object>>) doc.get("tokens");
    assertEquals(1, tokens.size());
    assertEquals("cashier", tokens.get(0).get("label"));
    assertTrue(((String) tokens.get(0).get("serial")).length() > 0);
  }

  @Test
  void saysSoWhenTheStoreIsEmpty() throws Exception {
    Path store = Files.createDirectories(home.resolve("empty"));
    CliRunner.Result r = new CliRunner(home).run("--store", store.toString(), "tokens");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("No tokens in "), r.out());
  }
}
