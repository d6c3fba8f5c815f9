package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertImportCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;

  @BeforeEach
  void token() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store"));
  }

  @Test
  void storesTheCertificateACaIssuedForTheKeysRequest() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "applicant").exit());
    Path csr = home.resolve("req.pem");
    assertEquals(0, cli.run("csr", "--key", "applicant", "--subject", "CN=Applicant,C=CN",
        "--out", csr.toString()).exit());
    Path caKey = home.resolve("ca.key");
    Path caCert = home.resolve("ca.pem");
    Interop.openssl(home, "genpkey", "-algorithm", "SM2", "-out", caKey.toString());
    Interop.openssl(home, "req", "-x509", "-new", "-key", caKey.toString(), "-sm3", "-sigopt",
        "distid:1234567812345678", "-subj", "/CN=OpenSSL CA", "-days", "30", "-out",
        caCert.toString());
    Path issued = home.resolve("issued.pem");
    Interop.openssl(home, "x509", "-req", "-in", csr.toString(), "-vfyopt",
        "distid:1234567812345678", "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-sm3", "-sigopt", "distid:1234567812345678", "-days", "30", "-out", issued.toString());
    CliRunner.Result r = cli.run("cert", "import", "--label", "applicant", issued.toString());
    assertEquals(0, r.exit(), r.toString());
    CliRunner.Result keys = cli.run("keys");
    assertTrue(keys.out().contains("CN=Applicant"), keys.toString());
  }

  @Test
  void refusesACertificateOfAnotherKey() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "mine").exit());
    CliRunner.Result r = cli.run("cert", "import", "--label", "mine",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(Files.exists(home.resolve("store")));
  }
}
