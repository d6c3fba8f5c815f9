package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/** {@code ukey ofd verify|sign}: real signed invoices, and documents stamped on a soft token. */
class OfdCommandTest {
  private static final byte[] PNG = Hex.decode("89504e470d0a1a0a0000000d49484452000000010000"
      + "00010806000000" + "1f15c4890000000d4944415478da63f8cfc0f01f0005000200a5f1c2a40000000049"
      + "454e44ae426082");

  @TempDir Path home;
  private CliRunner cli;

  @BeforeEach
  void token() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "office");
    cli = TestTokens.userRunner(home, home.resolve("store"));
  }

  @Test
  void verifiesARealTaxInvoiceAndReportsAResavedDocument() {
    CliRunner.Result ok = cli.run("ofd", "verify",
        Interop.seals().resolve("gomain-tax-jiangsu-v4-signedFile.ofd").toString());
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.out().startsWith("VALID: 1 signature"), ok.out());
    CliRunner.Result changed = cli.run("--json", "ofd", "verify",
        Interop.seals().resolve("tongzhiweiye-v4-keyword.ofd").toString());
    assertEquals(1, changed.exit(), changed.toString());
    Map<String, Object> doc = changed.json();
    assertEquals(false, doc.get("valid"));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = ((List<Map<String, Object>>) doc.get("signatures")).get(0);
    assertEquals(List.of("/OFD.xml", "/Doc_0/Document.xml", "/Doc_0/Pages/Page_0/Content.xml"),
        first.get("changedFiles"));
  }

  @Test
  void stampsADocumentOnTheTokenAndVerifiesIt() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "maker", "--self-signed",
        "CN=制章人").exit());
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "cashier", "--self-signed",
        "CN=出纳").exit());
    Path cert = home.resolve("cashier.pem");
    try (SoftTokenProvider p = SoftTokens.open(home.resolve("store"));
        Pin pin = Pin.of(TestTokens.USER_PIN.toCharArray());
        Session s = p.tokens().get(0).login(pin)) {
      Files.writeString(cert, KeyFiles.certificatePem(s.key("cashier").certificate()
          .orElseThrow()));
      Files.writeString(home.resolve("maker.pem"), KeyFiles.certificatePem(s.key("maker")
          .certificate().orElseThrow()));
    }
    Path image = home.resolve("seal.png");
    Files.write(image, PNG);
    Path seal = home.resolve("seal.esl");
    CliRunner.Result made = cli.run("seal", "make", "--maker-key", "maker", "--holder-cert",
        cert.toString(), "--name", "示范市财政局", "--type", "official", "--esid", "1", "--image",
        image.toString(), "--width-mm", "40", "--height-mm", "40", "--out", seal.toString());
    assertEquals(0, made.exit(), made.toString());
    Path in = home.resolve("doc.ofd");
    Files.write(in, unsignedDocument());
    Path out = home.resolve("signed.ofd");
    CliRunner.Result sign = cli.run("ofd", "sign", "--seal", seal.toString(), "--key",
        "cashier", "--page", "1", "--x", "100", "--y", "200", "--in", in.toString(), "--out",
        out.toString());
    assertEquals(0, sign.exit(), sign.toString());
    CliRunner.Result verify = cli.run("--json", "ofd", "verify", out.toString());
    assertEquals(0, verify.exit(), verify.toString());
    CliRunner.Result text = cli.run("ofd", "verify", out.toString());
    assertEquals(0, text.exit(), text.toString());
    assertTrue(text.out().startsWith("VALID: 1 signature (signatures only: no --trust; not"
        + " checked: SIGNER_CERTIFICATE_CHAIN, "), text.out());
    CliRunner.Result trusted = cli.run("ofd", "verify", out.toString(), "--trust",
        cert.toString(), "--trust", home.resolve("maker.pem").toString());
    assertEquals(0, trusted.exit(), trusted.toString());
    assertFalse(trusted.out().lines().findFirst().orElseThrow().contains("--trust"),
        trusted.out());
    CliRunner.Result badPlace = cli.run("ofd", "sign", "--seal", seal.toString(), "--key",
        "cashier", "--page", "9", "--x", "1", "--y", "1", "--in", in.toString(), "--out",
        home.resolve("never.ofd").toString());
    assertEquals(2, badPlace.exit(), badPlace.toString());
    assertFalse(Files.exists(home.resolve("never.ofd")));
  }

  @Test
  void aFileThatIsNotAnOfdIsAnErrorOfOneLine() throws Exception {
    Path junk = home.resolve("junk.ofd");
    Files.writeString(junk, "hello");
    CliRunner.Result r = cli.run("ofd", "verify", junk.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  private static byte[] unsignedDocument() throws Exception {
    String ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    Map<String, String> f = new java.util.LinkedHashMap<>();
    f.put("OFD.xml", "<ofd:OFD " + ns + " DocType=\"OFD\" Version=\"1.1\"><ofd:DocBody>"
        + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
    f.put("Doc_0/Document.xml", "<ofd:Document " + ns + "><ofd:Pages><ofd:Page ID=\"1\""
        + " BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>");
    f.put("Doc_0/Pages/Page_0/Content.xml", "<ofd:Page " + ns + "><ofd:Content/></ofd:Page>");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : f.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
