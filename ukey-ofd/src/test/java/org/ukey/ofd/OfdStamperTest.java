package org.ukey.ofd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;
import org.ukey.seal.StampRefusedException;
import org.ukey.seal.VerificationReport.Outcome;

class OfdStamperTest {
  private static TestOfd t;
  private static OfdVerifier verifier;

  @TempDir Path dir;

  @BeforeAll
  static void pki() throws Exception {
    t = new TestOfd();
    verifier = OfdVerifier.builder().trustAnchors(List.of(t.root)).clock(TestOfd.CLOCK).build();
  }

  private static OfdStamper stamper() throws Exception {
    return OfdStamper.builder(t.seal, t.signer).clock(TestOfd.CLOCK).build();
  }

  @Test
  void aStampedDocumentVerifiesInOursWithItsPageAndPosition() throws Exception {
    byte[] signed = stamper().stamp(TestOfd.unsignedDocument(),
        OfdStamper.Placement.at(2, 150, 250));
    OfdReport r = verifier.verify(signed);
    assertTrue(r.isValid(), r::describe);
    OfdSignatureResult s = r.signatures().get(0);
    assertEquals(1, s.stamps().get(0).pageIndex());
    assertEquals("5", s.stamps().get(0).pageId());
    assertEquals("150.00 250.00 40.00 40.00", s.stamps().get(0).boundary());
    assertEquals(Outcome.PASS, s.sealFile());
    assertTrue(s.sealReport().orElseThrow().isFullyVerified()
        || s.sealReport().orElseThrow().failures().isEmpty(), r::describe);
  }

  @Test
  void aStampedDocumentVerifiesInAnIndependentCheckFromTheStandardAlone() throws Exception {
    byte[] signed = stamper().stamp(TestOfd.unsignedDocument(),
        OfdStamper.Placement.at(1, 20, 30));
    Map<String, byte[]> files = unzip(signed);
    String signatures = new String(files.get("Doc_0/Signs/Signatures.xml"),
        StandardCharsets.UTF_8);
    Matcher loc = Pattern.compile("BaseLoc=\"/?([^\"]+)\"").matcher(signatures);
    assertTrue(loc.find(), signatures);
    byte[] signatureXml = files.get(loc.group(1));
    String xml = new String(signatureXml, StandardCharsets.UTF_8);
    // Every Reference: SM3 of the file, Base64 (GB/T 33190-2016 §18.2.2).
    Matcher ref = Pattern.compile("FileRef=\"/?([^\"]+)\"><ofd:CheckValue>([^<]+)<").matcher(xml);
    int refs = 0;
    while (ref.find()) {
      assertArrayEquals(Base64.getDecoder().decode(ref.group(2)), sm3(files.get(ref.group(1))),
          ref.group(1));
      refs++;
    }
    assertEquals(files.size() - 3, refs, "all but Signatures.xml, Signature.xml, SignedValue");
    Matcher sv = Pattern.compile("<ofd:SignedValue>/?([^<]+)<").matcher(xml);
    assertTrue(sv.find());
    // SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert, signatureAlgID, signature }.
    ASN1Sequence ses = ASN1Sequence.getInstance(files.get(sv.group(1)));
    ASN1Sequence tbs = ASN1Sequence.getInstance(ses.getObjectAt(0));
    byte[] cert = ASN1OctetString.getInstance(ses.getObjectAt(1)).getOctets();
    byte[] signature = ASN1BitString.getInstance(ses.getObjectAt(3)).getOctets();
    assertTrue(sm2Verifies(cert, tbs.getEncoded("DER"), signature), "signer over TBS_Sign");
    assertArrayEquals(sm3(signatureXml),
        ASN1BitString.getInstance(tbs.getObjectAt(3)).getOctets(), "dataHash");
    // SESeal ::= SEQUENCE { eSealInfo, cert, signAlgID, signedValue }: maker over eSealInfo.
    ASN1Sequence seal = ASN1Sequence.getInstance(tbs.getObjectAt(1));
    assertTrue(sm2Verifies(ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets(),
        seal.getObjectAt(0).toASN1Primitive().getEncoded("DER"),
        ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets()), "maker over the seal");
  }

