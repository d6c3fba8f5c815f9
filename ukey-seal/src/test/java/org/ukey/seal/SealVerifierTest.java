package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.Signer;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.VerificationReport.Outcome;
import org.ukey.seal.internal.ByteKey;
import org.ukey.sm2.Sm3;

class SealVerifierTest {
  private static final byte[] DOC = "财政直接支付凭证 No.0001 金额 100.00".getBytes(StandardCharsets.UTF_8);
  private static SealFixtures f;
  private static SESeal seal;
  private static SESSignature good;

  @BeforeAll
  static void setUp() throws Exception {
    f = new SealFixtures();
    // A tiny picture keeps the signed region small enough to flip every bit of it.
    seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
    good = Stamper.builder(seal, f.signer)
        .clock(Clock.fixed(SealFixtures.IN_VALIDITY, ZoneOffset.UTC)).build()
        .stamp(new ByteArrayInputStream(DOC), "doc");
  }

  private static SealVerifier verifier() {
    return SealVerifier.builder().trustAnchors(List.of(f.root)).build();
  }

  /** A signature made without the Stamper's checks, to test the verifier's. */
  private static byte[] forge(SESeal s, Signer signer, X509Certificate cert, Instant time,
      byte[] hash) throws Exception {
    byte[] tbs = SealCodec.sequence(SealEncoder.integer(4), s.encoded(),
        SealEncoder.generalizedTime(time), SealEncoder.bits(hash), SealEncoder.ia5("doc"));
    return SealCodec.sequence(tbs, SealEncoder.octets(cert.getEncoded()),
        SealEncoder.oid(signer.algorithm().oid()), SealEncoder.bits(signer.sign(tbs)));
  }

  @Test
  void acceptsTheGoodSignature() throws Exception {
    VerificationReport r = verifier().verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertTrue(r.isValid(), r::describe);
    r.requireValid();
  }

