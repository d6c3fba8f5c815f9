package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.sm2.Sm3;

class StamperTest {
  private static final byte[] VOUCHER = ("<Voucher><No>2026-0001</No><Payee>某某公司</Payee>"
      + "<Amount>12345.67</Amount></Voucher>").getBytes(StandardCharsets.UTF_8);
  private static SealFixtures f;
  private static SESeal v4;
  private static SESeal v1;

  @BeforeAll
  static void seals() throws Exception {
    f = new SealFixtures();
    v4 = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
    v1 = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().format(SealFormat.GMT_0031_2014)
        .build());
  }

  private static Stamper stamper(SESeal seal, Instant at) throws Exception {
    return Stamper.builder(seal, f.signer).clock(Clock.fixed(at, ZoneOffset.UTC)).build();
  }

  private static SealVerifier verifier() {
    return SealVerifier.builder().trustAnchors(List.of(f.root)).build();
  }

  @Test
  void stampsAGbt38540SignatureThatVerifiesFully() throws Exception {
    SESSignature sig = stamper(v4, SealFixtures.IN_VALIDITY)
        .stamp(new ByteArrayInputStream(VOUCHER), "voucher-2026-0001.xml");
    assertEquals(SealFormat.GBT_38540_2020, sig.format());
    assertEquals(SealFixtures.IN_VALIDITY, sig.toSign().signingTime().orElseThrow());
    VerificationReport r = verifier().verify(sig.encoded(), new ByteArrayInputStream(VOUCHER));
    assertTrue(r.isValid(), r::describe);
    assertEquals(VerificationReport.Outcome.PASS,
        r.outcome(VerificationReport.CheckId.SIGNER_CERTIFICATE_CHAIN));
    assertEquals("voucher-2026-0001.xml", r.facts().get("propertyInfo"));
  }

  @Test
  void stampsAGmt0031SignatureForAGmt0031Seal() throws Exception {
    SESSignature sig = stamper(v1, SealFixtures.IN_VALIDITY)
        .stamp(new ByteArrayInputStream(VOUCHER), "voucher");
    assertEquals(SealFormat.GMT_0031_2014, sig.format());
    assertEquals(SealFixtures.IN_VALIDITY, sig.toSign().signingTime().orElseThrow(),
        "timeInfo holds a DER UTCTime that reads back");
    VerificationReport r = verifier().verify(sig.encoded(), new ByteArrayInputStream(VOUCHER));
    assertTrue(r.isValid(), r::describe);
  }

  @Test
  void makesGbt38540SignatureThatReparsesAndReencodesByteForByte() throws Exception {
    SESSignature sig = stamper(v4, SealFixtures.IN_VALIDITY)
        .stamp(new ByteArrayInputStream(VOUCHER), "voucher-2026-0001.xml");
    SESSignature reparsed = SESSignature.parse(sig.encoded());
    assertArrayEquals(sig.encoded(), reparsed.encoded());
    // Rebuilt from the parsed values alone, the writer's canonical DER gives the same bytes.
    TBSSign t = reparsed.toSign();
    assertEquals(List.of(), t.extDatas());
    byte[] tbs = SealCodec.sequence(SealEncoder.integer(t.version()), reencode(t.seal()),
        SealEncoder.generalizedTime(t.signingTime().orElseThrow()),
        SealEncoder.bits(t.dataHash()), SealEncoder.ia5(t.propertyInfo()));
    assertArrayEquals(t.encoded(), tbs);
    byte[] whole = SealCodec.sequence(tbs, SealEncoder.octets(reparsed.signerCertificate()),
        SealEncoder.oid(reparsed.signatureAlgorithmOid()),
        SealEncoder.bits(reparsed.signatureValue()));
    assertArrayEquals(sig.encoded(), whole);
  }

  @Test
  void makesGmt0031SignatureThatReparsesAndReencodesByteForByte() throws Exception {
    SESSignature sig = stamper(v1, SealFixtures.IN_VALIDITY)
        .stamp(new ByteArrayInputStream(VOUCHER), "voucher");
    SESSignature reparsed = SESSignature.parse(sig.encoded());
    assertEquals(SealFormat.GMT_0031_2014, reparsed.format());
    assertArrayEquals(sig.encoded(), reparsed.encoded());
    TBSSign t = reparsed.toSign();
    // GM/T 0031-2014 §6.2.1: timeInfo is a BIT STRING holding a DER UTCTime.
    assertArrayEquals(SealEncoder.utcTime(SealFixtures.IN_VALIDITY), t.timeInfo());
    byte[] tbs = SealCodec.sequence(SealEncoder.integer(t.version()), reencode(t.seal()),
        SealEncoder.bits(t.timeInfo()), SealEncoder.bits(t.dataHash()),
        SealEncoder.ia5(t.propertyInfo()), SealEncoder.octets(t.signerCertificate().orElseThrow()),
        SealEncoder.oid(t.signatureAlgorithmOid().orElseThrow()));
    assertArrayEquals(t.encoded(), tbs);
    byte[] whole = SealCodec.sequence(tbs, SealEncoder.bits(reparsed.signatureValue()));
    assertArrayEquals(sig.encoded(), whole);
  }

  /** A seal rebuilt from its parsed values with the encoder, in its own format. */
  private static byte[] reencode(SESeal s) {
    SESSealInfo i = s.sealInfo();
    byte[] info = i.extDatas().isEmpty()
        ? SealCodec.sequence(SealEncoder.header(i.header()), SealEncoder.ia5(i.esId()),
            SealEncoder.property(i.property(), s.format()), SealEncoder.picture(i.picture()))
        : SealCodec.sequence(SealEncoder.header(i.header()), SealEncoder.ia5(i.esId()),
            SealEncoder.property(i.property(), s.format()), SealEncoder.picture(i.picture()),
            SealEncoder.extDatas(i.extDatas()));
    if (s.format() == SealFormat.GMT_0031_2014) {
      return SealCodec.sequence(info, SealCodec.sequence(SealEncoder.octets(s.makerCertificate()),
          SealEncoder.oid(s.signatureAlgorithmOid()), SealEncoder.bits(s.signatureValue())));
    }
    return SealCodec.sequence(info, SealEncoder.octets(s.makerCertificate()),
        SealEncoder.oid(s.signatureAlgorithmOid()), SealEncoder.bits(s.signatureValue()));
  }

  @Test
  void stampingAGivenHashEqualsStampingTheStream() throws Exception {
    SESSignature sig = stamper(v4, SealFixtures.IN_VALIDITY).stampHash(Sm3.digest(VOUCHER), "v");
    assertTrue(verifier().verify(sig.encoded(), new ByteArrayInputStream(VOUCHER)).isValid());
    assertTrue(verifier().verifyHash(sig.encoded(), Sm3.digest(VOUCHER)).isValid());
  }

  /**
   * The stamper hashes Z ‖ the start of TBS_Sign once and signs e with signDigest: every stamp,
   * whatever the length of its propertyInfo, must still be a signature over TBS_Sign's bytes
   * (checked as a message by the soft verifier and by BouncyCastle's SM2Signer), in both
   * formats, alternating lengths so that the kept state is replaced and rebuilt.
   */
  @Test
  void stampsFromAKeptPrefixAreSignaturesOverTheWholeTbsSign() throws Exception {
    assertTrue(f.signer.signsDigests());
    for (SESeal seal : List.of(v4, v1)) {
      Stamper st = stamper(seal, SealFixtures.IN_VALIDITY);
      String[] infos = {"a", "bb", "a", "Doc_0/Signs/Sign_0/Signature.xml", "a", "", "bb"};
      for (String info : infos) {
        SESSignature sig = st.stamp(new ByteArrayInputStream(VOUCHER), info);
        byte[] tbs = sig.toSign().encoded();
        org.ukey.sm2.SoftVerifiers.verify(f.signer.publicKey(), f.signer.algorithm(), tbs,
            sig.signatureValue());
        org.bouncycastle.crypto.signers.SM2Signer bc =
            new org.bouncycastle.crypto.signers.SM2Signer();
        bc.init(false, org.bouncycastle.crypto.util.PublicKeyFactory.createKey(
            f.signer.publicKey().getEncoded()));
        bc.update(tbs, 0, tbs.length);
        assertTrue(bc.verifySignature(sig.signatureValue()), seal.format() + " '" + info + "'");
        VerificationReport r = verifier().verify(sig.encoded(),
            new ByteArrayInputStream(VOUCHER));
        assertTrue(r.isValid(), r::describe);
      }
    }
  }

  /** A signer that signs only messages (the API's default signDigest) stamps as before. */
  @Test
  void aSignerThatDoesNotSignDigestsSignsTbsSignItself() throws Exception {
    org.ukey.api.Signer messagesOnly = new org.ukey.api.Signer() {
      @Override
      public org.ukey.api.SignatureAlgorithm algorithm() {
        return f.signer.algorithm();
      }

      @Override
      public java.security.PublicKey publicKey() {
        return f.signer.publicKey();
      }

      @Override
      public java.util.Optional<java.security.cert.X509Certificate> certificate() {
        return f.signer.certificate();
      }

      @Override
      public byte[] sign(byte[] message) throws org.ukey.api.UKeyException {
        return f.signer.sign(message);
      }

      @Override
      public byte[] sign(java.io.InputStream message) throws java.io.IOException,
          org.ukey.api.UKeyException {
        return f.signer.sign(message);
      }
    };
    Stamper st = Stamper.builder(v4, messagesOnly).clock(Clock.fixed(SealFixtures.IN_VALIDITY,
        ZoneOffset.UTC)).build();
    for (int i = 0; i < 3; i++) {
      SESSignature sig = st.stamp(new ByteArrayInputStream(VOUCHER), "doc-" + i);
      assertTrue(verifier().verify(sig.encoded(), new ByteArrayInputStream(VOUCHER)).isValid());
    }
  }

  @Test
  void refusesASignerNotOnTheSealsList() {
    StampRefusedException e = assertThrows(StampRefusedException.class,
        () -> Stamper.builder(v4, f.outsider).build());
    assertEquals(StampRefusedException.Reason.SIGNER_NOT_IN_CERT_LIST, e.reason());
  }

  @Test
  void refusesWhenTheSealIsNotValidAtTheSigningTime() throws Exception {
    SESeal shortSeal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec()
        .validity(SealFixtures.START, SealFixtures.IN_VALIDITY.minus(Duration.ofDays(1)))
        .build());
    StampRefusedException e = assertThrows(StampRefusedException.class,
        () -> stamper(shortSeal, SealFixtures.IN_VALIDITY).stampHash(new byte[32], "v"));
    assertEquals(StampRefusedException.Reason.SEAL_NOT_VALID_AT_SIGNING_TIME, e.reason());
  }

  @Test
  void refusesWhenTheSignerCertificateIsNotValidAtTheSigningTime() throws Exception {
    StampRefusedException e = assertThrows(StampRefusedException.class,
        () -> stamper(v4, SealFixtures.END.plus(Duration.ofDays(1))).stampHash(new byte[32],
            "v"));
    assertEquals(StampRefusedException.Reason.SIGNER_CERTIFICATE_NOT_VALID, e.reason());
  }

  @Test
  void refusesASealWhoseMakerSignatureIsBroken() throws Exception {
    byte[] bad = v4.encoded();
    bad[40] ^= 1; // inside SES_SealInfo, in the header's vendor id
    SESeal tampered = SESeal.parse(bad);
    StampRefusedException e = assertThrows(StampRefusedException.class,
        () -> Stamper.builder(tampered, f.signer).build());
    assertEquals(StampRefusedException.Reason.SEAL_SIGNATURE_INVALID, e.reason());
  }

  @Test
  void refusesHashesOfTheWrongLengthAndNonAsciiPropertyInfo() throws Exception {
    Stamper s = stamper(v4, SealFixtures.IN_VALIDITY);
    assertThrows(IllegalArgumentException.class, () -> s.stampHash(new byte[20], "v"));
    assertThrows(IllegalArgumentException.class, () -> s.stampHash(new byte[32], "凭证"));
  }
}