  @Test
  void aSecondStampKeepsTheFirstValid() throws Exception {
    byte[] once = stamper().stamp(TestOfd.unsignedDocument(), OfdStamper.Placement.at(1, 10,
        10));
    byte[] twice = stamper().stamp(once, OfdStamper.Placement.at(2, 10, 10));
    OfdReport r = verifier.verify(twice);
    assertEquals(2, r.signatures().size());
    assertTrue(r.isValid(), r::describe);
    Map<String, byte[]> a = unzip(once);
    Map<String, byte[]> b = unzip(twice);
    for (String name : a.keySet()) {
      if (!name.endsWith("Signatures.xml")) {
        assertArrayEquals(a.get(name), b.get(name), name + " kept its exact bytes");
      }
    }
  }

  @Test
  void changingAProtectedFileIsReportedByName() throws Exception {
    byte[] signed = stamper().stamp(TestOfd.unsignedDocument(), OfdStamper.Placement.at(1, 10,
        10));
    Map<String, byte[]> files = unzip(signed);
    files.put("Doc_0/Pages/Page_0/Content.xml", new String(
        files.get("Doc_0/Pages/Page_0/Content.xml"), StandardCharsets.UTF_8)
        .replace("示范市财政局", "某某公司").getBytes(StandardCharsets.UTF_8));
    OfdReport r = verifier.verify(zip(files));
    assertFalse(r.isValid());
    assertEquals(List.of("/Doc_0/Pages/Page_0/Content.xml"),
        r.signatures().get(0).changedFiles());
  }

  @Test
  void changingSignatureXmlBreaksTheSealSignature() throws Exception {
    byte[] signed = stamper().stamp(TestOfd.unsignedDocument(), OfdStamper.Placement.at(1, 10,
        10));
    Map<String, byte[]> files = unzip(signed);
    String path = "Doc_0/Signs/Sign_0/Signature.xml";
    files.put(path, new String(files.get(path), StandardCharsets.UTF_8)
        .replace("10.00 10.00", "99.00 10.00").getBytes(StandardCharsets.UTF_8));
    OfdReport r = verifier.verify(zip(files));
    assertFalse(r.isValid());
    assertEquals(Outcome.FAIL, r.signatures().get(0).signedValue());
  }

  @Test
  void stampsNextToAKeyword() throws Exception {
    byte[] signed = stamper().stamp(TestOfd.unsignedDocument(),
        OfdStamper.Placement.nearKeyword(1, "开票单位"));
    StampPosition p = verifier.verify(signed).signatures().get(0).stamps().get(0);
    // The text box is 120 240 60 6: the 40 mm stamp is centred on it.
    assertEquals("130.00 223.00 40.00 40.00", p.boundary());
    assertThrows(InvalidEncodingException.class, () -> stamper().stamp(
        TestOfd.unsignedDocument(), OfdStamper.Placement.nearKeyword(1, "不存在的字")));
    assertThrows(InvalidEncodingException.class, () -> stamper().stamp(
        TestOfd.unsignedDocument(), OfdStamper.Placement.at(3, 1, 1)));
  }

  @Test
  void refusesASignerNotOnTheSealsList() {
    StampRefusedException e = assertThrows(StampRefusedException.class,
        () -> OfdStamper.builder(t.seal, t.outsider).build());
    assertEquals(StampRefusedException.Reason.SIGNER_NOT_IN_CERT_LIST, e.reason());
  }

  @Test
  void writesFilesWholeOrNotAtAll() throws Exception {
    Path in = dir.resolve("in.ofd");
    Files.write(in, TestOfd.unsignedDocument());
    Path out = dir.resolve("out.ofd");
    stamper().stamp(in, out, OfdStamper.Placement.at(1, 10, 10));
    assertTrue(verifier.verify(out).isValid());
    Path bad = dir.resolve("bad.ofd");
    Files.write(bad, "not a zip".getBytes());
    assertThrows(UKeyException.class, () -> stamper().stamp(bad, dir.resolve("never.ofd"),
        OfdStamper.Placement.at(1, 10, 10)));
    assertFalse(Files.exists(dir.resolve("never.ofd")));
    try (var listing = Files.list(dir)) {
      assertEquals(0, listing.filter(p -> p.toString().endsWith(".tmp")).count());
    }
  }

  static byte[] sm3(byte[] data) {
    SM3Digest d = new SM3Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static boolean sm2Verifies(byte[] certDer, byte[] data, byte[] signature)
      throws Exception {
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509",
        new BouncyCastleProvider()).generateCertificate(new ByteArrayInputStream(certDer));
    ECPublicKeyParameters key = (ECPublicKeyParameters) PublicKeyFactory.createKey(
        SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()));
    SM2Signer s = new SM2Signer();
    s.init(false, key);
    s.update(data, 0, data.length);
    return s.verifySignature(signature);
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
