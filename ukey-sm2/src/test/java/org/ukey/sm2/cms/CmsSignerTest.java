package org.ukey.sm2.cms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;
import org.ukey.sm2.pki.Certificates;

class CmsSignerTest {
  static final byte[] CONTENT = "国库集中支付凭证 No. 2026-0042, 100.00 CNY"
      .getBytes(StandardCharsets.UTF_8);
  static final Instant SIGNED_AT = Instant.parse("2026-11-22T08:30:00Z");

  @TempDir
  static Path dir;

  static TestIdentity sm2Ca;
  static TestIdentity sm2User;
  static TestIdentity rsaCa;
  static TestIdentity rsaUser;
  static TestIdentity ecCa;
  static TestIdentity ecUser;

  @BeforeAll
  static void pki() throws Exception {
    sm2Ca = TestIdentity.rootCa("CN=SM2 CA,O=Finance,C=CN", KeySpec.sm2());
    sm2User = sm2Ca.issue("CN=SM2 Signer,O=Finance,C=CN", KeySpec.sm2());
    rsaCa = TestIdentity.rootCa("CN=RSA CA", KeySpec.rsa(2048));
    rsaUser = rsaCa.issue("CN=RSA Signer", KeySpec.rsa(2048));
    ecCa = TestIdentity.rootCa("CN=EC CA", KeySpec.ecP256());
    ecUser = ecCa.issue("CN=EC Signer", KeySpec.ecP256());
  }

  @Test
  void writesGmt0010OidsVersionOneAndSignedAttributesForSm2() throws Exception {
    byte[] p7 = CmsSigner.builder(sm2User.signer()).signingTime(SIGNED_AT).build().sign(CONTENT);
    ContentInfo ci = ContentInfo.getInstance(p7);
    assertEquals("1.2.156.10197.6.1.4.2.2", ci.getContentType().getId());
    SignedData sd = SignedData.getInstance(ci.getContent());
    assertEquals(1, sd.getVersion().intValueExact());
    assertEquals("1.2.156.10197.6.1.4.2.1", sd.getEncapContentInfo().getContentType().getId());
    SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
    assertEquals("1.2.156.10197.1.401", si.getDigestAlgorithm().getAlgorithm().getId());
    assertEquals("1.2.156.10197.1.501", si.getDigestEncryptionAlgorithm().getAlgorithm().getId());
    assertEquals(3, si.getAuthenticatedAttributes().size());
    VerifiedSignedData v = CmsVerifier.builder().build().verify(p7);
    assertArrayEquals(CONTENT, v.content().orElseThrow());
    assertEquals(CmsProfile.GM_T_0010, v.profile());
    assertEquals(SIGNED_AT, v.signers().get(0).signingTime().orElseThrow());
    assertEquals(sm2User.certificate, v.signers().get(0).certificate());
  }

  @Test
  void signsDetachedFromAStream() throws Exception {
    CmsSigner cms = CmsSigner.builder(sm2User.signer()).detached().signingTime(SIGNED_AT)
        .build();
    byte[] p7 = cms.sign(new ByteArrayInputStream(CONTENT));
    VerifiedSignedData v = CmsVerifier.builder().build().verify(p7,
        new ByteArrayInputStream(CONTENT));
    assertFalse(v.content().isPresent());
    CmsVerifier.builder().build().verify(cms.sign(CONTENT), CONTENT);
  }

