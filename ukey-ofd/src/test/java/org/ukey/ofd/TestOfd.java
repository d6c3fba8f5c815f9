package org.ukey.ofd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.seal.SESeal;
import org.ukey.seal.SealKind;
import org.ukey.seal.SealMaker;
import org.ukey.seal.SealSpec;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/** A small unsigned OFD document and a small SM2 PKI with a seal, for the OFD tests. */
final class TestOfd {
  static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final byte[] PNG = org.bouncycastle.util.encoders.Hex.decode(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
          + "da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082");

  final X509Certificate root;
  final X509Certificate signerCert;
  final Signer signer;
  final Signer outsider;
  final SESeal seal;

  TestOfd() throws Exception {
    KeyPair rootKeys = SoftKeys.generate(KeySpec.sm2());
    Signer rootSigner = SoftSigners.create(rootKeys.getPrivate(), rootKeys.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    root = CertificateBuilder.forSubject("CN=OFD Test Root", rootKeys.getPublic())
        .validity(NOW.minusSeconds(86_400 * 30), NOW.plusSeconds(86_400 * 3650))
        .certificateAuthority().sign(rootSigner);
    signer = issue("CN=签章人", rootSigner);
    signerCert = signer.certificate().orElseThrow();
    Signer maker = issue("CN=制章人", rootSigner);
    outsider = issue("CN=外人", rootSigner);
    seal = SealMaker.builder(maker).clock(CLOCK).build().make(SealSpec.builder()
        .esId("OFD-TEST-1").kind(SealKind.OFFICIAL).name("测试单位公章")
        .holderCertificate(signerCert).image(PNG, 40, 40).build());
  }

  private Signer issue(String dn, Signer issuer) throws Exception {
    KeyPair k = SoftKeys.generate(KeySpec.sm2());
    X509Certificate c = CertificateBuilder.forSubject(dn, k.getPublic()).issuer(root)
        .validity(NOW.minusSeconds(86_400), NOW.plusSeconds(86_400 * 365)).sign(issuer);
    return SoftSigners.create(k.getPrivate(), k.getPublic(), c, SignatureAlgorithm.SM3_WITH_SM2);
  }

  /** An unsigned two-page document whose first page says 开票单位（盖章）. */
  static byte[] unsignedDocument() throws Exception {
    Map<String, String> f = new LinkedHashMap<>();
    String ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    f.put("OFD.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD " + ns
        + " DocType=\"OFD\" Version=\"1.1\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>t</ofd:DocID>"
        + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
    f.put("Doc_0/Document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document " + ns
        + "><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0"
        + " 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
        + "<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
        + "<ofd:Page ID=\"5\" BaseLoc=\"Pages/Page_1/Content.xml\"/></ofd:Pages></ofd:Document>");
    f.put("Doc_0/Pages/Page_0/Content.xml", page("2", "开票单位（盖章）：示范市财政局", "120 240 60 6"));
    f.put("Doc_0/Pages/Page_1/Content.xml", page("6", "第二页", "20 20 30 6"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : f.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static String page(String id, String text, String boundary) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page"
        + " xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"" + id + "0\">"
        + "<ofd:TextObject ID=\"" + id + "\" Boundary=\"" + boundary + "\" Font=\"1\" Size=\"4\">"
        + "<ofd:TextCode X=\"0\" Y=\"4\">" + text + "</ofd:TextCode></ofd:TextObject>"
        + "</ofd:Layer></ofd:Content></ofd:Page>";
  }
}