  @Test
  void everySingleBitFlipInTheSignedRegionsFails() throws Exception {
    byte[] enc = good.encoded();
    byte[] tbs = good.toSign().encoded();
    int tbsStart = indexOf(enc, tbs);
    byte[] info = seal.sealInfo().encoded();
    int infoStart = indexOf(enc, info);
    // Without trust anchors: the chain is not what this test is about, and it keeps 12,000
    // verifications quick.
    SealVerifier v = SealVerifier.builder().build();
    byte[] hash = Sm3.digest(DOC);
    int flips = 0;
    for (int i = tbsStart; i < tbsStart + tbs.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = enc.clone();
        bad[i] ^= (byte) (1 << bit);
        VerificationReport r = v.verifyHash(bad, hash);
        int at = i;
        assertFalse(r.isValid(), () -> "flip at " + at + " accepted:\n" + r.describe());
        if (r.outcome(CheckId.FORMAT) == Outcome.PASS) {
          assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_SIGNATURE),
              () -> "flip at " + at + " in TBS_Sign:\n" + r.describe());
          if (i >= infoStart && i < infoStart + info.length) {
            assertEquals(Outcome.FAIL, r.outcome(CheckId.SEAL_MAKER_SIGNATURE),
                () -> "flip at " + at + " in SES_SealInfo:\n" + r.describe());
          }
        } else {
          assertEquals(Outcome.FAIL, r.outcome(CheckId.FORMAT));
        }
        flips++;
      }
    }
    assertEquals(tbs.length * 8, flips);
  }

  @Test
  void everyBitFlipOfTheSignatureValueFails() throws Exception {
    byte[] enc = good.encoded();
    byte[] value = good.signatureValue();
    int start = indexOf(enc, value);
    for (int i = start; i < start + value.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = enc.clone();
        bad[i] ^= (byte) (1 << bit);
        VerificationReport r = SealVerifier.builder().build().verifyHash(bad, Sm3.digest(DOC));
        assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_SIGNATURE));
      }
    }
  }

  @Test
  void failsTheCertListCheckForASignerOutsideTheList() throws Exception {
    byte[] sig = forge(seal, f.outsider, f.outsiderCert, SealFixtures.IN_VALIDITY,
        Sm3.digest(DOC));
    VerificationReport r = verifier().verify(sig, new ByteArrayInputStream(DOC));
    assertEquals(Outcome.PASS, r.outcome(CheckId.SIGNER_SIGNATURE));
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_IN_CERT_LIST));
    assertFalse(r.isValid());
    SealVerificationException e = assertThrows(SealVerificationException.class, r::requireValid);
    assertTrue(e.getMessage().contains("SIGNER_IN_CERT_LIST"), e.getMessage());
  }

  @Test
  void failsTheSealValidityCheckWhenSignedOutsideIt() throws Exception {
    SESeal shortSeal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec()
        .validity(SealFixtures.START, SealFixtures.IN_VALIDITY.minus(Duration.ofDays(1)))
        .build());
    byte[] sig = forge(shortSeal, f.signer, f.signerCert, SealFixtures.IN_VALIDITY,
        Sm3.digest(DOC));
    VerificationReport r = verifier().verify(sig, new ByteArrayInputStream(DOC));
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SEAL_VALIDITY), r::describe);
    assertEquals(List.of(CheckId.SEAL_VALIDITY), failed(r));
  }

  @Test
  void failsTheCertificateValidityCheckWhenSignedOutsideIt() throws Exception {
    Instant late = SealFixtures.END.plus(Duration.ofDays(1));
    byte[] sig = forge(seal, f.signer, f.signerCert, late, Sm3.digest(DOC));
    VerificationReport r = verifier().verify(sig, new ByteArrayInputStream(DOC));
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_CERTIFICATE_VALIDITY), r::describe);
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SEAL_VALIDITY));
    assertFalse(r.isValid());
  }

  @Test
  void failsTheDocumentHashForAnotherDocument() throws Exception {
    byte[] other = DOC.clone();
    other[other.length - 1] ^= 1;
    VerificationReport r = verifier().verify(good.encoded(), new ByteArrayInputStream(other));
    assertEquals(List.of(CheckId.DOCUMENT_HASH), failed(r));
  }

  @Test
  void revokedBeforeSigningFailsAndRevokedAfterSigningIsTolerated() throws Exception {
    // CRLs are judged current at the verifier's clock: two days after the signing.
    Clock later = Clock.fixed(SealFixtures.IN_VALIDITY.plus(Duration.ofDays(2)), ZoneOffset.UTC);
    SealVerifier before = SealVerifier.builder().trustAnchors(List.of(f.root)).clock(later)
        .crls(List.of(f.crlRevoking(f.signerCert, SealFixtures.IN_VALIDITY.minusSeconds(3600))))
        .build();
    VerificationReport r = before.verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertEquals(List.of(CheckId.SIGNER_CERTIFICATE_REVOCATION), failed(r));
    SealVerifier after = SealVerifier.builder().trustAnchors(List.of(f.root)).clock(later)
        .crls(List.of(f.crlRevoking(f.signerCert, SealFixtures.IN_VALIDITY.plusSeconds(3600))))
        .build();
    VerificationReport ok = after.verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertTrue(ok.isValid(), ok::describe);
    assertEquals(Outcome.PASS, ok.outcome(CheckId.SIGNER_CERTIFICATE_REVOCATION));
  }

  @Test
  void failsTheChainForAnUntrustedRoot() throws Exception {
    SealFixtures other = new SealFixtures();
    VerificationReport r = SealVerifier.builder().trustAnchors(List.of(other.root)).build()
        .verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_CERTIFICATE_CHAIN));
    assertEquals(Outcome.FAIL, r.outcome(CheckId.SEAL_MAKER_CERTIFICATE));
    assertFalse(r.isValid());
  }

  @Test
  void aSignerCertificateTrustedDirectlyIsNotReportedAsCheckedForRevocation() throws Exception {
    VerificationReport r = SealVerifier.builder().trustAnchors(List.of(f.signerCert, f.root))
        .build().verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertTrue(r.isValid(), r::describe);
    assertEquals(Outcome.PASS, r.outcome(CheckId.SIGNER_CERTIFICATE_CHAIN));
    VerificationReport.Check revocation =
        r.check(CheckId.SIGNER_CERTIFICATE_REVOCATION).orElseThrow();
    assertEquals(Outcome.NOT_CHECKED, revocation.outcome(), revocation::detail);
    assertTrue(revocation.detail().contains("itself a trust anchor"), revocation.detail());
  }

  @Test
  void saysOnceThatTheMakerChainIsNotCheckedWithoutTrustAnchors() throws Exception {
    VerificationReport r = SealVerifier.builder().build()
        .verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertTrue(r.isValid(), r::describe);
    VerificationReport.Check maker = r.check(CheckId.SEAL_MAKER_CERTIFICATE).orElseThrow();
    assertEquals(Outcome.NOT_CHECKED, maker.outcome());
    assertTrue(maker.detail().endsWith("; chain and revocation not checked: no trust anchors"
        + " given"), maker.detail());
    assertEquals(maker.detail().indexOf("no trust anchors"),
        maker.detail().lastIndexOf("no trust anchors"), maker.detail());
  }

  @Test
  void checksTheMakerSignatureOfASealOnceForManySignatures() throws Exception {
    SealVerifier v = verifier();
    byte[] otherDoc = "财政直接支付凭证 No.0002 金额 200.00".getBytes(StandardCharsets.UTF_8);
    SESSignature second = Stamper.builder(seal, f.signer)
        .clock(Clock.fixed(SealFixtures.IN_VALIDITY.plusSeconds(60), ZoneOffset.UTC)).build()
        .stamp(new ByteArrayInputStream(otherDoc), "doc-2");
    assertTrue(v.verify(good.encoded(), new ByteArrayInputStream(DOC)).isValid());
    assertEquals(1, v.makerSignatureChecks());
    VerificationReport again = v.verify(second.encoded(), new ByteArrayInputStream(otherDoc));
    assertTrue(again.isValid(), again::describe);
    assertEquals(Outcome.PASS, again.outcome(CheckId.SEAL_MAKER_SIGNATURE));
    assertEquals(1, v.makerSignatureChecks(), "the second signature's seal came from the cache");
    assertTrue(v.verifySeal(seal.encoded()).isValid());
    assertEquals(1, v.makerSignatureChecks());

    SESeal other = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().esId("41172900000002")
        .build());
    assertTrue(v.verifySeal(other.encoded()).isValid());
    assertEquals(2, v.makerSignatureChecks(), "another seal is checked anew");
    // The cache compares the seal's exact bytes: a one-byte change is another key.
    SESeal same = SESeal.parse(seal.encoded());
    assertEquals(SealVerifier.sealCacheKey(seal), ByteKey.view(seal.encoded()));
    assertEquals(SealVerifier.sealCacheKey(seal), SealVerifier.sealCacheKey(same));
    assertSame(SealVerifier.sealCacheKey(seal), SealVerifier.sealCacheKey(seal),
        "made once per parsed seal");
    byte[] changed = seal.encoded();
    changed[changed.length - 1] ^= 1;
    assertNotEquals(SealVerifier.sealCacheKey(seal), ByteKey.view(changed));
    assertNotEquals(SealVerifier.sealCacheKey(SESeal.parse(seal.encoded())),
        ByteKey.copyOf(changed));
  }

  @Test
  void hashesTheSharedStartOfTbsSignOncePerSignerAndSeal() throws Exception {
    SealVerifier v = verifier();
    assertTrue(v.verify(good.encoded(), new ByteArrayInputStream(DOC)).isValid());
    assertEquals(0, v.tbsPrefixesHashed(), "the first signature under a seal is hashed whole");
    assertTrue(v.verify(good.encoded(), new ByteArrayInputStream(DOC)).isValid());
    assertEquals(1, v.tbsPrefixesHashed());
    // Other documents, times and a propertyInfo of the same length: the prefix is reused.
    for (int i = 2; i <= 5; i++) {
      byte[] doc = ("财政直接支付凭证 No.000" + i).getBytes(StandardCharsets.UTF_8);
      SESSignature s = Stamper.builder(seal, f.signer).clock(Clock.fixed(
          SealFixtures.IN_VALIDITY.plusSeconds(i), ZoneOffset.UTC)).build()
          .stamp(new ByteArrayInputStream(doc), "do" + i);
      VerificationReport r = v.verify(s.encoded(), new ByteArrayInputStream(doc));
      assertTrue(r.isValid(), r::describe);
    }
    assertEquals(1, v.tbsPrefixesHashed());
    // A longer propertyInfo changes TBS_Sign's length octets: a new prefix, still correct.
    SESSignature longer = Stamper.builder(seal, f.signer).clock(Clock.fixed(
        SealFixtures.IN_VALIDITY, ZoneOffset.UTC)).build()
        .stamp(new ByteArrayInputStream(DOC), "voucher-2026-0001.ofd/Doc_0/Signs/Sign_0");
    assertTrue(v.verify(longer.encoded(), new ByteArrayInputStream(DOC)).isValid());
    assertEquals(2, v.tbsPrefixesHashed());
    // With the prefix in place, a change after the seal (timeInfo, dataHash, propertyInfo)
    // must still fail the signer's signature.
    assertTrue(v.verify(good.encoded(), new ByteArrayInputStream(DOC)).isValid());
    byte[] tbs = good.toSign().encoded();
    byte[] enc = good.encoded();
    int tbsStart = indexOf(enc, tbs);
    int sealEnd = SealVerifier.sealOffset(tbs, seal.encoded()) + seal.encoded().length;
    for (int i = tbsStart + sealEnd; i < tbsStart + tbs.length; i++) {
      byte[] bad = enc.clone();
      bad[i] ^= 0x01;
      VerificationReport r = v.verify(bad, new ByteArrayInputStream(DOC));
      assertFalse(r.isValid(), "flip at " + i);
      if (r.outcome(CheckId.FORMAT) == Outcome.PASS) {
        assertEquals(Outcome.FAIL, r.outcome(CheckId.SIGNER_SIGNATURE), "flip at " + i);
      }
    }
    // The version INTEGER is part of the prefix: a signature with another version byte is
    // hashed anew and fails.
    byte[] badVersion = enc.clone();
    badVersion[tbsStart + SealVerifier.sealOffset(tbs, seal.encoded()) - 1] ^= 0x01;
    VerificationReport r = v.verify(badVersion, new ByteArrayInputStream(DOC));
    assertFalse(r.isValid(), r::describe);
  }

  @Test
  void findsTheSealRightAfterTheVersionOfTbsSignOnly() throws Exception {
    byte[] tbs = good.toSign().encoded();
    byte[] sealBytes = seal.encoded();
    int at = SealVerifier.sealOffset(tbs, sealBytes);
    assertTrue(at > 0);
    assertArrayEquals(sealBytes, Arrays.copyOfRange(tbs, at, at + sealBytes.length));
    byte[] otherSeal = sealBytes.clone();
    otherSeal[otherSeal.length - 1] ^= 1;
    assertEquals(-1, SealVerifier.sealOffset(tbs, otherSeal));
    assertEquals(-1, SealVerifier.sealOffset(new byte[0], sealBytes));
    assertEquals(-1, SealVerifier.sealOffset(new byte[] {0x31, 0x00}, sealBytes));
    assertEquals(-1, SealVerifier.sealOffset(Arrays.copyOf(tbs, at + 10), sealBytes));
    byte[] noVersion = tbs.clone();
    noVersion[at - 3] = 0x04; // the version's tag: no longer an INTEGER
    assertEquals(-1, SealVerifier.sealOffset(noVersion, sealBytes));
  }

  @Test
  void garbageAndTruncationGiveAFormatFailureNamingWhere() throws Exception {
    byte[] enc = good.encoded();
    for (int len : new int[] {0, 1, 2, 10, enc.length / 2, enc.length - 1}) {
      VerificationReport r = verifier().verify(Arrays.copyOf(enc, len));
      assertEquals(List.of(CheckId.FORMAT), failed(r), "truncated to " + len);
      assertFalse(r.isValid());
    }
    VerificationReport g = verifier().verify("not a seal at all".getBytes());
    assertTrue(g.failures().get(0).detail().contains("SES_Signature"), g::describe);
    byte[] trailing = Arrays.copyOf(enc, enc.length + 1);
    assertTrue(verifier().verify(trailing).failures().get(0).detail().contains("trailing"));
    assertEquals(List.of(CheckId.FORMAT), failed(verifier().verifySeal(new byte[] {0x30, 0})));
  }

  @Test
  void reportsTheFacts() throws Exception {
    VerificationReport r = verifier().verify(good.encoded(), new ByteArrayInputStream(DOC));
    assertEquals("41172900000001", r.facts().get("sealId"));
    assertEquals("新蔡县财政局国库集中支付业务专用章", r.facts().get("sealName"));
    assertTrue(r.facts().get("signer").contains("张三"));
    assertTrue(r.facts().get("maker").contains("电子印章制作系统"));
    assertEquals(SealFixtures.IN_VALIDITY.toString(), r.facts().get("signingTime"));
    assertEquals("6 (业务专用章)", r.facts().get("sealType"));
  }

  @Test
  void aReportDoesNotChangeWhenTheCallerReusesItsArray() throws Exception {
    // The verifier parses the caller's array without a copy; what the report keeps must be
    // its own. Facts and details are composed when first read, so they are read after the
    // array is overwritten.
    byte[] bytes = good.encoded();
    VerificationReport r = verifier().verify(bytes, new ByteArrayInputStream(DOC));
    VerificationReport expected = verifier().verify(good.encoded(),
        new ByteArrayInputStream(DOC));
    Arrays.fill(bytes, (byte) 0x5a);
    assertEquals(expected.facts(), r.facts());
    assertEquals(expected.describe(), r.describe());
    assertTrue(r.isValid(), r::describe);
  }

  @Test
  void aParsedSignatureKeepsItsOwnCopy() throws Exception {
    byte[] bytes = good.encoded();
    SESSignature parsed = SESSignature.parse(bytes);
    byte[] tbs = parsed.toSign().encoded();
    Arrays.fill(bytes, (byte) 0);
    assertArrayEquals(good.encoded(), parsed.encoded());
    assertArrayEquals(good.toSign().encoded(), parsed.toSign().encoded());
    assertArrayEquals(tbs, parsed.toSign().encoded());
    // TBS_Sign is the first element of the signature, exactly as received.
    assertEquals(0, Arrays.compare(parsed.encoded(), indexOf(parsed.encoded(), tbs),
        indexOf(parsed.encoded(), tbs) + tbs.length, tbs, 0, tbs.length));
    assertTrue(verifier().verify(parsed.encoded(), new ByteArrayInputStream(DOC)).isValid());
  }

  @Test
  void withoutADocumentTheHashIsNotChecked() {
    VerificationReport r = verifier().verify(good.encoded());
    assertEquals(Outcome.NOT_CHECKED, r.outcome(CheckId.DOCUMENT_HASH));
    assertTrue(r.isValid());
    assertFalse(r.isFullyVerified());
  }

  private static List<CheckId> failed(VerificationReport r) {
    return r.failures().stream().map(VerificationReport.Check::id).toList();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
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
