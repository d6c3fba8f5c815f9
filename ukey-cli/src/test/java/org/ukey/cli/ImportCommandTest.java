package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;

  @BeforeEach
  void token() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store")).env("P12_PASSWORD", "777777")
        .env("WRONG_PASSWORD", "000000");
  }

  @Test
  void importsTheLegacyOfdrwPkcs12WithItsCertificate() {
    CliRunner.Result r = cli.run("--json", "import", "--label", "seal-user",
        Interop.seals().resolve("ofdrw-USER.p12").toString(), "--password-env", "P12_PASSWORD");
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals("sm2", doc.get("type"));
    assertTrue(((String) doc.get("certificate")).contains("CN=Test Certificate"), r.out());
    CliRunner.Result keys = cli.run("keys");
    assertTrue(keys.out().contains("seal-user"), keys.toString());
  }

  @Test
  void importsAPemKeyWithoutAPassword() {
    CliRunner.Result r = cli.run("import", "--label", "pem-key",
        Interop.seals().resolve("ofdrw-sign_key.pem").toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("(no certificate)"), r.out());
  }

  @Test
  void failsWithExit2OnAWrongPasswordAndNeverPrintsIt() {
    CliRunner.Result r = cli.run("import", "--label", "x",
        Interop.seals().resolve("ofdrw-USER.p12").toString(), "--password-env",
        "WRONG_PASSWORD");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("password"), r.err());
    assertFalse(r.err().contains("000000") || r.out().contains("000000"), r.toString());
  }
}
