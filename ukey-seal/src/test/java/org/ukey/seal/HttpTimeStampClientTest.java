package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.UKeyException;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.VerificationReport.Outcome;
import org.ukey.testkit.tsa.TestTimeStampAuthority;

/** RFC 3161 time-stamps over the signature value, against a TSA on loopback. */
class HttpTimeStampClientTest {
  private static final byte[] DOC = "voucher".getBytes();
  private static SealFixtures f;
  private static SESeal seal;

  @BeforeAll
  static void setUp() throws Exception {
    f = new SealFixtures();
    seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
  }

  @Test
  void stampedSignatureCarriesAVerifiedTimeStampWhoseTimeIsTheSigningTime() throws Exception {
    Instant tsaTime = SealFixtures.IN_VALIDITY.plusSeconds(5);
    try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start(
        Clock.fixed(tsaTime, ZoneOffset.UTC))) {
      SESSignature sig = Stamper.builder(seal, f.signer)
          .clock(Clock.fixed(SealFixtures.IN_VALIDITY, ZoneOffset.UTC))
          .timeStampClient(new HttpTimeStampClient(tsa.uri())).build()
          .stamp(new ByteArrayInputStream(DOC), "doc");
      assertTrue(sig.timeStamp().isPresent());
      assertEquals(1, tsa.tokensIssued());
      VerificationReport r = SealVerifier.builder()
          .trustAnchors(List.of(f.root, tsa.certificate())).build()
          .verify(sig.encoded(), new ByteArrayInputStream(DOC));
      assertEquals(Outcome.PASS, r.outcome(CheckId.TIMESTAMP), r::describe);
      assertEquals(tsaTime, r.signingTime().orElseThrow());
      assertTrue(r.isFullyVerified() || r.outcome(CheckId.SIGNER_CERTIFICATE_REVOCATION)
          == Outcome.NOT_CHECKED, r::describe);
      assertTrue(r.isValid());

      // A token from an untrusted TSA fails when anchors are given.
      VerificationReport untrusted = SealVerifier.builder().trustAnchors(List.of(f.root)).build()
          .verify(sig.encoded(), new ByteArrayInputStream(DOC));
      assertEquals(Outcome.FAIL, untrusted.outcome(CheckId.TIMESTAMP), untrusted::describe);
      assertFalse(untrusted.isValid());
    }
  }

  @Test
  void aTimeStampOverOtherDataFails() throws Exception {
    try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start(
        Clock.fixed(SealFixtures.IN_VALIDITY, ZoneOffset.UTC))) {
      // A client that stamps the wrong digest: the token is genuine but covers other data.
      TimeStampClient wrong = (digest, alg) -> new HttpTimeStampClient(tsa.uri())
          .timeStamp(new byte[digest.length], alg);
      SESSignature sig = Stamper.builder(seal, f.signer)
          .clock(Clock.fixed(SealFixtures.IN_VALIDITY, ZoneOffset.UTC))
          .timeStampClient(wrong).build().stampHash(org.ukey.sm2.Sm3.digest(DOC), "doc");
      VerificationReport r = SealVerifier.builder().build().verify(sig.encoded());
      assertEquals(Outcome.FAIL, r.outcome(CheckId.TIMESTAMP), r::describe);
      assertTrue(r.check(CheckId.TIMESTAMP).orElseThrow().detail().contains("other data"));
    }
  }

  @Test
  void unreachableTsaIsAClearError() {
    HttpTimeStampClient client = new HttpTimeStampClient(URI.create("http://127.0.0.1:9/tsa"),
        Duration.ofSeconds(2));
    UKeyException e = assertThrows(UKeyException.class,
        () -> client.timeStamp(new byte[32], DigestAlgorithm.SM3));
    assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
  }

  @Test
  void refusesNonHttpUrls() {
    assertThrows(IllegalArgumentException.class,
        () -> new HttpTimeStampClient(URI.create("ftp://tsa.example/")));
  }
}
