package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftSigners;

class SealMakerTest {
  private static SealFixtures f;

  @BeforeAll
  static void pki() throws Exception {
    f = new SealFixtures();
  }

  private static SealVerifier verifierAt(Instant t) {
    return SealVerifier.builder().trustAnchors(List.of(f.root))
        .clock(Clock.fixed(t, ZoneOffset.UTC)).build();
  }

  @Test
  void makesGbt38540SealThatVerifiesAndReencodesByteForByte() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
    assertEquals(SealFormat.GBT_38540_2020, seal.format());
    assertEquals(4, seal.sealInfo().header().version());
    assertEquals(SealKind.BUSINESS.gbt38540Code(), seal.sealInfo().property().type());
    VerificationReport r = verifierAt(SealFixtures.IN_VALIDITY).verifySeal(seal.encoded());
    assertTrue(r.isFullyVerified(), r::describe);
    // Re-encoding the parsed values gives the same bytes: the writer emits canonical DER.
    SESeal reparsed = SESeal.parse(seal.encoded());
    SESSealInfo i = reparsed.sealInfo();
    byte[] info = SealCodec.sequence(SealEncoder.header(i.header()), SealEncoder.ia5(i.esId()),
        SealEncoder.property(i.property(), SealFormat.GBT_38540_2020),
        SealEncoder.picture(i.picture()));
    assertArrayEquals(i.encoded(), info);
    byte[] whole = SealCodec.sequence(info, SealEncoder.octets(reparsed.makerCertificate()),
        SealEncoder.oid(reparsed.signatureAlgorithmOid()),
        SealEncoder.bits(reparsed.signatureValue()));
    assertArrayEquals(seal.encoded(), whole);
  }

  @Test
  void makesGmt0031SealOnRequest() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY)
        .make(f.spec().format(SealFormat.GMT_0031_2014).build());
    assertEquals(SealFormat.GMT_0031_2014, seal.format());
    assertEquals(SealKind.GMT_0031_ORGANISATION, seal.sealInfo().property().type());
    VerificationReport r = verifierAt(SealFixtures.IN_VALIDITY).verifySeal(seal.encoded());
    assertTrue(r.isFullyVerified(), r::describe);
  }

  @Test
  void personalKindsAreGmt0031Type2() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec()
        .format(SealFormat.GMT_0031_2014).kind(SealKind.PERSONAL_NAME).build());
    assertEquals(SealKind.GMT_0031_PERSON, seal.sealInfo().property().type());
  }

  @Test
  void validityDefaultsToTheHolderCertificates() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
    assertEquals(SealFixtures.START, seal.sealInfo().property().validStart());
    assertEquals(SealFixtures.END, seal.sealInfo().property().validEnd());
  }

  @Test
  void refusesValidityBeyondTheHolderCertificate() throws Exception {
    SealSpec spec = f.spec().validity(SealFixtures.START,
        SealFixtures.END.plus(Duration.ofDays(1))).build();
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> f.sealMaker(SealFixtures.IN_VALIDITY).make(spec));
    assertEquals("seed 003 §10", e.source());
    SealSpec early = f.spec().validity(SealFixtures.START.minusSeconds(1), SealFixtures.END)
        .build();
    assertThrows(PolicyViolationException.class,
        () -> f.sealMaker(SealFixtures.IN_VALIDITY).make(early));
  }

  @Test
  void refusesWhenTheMakerCertificateIsNotValidNow() {
    UKeyException e = assertThrows(UKeyException.class,
        () -> f.sealMaker(SealFixtures.END.plus(Duration.ofDays(1))).make(f.spec().build()));
    assertTrue(e.getMessage().contains("maker's certificate is not valid now"), e.getMessage());
  }

  @Test
  void refusesAMakerCertificateOfAnotherKey() {
    assertThrows(UKeyException.class, () -> SealMaker.builder(f.maker)
        .makerCertificate(f.signerCert).build());
  }

  @Test
  void refusesNonDefaultSm2UserIdForTheMaker() throws Exception {
    var s = SoftSigners.create(f.makerKeys.getPrivate(), f.makerKeys.getPublic(), f.makerCert,
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId("ALICE".getBytes()));
    assertThrows(UnsupportedAlgorithmException.class, () -> SealMaker.builder(s).build());
  }

  @Test
  void listsCertificateDigestsWhenAsked() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY)
        .make(f.spec().certListAsDigests("SM3").build());
    SESCertList list = seal.sealInfo().property().certList();
    assertEquals(SESCertList.TYPE_DIGESTS, list.listType());
    assertEquals(SESCertList.Entry.Kind.DIGEST, list.entries().get(0).kind());
    assertTrue(list.contains(f.signerCert.getEncoded()));
    assertTrue(!list.contains(f.outsiderCert.getEncoded()));
  }

  @Test
  void recognisesPictureTypesFromTheirBytes() {
    assertEquals("PNG", SealSpec.imageType(SealFixtures.PNG).orElseThrow());
    assertEquals("GIF", SealSpec.imageType("GIF89a......".getBytes()).orElseThrow());
    assertEquals("JPG", SealSpec.imageType(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0})
        .orElseThrow());
    assertEquals("ofd", SealSpec.imageType(new byte[] {'P', 'K', 3, 4, 0}).orElseThrow());
    assertThrows(IllegalArgumentException.class,
        () -> SealSpec.builder().image("not an image".getBytes(), 40, 40));
    assertThrows(IllegalArgumentException.class,
        () -> SealSpec.builder().image(SealFixtures.PNG, 0, 40));
  }

  @Test
  void specRejectsMissingParts() {
    assertThrows(IllegalStateException.class, () -> SealSpec.builder().esId("1")
        .kind(SealKind.OFFICIAL).name("x").image(SealFixtures.PNG, 40, 40).build());
    assertThrows(IllegalStateException.class, () -> f.spec().esId("").build());
    assertThrows(IllegalStateException.class, () -> f.spec().esId("中文").build());
    assertThrows(IllegalStateException.class, () -> f.spec().name(" ").build());
  }

  @Test
  void keepsExtensions() throws Exception {
    SESeal seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec()
        .extData(new ExtData("1.2.156.112600.7.1", false, "91411729MA00000000".getBytes()))
        .extData(new ExtData("1.2.156.112600.7.2", true, new byte[] {1, 2})).build());
    assertEquals(2, seal.sealInfo().extDatas().size());
    assertTrue(seal.sealInfo().extDatas().get(1).critical());
    assertTrue(verifierAt(SealFixtures.IN_VALIDITY).verifySeal(seal.encoded()).isValid());
  }
}
