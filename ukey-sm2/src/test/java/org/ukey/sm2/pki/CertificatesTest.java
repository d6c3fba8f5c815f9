package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;

class CertificatesTest {
  @TempDir
  static Path dir;

  private static TestIdentity root;
  private static TestIdentity user;

  @BeforeAll
  static void pki() throws Exception {
    root = TestIdentity.rootCa("CN=Test SM2 Root,O=UKey SDK,C=CN", KeySpec.sm2());
    user = root.issue("CN=Zhang San,O=Finance,C=CN", KeySpec.sm2());
  }

  @Test
  void namesAndValidityAreReadOncePerCertificateAndAgreeWithTheCertificate() throws Exception {
    X509Certificate c = user.certificate;
    assertEquals("CN=Zhang San,O=Finance,C=CN", Certificates.subjectName(c));
    assertEquals("CN=Test SM2 Root,O=UKey SDK,C=CN", Certificates.issuerName(c));
    assertEquals(DistinguishedNames.format(c.getSubjectX500Principal()),
        Certificates.subjectName(c));
    org.junit.jupiter.api.Assertions.assertSame(Certificates.subjectName(c),
        Certificates.subjectName(c), "formatted once, then remembered");
    assertEquals(c.getNotBefore().toInstant(), Certificates.validity(c).notBefore());
    assertEquals(c.getNotAfter().toInstant(), Certificates.validity(c).notAfter());
    // Another object with the same bytes gets the same answers.
    X509Certificate copy = Certificates.parse(c.getEncoded());
    assertEquals(Certificates.subjectName(c), Certificates.subjectName(copy));
    assertEquals(Certificates.validity(c), Certificates.validity(copy));
  }

  @Test
  void parsesAndVerifiesAnSm2CertificateMadeByOpenssl() throws Exception {
    Path key = dir.resolve("ossl.key");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    byte[] pem = OpenSsl.run(dir, "req", "-x509", "-new", "-key", key.toString(), "-sm3",
        "-sigopt", "distid:1234567812345678", "-subj", "/CN=OpenSSL SM2/O=Peer", "-days", "30");
    X509Certificate c = Certificates.parse(pem);
    assertEquals(SignatureAlgorithm.SM3_WITH_SM2, Certificates.signatureAlgorithm(c));
    assertEquals(KeySpec.sm2(), SoftKeys.specOf(c.getPublicKey()));
    Certificates.verifySignature(c, c.getPublicKey());
    byte[] der = OpenSsl.run(dir, "x509", "-in", write("ossl.pem", pem).toString(), "-outform",
        "DER");
    assertEquals(c, Certificates.parse(der));
  }

