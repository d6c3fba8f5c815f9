package org.ukey.sm2.cms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ukey.sm2.cms.CmsSignerTest.CONTENT;
import static org.ukey.sm2.cms.CmsSignerTest.SIGNED_AT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;
import org.ukey.sm2.pki.CertificatePathException;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.ChainValidator;

class CmsVerifierTest {
  @TempDir
  static Path dir;

  private static TestIdentity ca;
  private static TestIdentity user;
  private static TestIdentity expiring;

  @BeforeAll
  static void pki() throws Exception {
    ca = TestIdentity.rootCa("CN=CMS CA,O=Finance,C=CN", KeySpec.sm2());
    user = ca.issue("CN=CMS Signer,O=Finance,C=CN", KeySpec.sm2());
    expiring = ca.issue("CN=Short-lived Signer", KeySpec.sm2(), TestIdentity.FROM,
        Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void verifiesOpensslRsaAndEcdsaSignedDataAttachedAndDetached() throws Exception {
    Path content = Files.write(dir.resolve("c.bin"), CONTENT);
    for (KeySpec spec : new KeySpec[] {KeySpec.rsa(2048), KeySpec.ecP256()}) {
      TestIdentity root = TestIdentity.rootCa("CN=Peer CA " + spec, spec);
      TestIdentity signer = root.issue("CN=Peer " + spec, spec);
      Path cert = Files.writeString(dir.resolve("s.pem"),
          Certificates.toPem(signer.certificate));
      Path key = Files.write(dir.resolve("s.key"), ("-----BEGIN PRIVATE KEY-----\n"
          + java.util.Base64.getMimeEncoder().encodeToString(signer.keys.getPrivate()
              .getEncoded()) + "\n-----END PRIVATE KEY-----\n").getBytes());
      byte[] attached = OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-md",
          "sha256", "-in", content.toString(), "-signer", cert.toString(), "-inkey",
          key.toString(), "-outform", "DER");
      ChainValidator trust = ChainValidator.builder().trustAnchors(List.of(root.certificate))
          .build();
      VerifiedSignedData v = CmsVerifier.builder().chainValidator(trust).build()
          .verify(attached);
      assertArrayEquals(CONTENT, v.content().orElseThrow());
      assertEquals(CmsProfile.RFC_5652, v.profile());
      assertEquals(signer.certificate, v.signers().get(0).certificate());
      byte[] detached = OpenSsl.run(dir, "cms", "-sign", "-binary", "-md", "sha256", "-in",
          content.toString(), "-signer", cert.toString(), "-inkey", key.toString(),
          "-outform", "DER");
      CmsVerifier.builder().build().verify(detached, CONTENT);
      assertThrows(SignatureVerificationException.class,
          () -> CmsVerifier.builder().build().verify(detached, "tampered".getBytes()));
    }
  }

  @Test
  void rejectsATamperedAttachedContent() throws Exception {
    byte[] p7 = CmsSigner.builder(user.signer()).build().sign(CONTENT);
    int at = indexOf(p7, "No. 2026".getBytes(StandardCharsets.US_ASCII));
    p7[at] = 'X';
    SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(p7));
    assertEquals(true, e.getMessage().contains("messageDigest"), e.getMessage());
  }