  @Test
  void signsWithoutSignedAttributesWhenAsked() throws Exception {
    byte[] p7 = CmsSigner.builder(sm2User.signer()).withoutSignedAttributes().build()
        .sign(CONTENT);
    SignedData sd = SignedData.getInstance(ContentInfo.getInstance(p7).getContent());
    assertEquals(null, SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0))
        .getAuthenticatedAttributes());
    VerifiedSignedData v = CmsVerifier.builder().build().verify(p7);
    assertTrue(v.signers().get(0).signingTime().isEmpty());
  }

  @Test
  void opensslVerifiesOurRsaAndEcdsaSignedDataAttachedAndDetached() throws Exception {
    Path content = Files.write(dir.resolve("content.bin"), CONTENT);
    for (TestIdentity[] pair : new TestIdentity[][] {{rsaCa, rsaUser}, {ecCa, ecUser}}) {
      Path ca = Files.writeString(dir.resolve("ca.pem"), Certificates.toPem(pair[0].certificate));
      byte[] attached = CmsSigner.builder(pair[1].signer()).build().sign(CONTENT);
      Path a = Files.write(dir.resolve("attached.p7"), attached);
      byte[] out = OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in",
          a.toString(), "-CAfile", ca.toString(), "-purpose", "any", "-no_check_time");
      assertArrayEquals(CONTENT, out);
      byte[] detached = CmsSigner.builder(pair[1].signer()).detached().build().sign(CONTENT);
      Path d = Files.write(dir.resolve("detached.p7"), detached);
      OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", d.toString(),
          "-content", content.toString(), "-CAfile", ca.toString(), "-purpose", "any",
          "-no_check_time", "-out", dir.resolve("out.bin").toString());
    }
  }

  /**
   * OpenSSL 3.0's cms verifies SM2 SignerInfos with an empty user ID, not GM/T 0009's default
   * (checked: default-ID SignedData fails there), and it has no -vfyopt to verify the SM2
   * certificate chain with the default ID, hence -noverify; the chain is checked by
   * CertificatesTest with openssl verify.
   */
  @Test
  void opensslVerifiesOurSm2SignedDataMadeWithItsEmptyUserId() throws Exception {
    Signer emptyId = SoftSigners.create(sm2User.keys.getPrivate(), sm2User.keys.getPublic(),
        sm2User.certificate, SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(new byte[0]));
    byte[] p7 = CmsSigner.builder(emptyId).profile(CmsProfile.RFC_5652).build().sign(CONTENT);
    Path f = Files.write(dir.resolve("sm2.p7"), p7);
    Path ca = Files.writeString(dir.resolve("sm2ca.pem"), Certificates.toPem(sm2Ca.certificate));
    assertArrayEquals(CONTENT, OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER",
        "-in", f.toString(), "-CAfile", ca.toString(), "-noverify"));
    CmsVerifier.builder().sm2UserId(new byte[0]).build().verify(p7);
    assertThrows(org.ukey.api.SignatureVerificationException.class,
        () -> CmsVerifier.builder().build().verify(p7));
  }

  @Test
  void opensslVerifiesOurRsaPssSignedData() throws Exception {
    Signer pss = SoftSigners.create(rsaUser.keys.getPrivate(), rsaUser.keys.getPublic(),
        rsaUser.certificate, SignatureAlgorithm.SHA256_WITH_RSA_PSS);
    byte[] p7 = CmsSigner.builder(pss).build().sign(CONTENT);
    assertEquals(SignatureAlgorithm.SHA256_WITH_RSA_PSS,
        CmsVerifier.builder().build().verify(p7).signers().get(0).algorithm());
    Path f = Files.write(dir.resolve("pss.p7"), p7);
    Path ca = Files.writeString(dir.resolve("rsaca.pem"), Certificates.toPem(rsaCa.certificate));
    assertArrayEquals(CONTENT, OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER",
        "-in", f.toString(), "-CAfile", ca.toString(), "-purpose", "any", "-no_check_time"));
  }

  @Test
  void opensslRejectsOurSignedDataOverOtherContent() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca2.pem"), Certificates.toPem(rsaCa.certificate));
    byte[] detached = CmsSigner.builder(rsaUser.signer()).detached().build().sign(CONTENT);
    Path d = Files.write(dir.resolve("detached2.p7"), detached);
    Path other = Files.write(dir.resolve("other.bin"), "other".getBytes());
    OpenSsl.Result r = OpenSsl.tryRun(dir, null, "cms", "-verify", "-binary", "-inform", "DER",
        "-in", d.toString(), "-content", other.toString(), "-CAfile", ca.toString(),
        "-purpose", "any", "-no_check_time");
    assertTrue(r.exit != 0, "OpenSSL must reject: " + r.stderr());
  }

  @Test
  void refusesASignerWithoutCertificateAndStreamingAttached() throws Exception {
    Signer bare = SoftSigners.create(sm2User.keys.getPrivate(), sm2User.keys.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    assertThrows(IllegalStateException.class, () -> CmsSigner.builder(bare).build());
    CmsSigner attached = CmsSigner.builder(sm2User.signer()).build();
    assertThrows(IllegalStateException.class,
        () -> attached.sign(new ByteArrayInputStream(CONTENT)));
  }
}
