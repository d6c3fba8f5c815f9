package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.seal.SESeal;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/** {@code ukey seal ...} on a soft token: make, show, stamp, verify, and the filing registry. */
class SealCommandTest {
  private static final byte[] PNG = Hex.decode("89504e470d0a1a0a0000000d4948445200000001000000"
      + "010806000000" + "1f15c4890000000d4944415478da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082");

  @TempDir Path home;
  private CliRunner cli;
  private Path signerCert;
  private Path makerCert;
  private Path image;
  private Path doc;

  @BeforeEach
  void keys() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "seal-office");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    ok(cli.run("keygen", "--alg", "sm2", "--label", "maker", "--self-signed",
        "CN=电子印章制作系统,O=示范市政务服务和大数据管理局"));
    ok(cli.run("keygen", "--alg", "sm2", "--label", "cashier", "--self-signed",
        "CN=张三,O=示范市财政局"));
    makerCert = exportCertificate("maker");
    signerCert = exportCertificate("cashier");
    image = home.resolve("seal.png");
    Files.write(image, PNG);
    doc = home.resolve("voucher.xml");
    Files.writeString(doc, DemoCommand.voucher("1,000.00"), StandardCharsets.UTF_8);
  }

  /** The certificate stored with a key, written to a PEM file (as `ukey cert export` would). */
  private Path exportCertificate(String label) throws Exception {
    Path out = home.resolve(label + ".pem");
    try (SoftTokenProvider p = SoftTokens.open(home.resolve("store"));
        Pin pin = Pin.of(TestTokens.USER_PIN.toCharArray());
        Session s = p.tokens().get(0).login(pin)) {
      Files.writeString(out, KeyFiles.certificatePem(s.key(label).certificate().orElseThrow()));
    }
    return out;
  }

  private Path makeSeal(String version) {
    Path seal = home.resolve("seal-v" + version + ".esl");
    ok(cli.run("seal", "make", "--maker-key", "maker", "--holder-cert", signerCert.toString(),
        "--name", "示范市财政局国库集中支付业务专用章", "--type", "business", "--esid",
        "15090000000001", "--image", image.toString(), "--width-mm", "40", "--height-mm", "40",
        "--version", version, "--out", seal.toString()));
    return seal;
  }

  private static CliRunner.Result ok(CliRunner.Result r) {
    assertEquals(0, r.exit(), r.toString());
    return r;
  }

  @Test
  void makesShowsStampsAndVerifiesAGbt38540Seal() throws Exception {
    Path seal = makeSeal("4");
    CliRunner.Result show = ok(cli.run("--json", "seal", "show", seal.toString(),
        "--extract-picture", home.resolve("pic.png").toString()));
    Map<String, Object> s = show.json();
    assertEquals("GB/T 38540-2020", s.get("format"));
    assertEquals("15090000000001", s.get("esId"));
    assertEquals(6L, ((Number) s.get("type")).longValue());
    assertArrayEquals(PNG, Files.readAllBytes(home.resolve("pic.png")));

    Path sig = home.resolve("voucher.ses");
    ok(cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "cashier", "--in",
        doc.toString(), "--out", sig.toString()));
    CliRunner.Result verify = cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString(), "--trust", signerCert.toString(), "--trust", makerCert.toString());
    assertEquals(0, verify.exit(), verify.toString());
    assertTrue(verify.out().startsWith("VALID"), verify.out());
    assertTrue(verify.out().contains("SIGNER_IN_CERT_LIST"), verify.out());

    CliRunner.Result json = cli.run("--json", "seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString());
    assertEquals(0, json.exit(), json.toString());
    assertEquals(Boolean.TRUE, json.json().get("valid"));
    assertEquals(Boolean.FALSE, json.json().get("fullyVerified"));
    assertTrue(((List<?>) json.json().get("checks")).size() >= 10);
  }

  @Test
  void verifySaysWhatWasNotCheckedWhenValid() throws Exception {
    Path seal = makeSeal("4");
    Path sig = home.resolve("voucher.ses");
    ok(cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "cashier", "--in",
        doc.toString(), "--out", sig.toString()));
    CliRunner.Result bare = ok(cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString()));
    assertEquals("VALID (signatures only: no --trust; not checked: SIGNER_CERTIFICATE_CHAIN,"
        + " SIGNER_CERTIFICATE_REVOCATION, SEAL_MAKER_CERTIFICATE, TIMESTAMP)",
        bare.out().lines().findFirst().orElseThrow(), bare.out());
    String maker = bare.out().lines().filter(l -> l.contains("SEAL_MAKER_CERTIFICATE"))
        .findFirst().orElseThrow();
    assertEquals(maker.indexOf("no trust anchors given"),
        maker.lastIndexOf("no trust anchors given"), maker);

    CliRunner.Result trusted = ok(cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString(), "--trust", signerCert.toString(), "--trust", makerCert.toString()));
    String first = trusted.out().lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("VALID (not checked: ") && !first.contains("--trust")
        && !first.contains("CHAIN"), trusted.out());
  }

  @Test
  void verifyExitsOneForAChangedDocumentOrGarbageAndTwoForAMissingFile() throws Exception {
    Path seal = makeSeal("4");
    Path sig = home.resolve("voucher.ses");
    ok(cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "cashier", "--in",
        doc.toString(), "--out", sig.toString()));
    Path changed = home.resolve("changed.xml");
    Files.writeString(changed, DemoCommand.voucher("9,000.00"), StandardCharsets.UTF_8);
    CliRunner.Result bad = cli.run("seal", "verify", "--in", changed.toString(), "--sig",
        sig.toString());
    assertEquals(1, bad.exit(), bad.toString());
    assertTrue(bad.out().contains("FAIL         DOCUMENT_HASH"), bad.out());
    Path garbage = home.resolve("garbage.ses");
    Files.write(garbage, new byte[] {0x30, 0x05, 1, 2});
    CliRunner.Result g = cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        garbage.toString());
    assertEquals(1, g.exit(), g.toString());
    assertTrue(g.out().contains("FORMAT"), g.out());
    CliRunner.Result missing = cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        home.resolve("nope").toString());
    assertEquals(2, missing.exit(), missing.toString());
    assertFalse(missing.err().contains("Exception"), missing.err());
  }

  @Test
  void makesGmt0031SealsOnRequest() throws Exception {
    Path seal = makeSeal("1");
    assertEquals(1, SESeal.parse(Files.readAllBytes(seal)).sealInfo().header().version());
    Path sig = home.resolve("v1.ses");
    ok(cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "cashier", "--in",
        doc.toString(), "--out", sig.toString()));
    assertEquals(0, cli.run("seal", "verify", "--in", doc.toString(), "--sig", sig.toString())
        .exit());
  }

  @Test
  void refusesToStampWithAKeyNotOnTheSealsList() {
    Path seal = makeSeal("4");
    CliRunner.Result r = cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "maker",
        "--in", doc.toString(), "--out", home.resolve("x.ses").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("is not on the list of seal"), r.err());
    assertFalse(Files.exists(home.resolve("x.ses")), "nothing written");
  }

  @Test
  void refusesASealBeyondTheHolderCertificate() {
    CliRunner.Result r = cli.run("seal", "make", "--maker-key", "maker", "--holder-cert",
        signerCert.toString(), "--name", "x", "--type", "official", "--esid", "1", "--image",
        image.toString(), "--width-mm", "40", "--height-mm", "40", "--valid-from", "2026-01-01",
        "--valid-to", "2099-01-01", "--out", home.resolve("x.esl").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("seed 003 §10"), r.err());
  }

  @Test
  void filesExportsImportsAndRevokesThroughTheRegistry() throws Exception {
    Path seal = makeSeal("4");
    Path finance = home.resolve("finance-registry");
    ok(cli.run("seal", "registry", "file", "--registry", finance.toString(), "--seal",
        seal.toString(), "--party", "示范市财政局", "--role", "finance-bureau", "--effective",
        "2026-12-01", "--handed-over-by", "王五", "--received-by", "赵六"));
    CliRunner.Result list = ok(cli.run("--json", "seal", "registry", "list", "--registry",
        finance.toString()));
    assertEquals(1, ((List<?>) list.json().get("seals")).size());
    CliRunner.Result book = ok(cli.run("seal", "registry", "book", "--registry",
        finance.toString()));
    assertTrue(book.out().startsWith("序号,内容,份数,生成时间"), book.out());

    Path pkg = home.resolve("filing.pkg");
    ok(cli.run("seal", "registry", "export", "--registry", finance.toString(), "--esid",
        "15090000000001", "--key", "cashier", "--out", pkg.toString()));
    Path bank = home.resolve("bank-registry");
    ok(cli.run("seal", "registry", "import", "--registry", bank.toString(), "--in",
        pkg.toString(), "--trust", signerCert.toString()));
    CliRunner.Result untrusted = cli.run("seal", "registry", "import", "--registry",
        home.resolve("other").toString(), "--in", pkg.toString(), "--trust",
        makerCert.toString());
    assertEquals(2, untrusted.exit(), untrusted.toString());

    Path sig = home.resolve("voucher.ses");
    ok(cli.run("seal", "stamp", "--seal", seal.toString(), "--key", "cashier", "--in",
        doc.toString(), "--out", sig.toString()));
    CliRunner.Result filed = ok(cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString(), "--registry", bank.toString()));
    String filedCopy = filed.out().lines().filter(l -> l.contains("FILED_COPY")).findFirst()
        .orElseThrow();
    assertTrue(filedCopy.contains("filed for 示范市财政局 (finance-bureau) on ")
        && !filedCopy.contains("Party["), filedCopy);
    ok(cli.run("seal", "registry", "revoke", "--registry", bank.toString(), "--esid",
        "15090000000001", "--reason", "单位撤并"));
    CliRunner.Result revoked = cli.run("seal", "verify", "--in", doc.toString(), "--sig",
        sig.toString(), "--registry", bank.toString());
    assertEquals(1, revoked.exit(), revoked.toString());
    assertTrue(revoked.out().contains("FILED_COPY"), revoked.out());
  }
}
