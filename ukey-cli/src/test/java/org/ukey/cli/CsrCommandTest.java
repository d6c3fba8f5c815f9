package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;

  @BeforeEach
  void token() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store"));
  }

  @Test
  void writesAnSm2RequestThatOpensslVerifiesWithTheDefaultId() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "k").exit());
    Path out = home.resolve("k.csr");
    CliRunner.Result r = cli.run("csr", "--key", "k", "--subject",
        "CN=Zhang San,OU=Treasury,O=Finance,C=CN", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    String verdict = Interop.opensslStderr(home, "req", "-in", out.toString(), "-noout",
        "-verify", "-vfyopt", "distid:1234567812345678");
    assertTrue(verdict.contains("verify OK"), verdict);
    String subject = new String(Interop.openssl(home, "req", "-in", out.toString(), "-noout",
        "-subject"));
    assertTrue(subject.contains("CN = Zhang San"), subject);
  }

  @Test
  void rejectsASubjectThatIsNotADistinguishedName() {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "k").exit());
    CliRunner.Result r = cli.run("csr", "--key", "k", "--subject", "Zhang San");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("ukey: --subject: \"Zhang San\" is not a distinguished name"),
        r.err());
  }
}
