package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory given where a file is read: every verb names the path ("DIR: is a directory"),
 * not only the operating system's bare "Is a directory".
 */
class DirectoryInputTest {
  private static final String KEY = "0123456789abcdeffedcba9876543210";
  private static final String IV = "00112233445566778899aabbccddeeff";

  @TempDir
  Path home;
  private CliRunner cli;
  private Path dir;
  private Path voucher;
  private Path pem;
  private Path sig;

  @BeforeEach
  void token() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "cashier");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    pem = home.resolve("sm2.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "sm2", "--public-out",
        pem.toString(), "--self-signed", "CN=Zhang", "--days", "30").exit());
    voucher = home.resolve("voucher.xml");
    Files.writeString(voucher, DemoCommand.voucher("1,000.00"), StandardCharsets.UTF_8);
    sig = home.resolve("voucher.sig");
    assertEquals(0, cli.run("sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        sig.toString()).exit());
    dir = Files.createDirectory(home.resolve("a-directory"));
  }

  private void namesTheDirectory(String... args) {
    CliRunner.Result r = cli.run(args);
    assertEquals(2, r.exit(), r.toString());
    assertEquals("ukey: " + dir + ": is a directory\n", r.err(), String.join(" ", args));
  }

  private String[] with(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    return all.toArray(new String[0]);
  }

  @Test
  void signAndVerifyNameTheDirectory() {
    namesTheDirectory(with("sign", "--key", "sm2", "--in", dir.toString(), "--out",
        home.resolve("x.sig").toString()));
    namesTheDirectory(with("verify", "--public", pem.toString(), "--in", dir.toString(),
        "--sig", sig.toString()));
    namesTheDirectory(with("verify", "--public", pem.toString(), "--in", voucher.toString(),
        "--sig", dir.toString()));
    namesTheDirectory(with("verify", "--public", dir.toString(), "--in", voucher.toString(),
        "--sig", sig.toString()));
  }

  @Test
  void cmsAndCipherVerbsNameTheDirectory() {
    namesTheDirectory(with("cms", "sign", "--key", "sm2", "--in", dir.toString(), "--out",
        home.resolve("x.p7").toString()));
    namesTheDirectory(with("cms", "sign", "--key", "sm2", "--detached", "--in", dir.toString(),
        "--out", home.resolve("x.p7").toString()));
    namesTheDirectory(with("cms", "verify", "--in", dir.toString()));
    namesTheDirectory(with("encrypt", "--alg", "sm4-cbc", "--key-hex", KEY, "--iv-hex", IV,
        "--in", dir.toString(), "--out", home.resolve("x.enc").toString()));
    namesTheDirectory(with("decrypt", "--alg", "sm4-cbc", "--key-hex", KEY, "--iv-hex", IV,
        "--in", dir.toString(), "--out", home.resolve("x.dec").toString()));
    namesTheDirectory(with("encrypt", "--alg", "sm2", "--public", pem.toString(), "--in",
        dir.toString(), "--out", home.resolve("x.enc").toString()));
  }

  @Test
  void certificateAndSealFilesNameTheDirectory() {
    namesTheDirectory(with("cert", "show", dir.toString()));
    namesTheDirectory(with("seal", "show", dir.toString()));
    namesTheDirectory(with("seal", "verify", "--in", voucher.toString(), "--sig",
        dir.toString()));
  }
}
