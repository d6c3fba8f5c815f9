package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.VerificationReport.Outcome;

/**
 * Every file of testdata/interop/seals judged exactly as its README says. All end-entity
 * certificates there have expired, so seals are judged at an injected time inside their
 * validity and signatures at their own signing time.
 */
class InteropSealTest {
  private static final Clock IN_2021 = Clock.fixed(Instant.parse("2021-06-01T00:00:00Z"),
      ZoneOffset.UTC);

  private static SealVerifier ofdrwVerifier() throws Exception {
    return SealVerifier.builder().trustAnchors(List.of(InteropVectors.ofdrwRoot()))
        .clock(IN_2021).build();
  }

  @Test
  void ofdrwV1SealVerifiesAsGmt0031() throws Exception {
    byte[] esl = InteropVectors.file("ofdrw-UserV1.esl");
    SESeal seal = SESeal.parse(esl);
    assertEquals(SealFormat.GMT_0031_2014, seal.format());
    assertEquals(1, seal.sealInfo().header().version());
    assertEquals("OFDR&WTest", seal.sealInfo().header().vendorId());
    assertEquals(1, seal.sealInfo().property().certList().certificates().size());
    assertArrayEquals(InteropVectors.certificate("ofdrw-USER.p12", "777777").getEncoded(),
        seal.sealInfo().property().certList().certificates().get(0));
    VerificationReport report = ofdrwVerifier().verifySeal(esl);
    assertTrue(report.isFullyVerified(), report::describe);
  }

  @Test
  void ofdrwV4SealVerifiesAsGbt38540() throws Exception {
    byte[] esl = InteropVectors.file("ofdrw-UserV4.esl");
    SESeal seal = SESeal.parse(esl);
    assertEquals(SealFormat.GBT_38540_2020, seal.format());
    assertEquals(SESCertList.TYPE_CERTIFICATES, seal.sealInfo().property().certList().listType());
    assertEquals("PNG", seal.sealInfo().picture().type());
    assertEquals(40, seal.sealInfo().picture().widthMm());
    VerificationReport report = ofdrwVerifier().verifySeal(esl);
    assertTrue(report.isFullyVerified(), report::describe);
  }