  @Test
  void everyBitFlipOfThePublicKeyIsAnInvalidEncodingOrAnotherKeyNeverACrash() throws Exception {
    byte[] der = user.certificate.getEncoded();
    byte[] point = user.certificate.getPublicKey().getEncoded();
    // The 65-byte uncompressed point is the tail of the SubjectPublicKeyInfo.
    byte[] tail = Arrays.copyOfRange(point, point.length - 65, point.length);
    int at = -1;
    for (int i = 0; i + tail.length <= der.length && at < 0; i++) {
      if (Arrays.equals(Arrays.copyOfRange(der, i, i + tail.length), tail)) {
        at = i;
      }
    }
    assertTrue(at > 0);
    for (int i = at; i < at + tail.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = der.clone();
        bad[i] ^= (byte) (1 << bit);
        try {
          X509Certificate c = Certificates.parse(bad);
          assertNotNull(c.getPublicKey(), "a parsed certificate always has its key");
        } catch (InvalidEncodingException expected) {
          // a point off the curve, or no longer a point
        }
      }
    }
  }

  @Test
  void opensslVerifiesOurSm2ChainWithTheDefaultId() throws Exception {
    Path ca = write("root.pem", Certificates.toPem(root.certificate).getBytes());
    Path ee = write("user.pem", Certificates.toPem(user.certificate).getBytes());
    byte[] out = OpenSsl.run(dir, "verify", "-no_check_time", "-vfyopt",
        "distid:1234567812345678", "-CAfile", ca.toString(), ee.toString());
    assertTrue(new String(out, StandardCharsets.US_ASCII).contains(": OK"));
  }

  @Test
  void opensslRejectsOurChainWithAnotherId() {
    Path ca = dir.resolve("root.pem");
    Path ee = dir.resolve("user.pem");
    try {
      Files.writeString(ca, Certificates.toPem(root.certificate));
      Files.writeString(ee, Certificates.toPem(user.certificate));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    OpenSsl.Result r = OpenSsl.tryRun(dir, null, "verify", "-no_check_time", "-vfyopt",
        "distid:ALICE123@YAHOO.COM", "-CAfile", ca.toString(), ee.toString());
    assertTrue(r.exit != 0, "openssl must reject: " + r.stdout());
  }

  @Test
  void readsAnSpkiWhoseAlgorithmIsTheSm2OidAndSignatureParametersNull() throws Exception {
    KeyPair kp = SoftKeys.generate(KeySpec.sm2());
    SubjectPublicKeyInfo std = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    SubjectPublicKeyInfo odd = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(GMObjectIdentifiers.sm2p256v1), std.getPublicKeyData().getBytes());
    AlgorithmIdentifier sigAlgWithNull =
        new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3, DERNull.INSTANCE);
    byte[] der = new X509v3CertificateBuilder(new X500Name("CN=GM-T 0015-2023 form"),
        BigInteger.TEN, Date.from(TestIdentity.FROM), Date.from(TestIdentity.TO),
        new X500Name("CN=GM-T 0015-2023 form"), odd)
        .build(signerWith(kp, sigAlgWithNull)).getEncoded();
    X509Certificate c = Certificates.parse(der);
    assertNotNull(c.getPublicKey(), "public key must be readable");
    assertEquals(KeySpec.sm2(), SoftKeys.specOf(c.getPublicKey()));
    Certificates.verifySignature(c, kp.getPublic());
    c.verify(kp.getPublic());
    assertArrayEquals(der, c.getEncoded());
    assertEquals(SignatureAlgorithm.SM3_WITH_SM2, Certificates.signatureAlgorithm(c));
  }

  @Test
  void verifiesTheOfdrwCertificatesAgainstTheirRoot() throws Exception {
    Path seals = TestIdentity.sealsDirectory();
    KeyAndCertificates rootP12 = KeyFileReader.readPkcs12(
        Files.readAllBytes(seals.resolve("ofdrw-ROOT.p12")), "123456".toCharArray());
    X509Certificate ca = rootP12.certificate().orElseThrow();
    X509Certificate signCert = Certificates.parse(
        Files.readAllBytes(seals.resolve("ofdrw-sign_cert.pem")));
    Certificates.verifySignature(signCert, ca.getPublicKey());
    Certificates.verifySignature(ca, ca.getPublicKey());
  }

  @Test
  void rejectsASignatureByAnotherKey() throws Exception {
    TestIdentity other = TestIdentity.rootCa("CN=Test SM2 Root,O=UKey SDK,C=CN", KeySpec.sm2());
    assertThrows(SignatureVerificationException.class,
        () -> Certificates.verifySignature(user.certificate, other.keys.getPublic()));
  }

  @Test
  void rejectsACertificateWithATamperedTbs() throws Exception {
    byte[] der = user.certificate.getEncoded();
    byte[] serial = user.certificate.getSerialNumber().toByteArray();
    int at = indexOf(der, serial);
    der[at + serial.length - 1] ^= 1;
    X509Certificate tampered = Certificates.parse(der);
    assertThrows(SignatureVerificationException.class,
        () -> Certificates.verifySignature(tampered, root.keys.getPublic()));
  }

  @Test
  void rejectsTruncatedDer() throws Exception {
    byte[] der = user.certificate.getEncoded();
    for (int len : new int[] {0, 1, 4, 100, der.length - 1}) {
      byte[] cut = Arrays.copyOf(der, len);
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
          () -> Certificates.parse(cut), "length " + len);
      assertTrue(e.getMessage().startsWith("Certificate"), e.getMessage());
    }
  }

  @Test
  void rejectsTrailingGarbage() throws Exception {
    byte[] der = user.certificate.getEncoded();
    byte[] longer = Arrays.copyOf(der, der.length + 3);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Certificates.parse(longer));
    assertEquals(der.length, e.offset());
  }

  @Test
  void rejectsNonMinimalLengthEncoding() throws Exception {
    byte[] der = user.certificate.getEncoded();
    // Re-encode the outer length 82 hi lo as 83 00 hi lo: same value, not DER.
    assertEquals((byte) 0x82, der[1]);
    byte[] bad = new byte[der.length + 1];
    bad[0] = 0x30;
    bad[1] = (byte) 0x83;
    bad[2] = 0;
    System.arraycopy(der, 2, bad, 3, der.length - 2);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Certificates.parse(bad));
    assertTrue(e.getMessage().contains("not DER"), e.getMessage());
  }

  @Test
  void readsEveryCertificateOfAPemBundleAndSkipsOtherText() throws Exception {
    String bundle = "subject=CN = something\n" + Certificates.toPem(user.certificate)
        + "\n# comment\n" + Certificates.toPem(root.certificate);
    var all = Certificates.parseAll(bundle.getBytes(StandardCharsets.US_ASCII));
    assertEquals(2, all.size());
    assertEquals(user.certificate, all.get(0));
    assertEquals(root.certificate, all.get(1));
    assertThrows(InvalidEncodingException.class,
        () -> Certificates.parse(bundle.getBytes(StandardCharsets.US_ASCII)));
    String broken = Certificates.toPem(user.certificate).replace("-----END CERTIFICATE-----", "");
    assertThrows(InvalidEncodingException.class,
        () -> Certificates.parse(broken.getBytes(StandardCharsets.US_ASCII)));
  }

  private static ContentSigner signerWith(KeyPair kp, AlgorithmIdentifier id) throws Exception {
    org.ukey.api.Signer s = SoftSigners.create(kp.getPrivate(), kp.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return id;
      }

      @Override
      public java.io.OutputStream getOutputStream() {
        return buf;
      }

      @Override
      public byte[] getSignature() {
        try {
          byte[] sig = s.sign(buf.toByteArray());
          SoftVerifiers.verify(kp.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, buf.toByteArray(),
              sig);
          return sig;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private static Path write(String name, byte[] data) throws java.io.IOException {
    return Files.write(dir.resolve(name), data);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