  @Test
  void rejectsATamperedSignatureAndSigningTime() throws Exception {
    byte[] p7 = CmsSigner.builder(user.signer()).signingTime(SIGNED_AT).build().sign(CONTENT);
    byte[] badSig = p7.clone();
    badSig[badSig.length - 3] ^= 1;
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(badSig));
    byte[] badTime = p7.clone();
    int at = indexOf(badTime, "261122083000Z".getBytes(StandardCharsets.US_ASCII));
    badTime[at + 5] = '3';
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(badTime));
  }

  @Test
  void rejectsASignatureMadeWithAnotherSm2UserId() throws Exception {
    Signer alice = SoftSigners.create(user.keys.getPrivate(), user.keys.getPublic(),
        user.certificate, SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(
            "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)));
    byte[] p7 = CmsSigner.builder(alice).build().sign(CONTENT);
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(p7));
  }

  @Test
  void rejectsDetachedSignatureOverOtherContentOrWithoutContent() throws Exception {
    byte[] p7 = CmsSigner.builder(user.signer()).detached().build().sign(CONTENT);
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(p7, "other".getBytes()));
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(p7));
    byte[] noAttrs = CmsSigner.builder(user.signer()).detached().withoutSignedAttributes()
        .build().sign(CONTENT);
    CmsVerifier.builder().build().verify(noAttrs, new java.io.ByteArrayInputStream(CONTENT));
    assertThrows(SignatureVerificationException.class, () -> CmsVerifier.builder().build()
        .verify(noAttrs, new java.io.ByteArrayInputStream("other".getBytes())));
  }

  @Test
  void rejectsTruncatedSignedDataAndTrailingGarbage() throws Exception {
    byte[] p7 = CmsSigner.builder(user.signer()).build().sign(CONTENT);
    for (int len : new int[] {0, 1, 10, p7.length / 2, p7.length - 1}) {
      assertThrows(InvalidEncodingException.class,
          () -> CmsVerifier.builder().build().verify(Arrays.copyOf(p7, len)), "length " + len);
    }
    assertThrows(InvalidEncodingException.class,
        () -> CmsVerifier.builder().build().verify(Arrays.copyOf(p7, p7.length + 2)));
  }

  @Test
  void validatesTheSignerChainNowOrAtTheSigningTime() throws Exception {
    Clock later = Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC);
    ChainValidator trust = ChainValidator.builder().trustAnchors(List.of(ca.certificate))
        .clock(later).build();
    byte[] p7 = CmsSigner.builder(expiring.signer()).signingTime(SIGNED_AT).build()
        .sign(CONTENT);
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> CmsVerifier.builder().chainValidator(trust).clock(later).build().verify(p7));
    assertEquals(CertificatePathException.Problem.EXPIRED, e.problem());
    VerifiedSignedData v = CmsVerifier.builder().chainValidator(trust).clock(later)
        .validateAtSigningTime().build().verify(p7);
    assertEquals(SIGNED_AT, v.signers().get(0).path().orElseThrow().validAt());
    ChainValidator other = ChainValidator.builder().trustAnchors(List.of(
        TestIdentity.rootCa("CN=Stranger", KeySpec.sm2()).certificate)).clock(later).build();
    assertThrows(CertificatePathException.class, () -> CmsVerifier.builder()
        .chainValidator(other).clock(later).validateAtSigningTime().build().verify(p7));
  }

  @Test
  void verifiesRfc5652ProfileSm2SignedData() throws Exception {
    byte[] p7 = CmsSigner.builder(user.signer()).profile(CmsProfile.RFC_5652).build()
        .sign(CONTENT);
    VerifiedSignedData v = CmsVerifier.builder().build().verify(p7);
    assertEquals("1.2.840.113549.1.7.1", v.contentType());
    X509Certificate c = v.signers().get(0).certificate();
    assertEquals(user.certificate, c);
  }

  /**
   * A real GB/T 35275 SignedData: Sign_3 of tongzhiweiye-v4-keyword.ofd (testdata/interop/seals),
   * made by the Shandong government seal system: GM OIDs, SM3 digest with NULL parameters, no
   * signed attributes, a raw 64-byte r ‖ s signature, and SM3(Signature.xml) as the content.
   */
  @Test
  void verifiesTheGovernmentSealSystemsGbt35275SignedData() throws Exception {
    byte[] p7;
    byte[] signatureXml;
    try (java.util.zip.ZipFile ofd = new java.util.zip.ZipFile(TestIdentity.sealsDirectory()
        .resolve("tongzhiweiye-v4-keyword.ofd").toFile())) {
      p7 = ofd.getInputStream(ofd.getEntry("Doc_0/Signs/Sign_3/SignedValue.dat")).readAllBytes();
      signatureXml = ofd.getInputStream(ofd.getEntry("Doc_0/Signs/Sign_3/Signature.xml"))
          .readAllBytes();
    }
    VerifiedSignedData v = CmsVerifier.builder().build().verify(p7);
    assertEquals(CmsProfile.GM_T_0010, v.profile());
    assertArrayEquals(org.ukey.sm2.Sm3.digest(signatureXml), v.content().orElseThrow());
    assertEquals(true, v.signers().get(0).certificate().getSubjectX500Principal().getName()
        .contains("淄博市周村区自然资源局"));
    byte[] altered = p7.clone();
    altered[70] ^= 1; // inside the 32-byte content
    assertThrows(SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(altered));
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