  @Test
  void ofdrwV5SealIsRecognisedByStructureAndVerifies() throws Exception {
    byte[] esl = InteropVectors.file("ofdrw-UserV5.esl");
    assertEquals(SealFormat.OFDRW_V5, SESeal.parse(esl).format());
    SealVerifier v = SealVerifier.builder()
        .clock(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC)).build();
    VerificationReport report = v.verifySeal(esl);
    assertEquals(Outcome.PASS, report.outcome(CheckId.SEAL_MAKER_SIGNATURE), report::describe);
  }

  @Test
  void ofdrwV4SignatureVerifiesAtItsSigningTime() throws Exception {
    byte[] sv = InteropVectors.file("ofdrw-SignedValueV4.dat");
    // The ofdrw test vector's dataHash is 32 zero bytes.
    VerificationReport report = ofdrwVerifier().verifyHash(sv, new byte[32]);
    assertTrue(report.isFullyVerified() || onlyRevocationUnchecked(report), report::describe);
    assertTrue(report.isValid(), report::describe);
    assertEquals(Instant.parse("2020-10-12T11:14:03Z"), report.signingTime().orElseThrow());
    assertEquals(Outcome.PASS, report.outcome(CheckId.SIGNER_CERTIFICATE_CHAIN));
  }

  @Test
  void ofdrwV4SignatureWithAnotherDocumentFailsOnlyTheHash() throws Exception {
    byte[] sv = InteropVectors.file("ofdrw-SignedValueV4.dat");
    byte[] other = new byte[32];
    other[0] = 1;
    VerificationReport report = ofdrwVerifier().verifyHash(sv, other);
    assertFalse(report.isValid());
    assertEquals(List.of(CheckId.DOCUMENT_HASH),
        report.failures().stream().map(VerificationReport.Check::id).toList());
  }

  @Test
  void thirdPartyV4SealsInsideTaxInvoicesVerify() throws Exception {
    for (String ofd : List.of("gomain-taxtest-v4-v4signed.ofd",
        "gomain-tax-jiangsu-v4-signedFile.ofd", "antchain-tax-zhejiang-v4-SignScaleError.ofd")) {
      byte[] sv = InteropVectors.ofdEntry(ofd, "Doc_0/Signs/Sign_0/SignedValue.dat");
      byte[] signatureXml = InteropVectors.ofdEntry(ofd, "Doc_0/Signs/Sign_0/Signature.xml");
      VerificationReport report = SealVerifier.builder().build()
          .verify(sv, new java.io.ByteArrayInputStream(signatureXml));
      assertTrue(report.isValid(), () -> ofd + "\n" + report.describe());
      for (CheckId id : List.of(CheckId.SIGNER_SIGNATURE, CheckId.DOCUMENT_HASH,
          CheckId.SEAL_MAKER_SIGNATURE, CheckId.SEAL_VALIDITY, CheckId.SIGNER_IN_CERT_LIST,
          CheckId.SIGNER_CERTIFICATE_VALIDITY)) {
        assertEquals(Outcome.PASS, report.outcome(id), () -> ofd + " " + id);
      }
      assertEquals(Outcome.NOT_CHECKED, report.outcome(CheckId.SIGNER_CERTIFICATE_CHAIN),
          "no anchors were given, so the chain is not claimed");
    }
  }

  @Test
  void rawRsSignatureAndTaggedTbsExtDatasDialectsParseAndVerify() throws Exception {
    String ofd = "tongzhiweiye-v4-keyword.ofd";
    byte[] sv = InteropVectors.ofdEntry(ofd, "Doc_0/Signs/Sign_1/SignedValue.dat");
    SESSignature sig = SESSignature.parse(sv);
    assertEquals(64, sig.signatureValue().length, "raw r||s");
    assertEquals(1, sig.toSign().extDatas().size(), "[0] explicit extDatas in TBS_Sign");
    assertEquals("1.3.6.1.5.5.7.1.4", sig.toSign().extDatas().get(0).oid());
    assertTrue(sig.toSign().extDatas().get(0).critical());
    byte[] signatureXml = InteropVectors.ofdEntry(ofd, "Doc_0/Signs/Sign_1/Signature.xml");
    VerificationReport report = SealVerifier.builder().build()
        .verify(sv, new java.io.ByteArrayInputStream(signatureXml));
    assertTrue(report.isValid(), report::describe);
    // The seal inside and the Seal.esl beside it are the same bytes.
    assertArrayEquals(InteropVectors.ofdEntry(ofd, "Doc_0/Signs/Sign_1/Seal.esl"),
        sig.seal().encoded());
  }

  @Test
  void hebeigedeSealParsesButItsMakerSignatureFails() throws Exception {
    byte[] der = InteropVectors.file("hebeigede-v4-SESealData.der");
    SESeal seal = SESeal.parse(der);
    assertEquals("esID130600", seal.sealInfo().esId());
    assertEquals("GIF", seal.sealInfo().picture().type());
    assertEquals(2, seal.sealInfo().property().certList().entries().size());
    assertEquals(List.of("1.2.156.112600.7.1", "1.2.156.112600.7.2", "1.2.156.112600.7.3"),
        seal.sealInfo().extDatas().stream().map(ExtData::oid).toList());
    assertTrue(seal.sealInfo().extDatas().get(1).critical());
    VerificationReport report = SealVerifier.builder()
        .clock(Clock.fixed(Instant.parse("2021-01-01T00:00:00Z"), ZoneOffset.UTC)).build()
        .verifySeal(der);
    assertEquals(Outcome.FAIL, report.outcome(CheckId.SEAL_MAKER_SIGNATURE), report::describe);
    assertFalse(report.isValid());
  }

  @Test
  void dms360V1SealWithIa5StringCertListVerifies() throws Exception {
    byte[] esl = InteropVectors.ofdEntry("dms360-v1-n.ofd", "Doc_0/Signs/Sign_0/Seal.esl");
    SESeal seal = SESeal.parse(esl);
    assertEquals(SealFormat.GMT_0031_2014, seal.format());
    assertEquals(SESCertList.Entry.Kind.OTHER,
        seal.sealInfo().property().certList().entries().get(0).kind(), "IA5String \"1\"");
    SealVerifier v = SealVerifier.builder()
        .clock(Clock.fixed(seal.sealInfo().property().validStart(), ZoneOffset.UTC)).build();
    VerificationReport report = v.verifySeal(esl);
    assertEquals(Outcome.PASS, report.outcome(CheckId.SEAL_MAKER_SIGNATURE), report::describe);
    assertTrue(report.isValid(), report::describe);
    // The v1 signature's timeInfo is ASCII ISO-8601 text inside the BIT STRING.
    SESSignature sig = SESSignature.parse(
        InteropVectors.ofdEntry("dms360-v1-n.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat"));
    assertEquals(Instant.parse("2020-01-25T07:31:56.377Z"),
        sig.toSign().signingTime().orElseThrow());
  }

  private static boolean onlyRevocationUnchecked(VerificationReport r) {
    return r.checks().stream().filter(c -> c.outcome() != Outcome.PASS)
        .allMatch(c -> c.id() == CheckId.SIGNER_CERTIFICATE_REVOCATION
            || c.id() == CheckId.TIMESTAMP);
  }
}
