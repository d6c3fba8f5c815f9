package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;

class SoftSignersTest {
  private static final KeyPair SM2 = generateSm2();
  private static final byte[] MESSAGE = "payment voucher 2026-0001".getBytes(StandardCharsets.UTF_8);
  private static final SignatureAlgorithm[] JDK_ALGORITHMS = {
      SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA,
      SignatureAlgorithm.SHA256_WITH_RSA_PSS, SignatureAlgorithm.SHA384_WITH_RSA_PSS,
      SignatureAlgorithm.SHA256_WITH_ECDSA, SignatureAlgorithm.SHA384_WITH_ECDSA};

  private static KeyPair generateSm2() {
    try {
      return SoftKeys.generate(KeySpec.sm2());
    } catch (UnsupportedAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Signer sm2Signer(SignatureAlgorithm alg) throws UnsupportedAlgorithmException {
    return SoftSigners.create(SM2.getPrivate(), SM2.getPublic(), null, alg);
  }

  private static byte[] id(SignatureAlgorithm alg) {
    return alg.sm2UserId().orElseThrow();
  }

  @Test
  void sm2SignatureVerifiesWithBouncyCastleSm2Signer() throws Exception {
    byte[] sig = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    assertTrue(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(),
        SignatureAlgorithm.defaultSm2UserId(), MESSAGE, sig));
  }

  @Test
  void sm2SignaturesWithCustomUserIdsVerifyWithBouncyCastle() throws Exception {
    byte[] longest = new byte[SignatureAlgorithm.MAX_SM2_USER_ID_LENGTH];
    new Random(1).nextBytes(longest);
    byte[][] ids = {new byte[0], {0x41}, "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII),
        longest};
    for (byte[] id : ids) {
      SignatureAlgorithm alg = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(id);
      byte[] sig = sm2Signer(alg).sign(MESSAGE);
      assertTrue(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(), id, MESSAGE, sig),
          () -> "ID of " + id.length + " bytes");
      SoftVerifiers.verify(SM2.getPublic(), alg, MESSAGE, sig);
    }
  }

  @Test
  void sm2SignatureMadeWithOneIdFailsWithAnother() throws Exception {
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId("ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII));
    byte[] sig = sm2Signer(alice).sign(MESSAGE);
    assertFalse(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(),
        SignatureAlgorithm.defaultSm2UserId(), MESSAGE, sig));
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(new byte[0]), MESSAGE,
        sig));
  }

  @Test
  void sm2UserIdOf8192BytesIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(new byte[8192]));
  }

  @Test
  void sm2SignaturesAreStrictDerAndDifferEachTime() throws Exception {
    Signer signer = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2);
    byte[] first = signer.sign(MESSAGE);
    byte[] second = signer.sign(MESSAGE);
    assertFalse(java.util.Arrays.equals(first, second));
    for (byte[] sig : new byte[][] {first, second}) {
      BigInteger[] rs = SignatureCodec.decodeDer(sig, Sm2.order());
      assertArrayEquals(sig, SignatureCodec.encodeDer(rs[0], rs[1]));
    }
  }

  @Test
  void sm2SignsAStreamLikeTheSameBytes() throws Exception {
    byte[] big = new byte[200_000];
    new Random(3).nextBytes(big);
    byte[] sig = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2).sign(new ByteArrayInputStream(big));
    SoftVerifiers.verify(SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, big, sig);
    assertTrue(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(),
        SignatureAlgorithm.defaultSm2UserId(), big, sig));
  }

  @Test
  void sm2SignerReportsItsKeyAndAlgorithmAndPrintsNoSecret() throws Exception {
    Signer signer = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2);
    assertSame(SM2.getPublic(), signer.publicKey());
    assertEquals(SignatureAlgorithm.SM3_WITH_SM2, signer.algorithm());
    assertTrue(signer.certificate().isEmpty());
    String d = ((ECPrivateKey) SM2.getPrivate()).getS().toString(16);
    assertFalse(signer.toString().toLowerCase(java.util.Locale.ROOT).contains(d));
  }

  @Test
  void rsaAndEcdsaSignaturesVerifyWithTheJdk() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      byte[] sig = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg)
          .sign(MESSAGE);
      assertTrue(JdkPeers.verify(alg, pair.getPublic(), MESSAGE, sig), alg::toString);
      assertFalse(JdkPeers.verify(alg, pair.getPublic(), "other".getBytes(StandardCharsets.UTF_8),
          sig), alg::toString);
    }
  }

  @Test
  void deterministicSignaturesOfStreamsEqualThoseOfArrays() throws Exception {
    // PKCS#1 v1.5 and RFC 6979 ECDSA are deterministic, so the bytes must be equal.
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.SHA256_WITH_RSA,
        SignatureAlgorithm.SHA256_WITH_ECDSA, SignatureAlgorithm.SHA384_WITH_ECDSA}) {
      KeyPair pair = JdkPeers.keyFor(alg);
      Signer signer = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg);
      assertArrayEquals(signer.sign(MESSAGE), signer.sign(new ByteArrayInputStream(MESSAGE)),
          alg::toString);
    }
  }

  @Test
  void pssSignaturesAreRandomized() throws Exception {
    KeyPair pair = JdkPeers.RSA;
    Signer signer = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null,
        SignatureAlgorithm.SHA256_WITH_RSA_PSS);
    assertNotEquals(new BigInteger(signer.sign(MESSAGE)), new BigInteger(signer.sign(MESSAGE)));
  }

  @Test
  void refusesAPublicKeyThatIsNotThePrivateKeys() throws Exception {
    KeyPair otherSm2 = SoftKeys.generate(KeySpec.sm2());
    assertThrows(IllegalArgumentException.class, () -> SoftSigners.create(SM2.getPrivate(),
        otherSm2.getPublic(), null, SignatureAlgorithm.SM3_WITH_SM2));
    KeyPair otherP256 = SoftKeys.generate(KeySpec.ecP256());
    assertThrows(IllegalArgumentException.class, () -> SoftSigners.create(
        JdkPeers.P256.getPrivate(), otherP256.getPublic(), null,
        SignatureAlgorithm.SHA256_WITH_ECDSA));
    assertThrows(IllegalArgumentException.class, () -> SoftSigners.create(
        JdkPeers.RSA.getPrivate(), JdkPeers.P256.getPublic(), null,
        SignatureAlgorithm.SHA256_WITH_RSA));
  }

  @Test
  void refusesAnAlgorithmOfAnotherKeyType() {
    assertThrows(UnsupportedAlgorithmException.class, () -> SoftSigners.create(
        SM2.getPrivate(), SM2.getPublic(), null, SignatureAlgorithm.SHA256_WITH_ECDSA));
    assertThrows(UnsupportedAlgorithmException.class, () -> SoftSigners.create(
        JdkPeers.P256.getPrivate(), JdkPeers.P256.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2));
  }

  @Test
  void oneSignerAndOneVerifierServeManyThreads() throws Exception {
    Signer signer = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2);
    Verifier verifier = SoftVerifiers.create(SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    KeyPair p256 = JdkPeers.P256;
    Signer ecdsa = SoftSigners.create(p256.getPrivate(), p256.getPublic(), null,
        SignatureAlgorithm.SHA256_WITH_ECDSA);
    Verifier ecdsaVerifier = SoftVerifiers.create(p256.getPublic(),
        SignatureAlgorithm.SHA256_WITH_ECDSA);
    int threads = 4;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<byte[][]>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<byte[][]> made = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            byte[] m = ("voucher " + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = signer.sign(m);
            verifier.verify(m, sig);
            byte[] ec = ecdsa.sign(m);
            ecdsaVerifier.verify(m, ec);
            byte[] tampered = m.clone();
            tampered[0] ^= 1;
            assertThrows(SignatureVerificationException.class,
                () -> verifier.verify(tampered, sig));
            made.add(new byte[][] {m, sig});
          }
          return made;
        }));
      }
      int checked = 0;
      for (Future<List<byte[][]>> f : results) {
        for (byte[][] pair : f.get()) {
          assertTrue(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(),
              SignatureAlgorithm.defaultSm2UserId(), pair[0], pair[1]));
          checked++;
        }
      }
      assertEquals(threads * perThread, checked);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- signDigest ----

  private static byte[] jdkHash(SignatureAlgorithm alg, byte[] message) throws Exception {
    return java.security.MessageDigest.getInstance(alg.digest().jcaName(), "SUN")
        .digest(message);
  }

  @Test
  void sm2SignDigestOfEVerifiesForTheMessageWithTheDefaultAndAnotherUserId() throws Exception {
    ECPublicKey pub = (ECPublicKey) SM2.getPublic();
    for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SM3_WITH_SM2,
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(
            "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)))) {
      byte[] e = Sm2.digestForSigning(id(alg), pub, MESSAGE);
      byte[] sig = sm2Signer(alg).signDigest(e);
      SoftVerifiers.verify(pub, alg, MESSAGE, sig);
      assertTrue(BouncyCastlePeer.verify(pub, id(alg), MESSAGE, sig), alg::toString);
      BigInteger[] rs = SignatureCodec.decodeDer(sig, Sm2.order());
      assertArrayEquals(sig, SignatureCodec.encodeDer(rs[0], rs[1]), "strict DER");
      assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(pub, alg,
          "payment voucher 2026-0002".getBytes(StandardCharsets.UTF_8), sig));
    }
  }

  @Test
  void sm2SignDigestOfSm3OfTheMessageAloneDoesNotVerifyBecauseZIsMissing() throws Exception {
    // e must be SM3(Z‖M) (GB/T 32918.2-2016 §6.1 A1–A2); SM3(M) signs some other message.
    byte[] sig = sm2Signer(SignatureAlgorithm.SM3_WITH_SM2).signDigest(Sm3.digest(MESSAGE));
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
    assertFalse(BouncyCastlePeer.verify((ECPublicKey) SM2.getPublic(),
        SignatureAlgorithm.defaultSm2UserId(), MESSAGE, sig));
  }

  @Test
  void sm2SignDigestWithOneUserIdDoesNotVerifyWithAnother() throws Exception {
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId("ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII));
    byte[] e = Sm2.digestForSigning(id(alice), (ECPublicKey) SM2.getPublic(), MESSAGE);
    byte[] sig = sm2Signer(alice).signDigest(e);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
  }

  @Test
  void rsaAndEcdsaSignDigestOfTheHashVerifiesForTheMessageWithTheJdk() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      Signer signer = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg);
      byte[] sig = signer.signDigest(jdkHash(alg, MESSAGE));
      SoftVerifiers.verify(pair.getPublic(), alg, MESSAGE, sig);
      assertTrue(JdkPeers.verify(alg, pair.getPublic(), MESSAGE, sig), alg::toString);
      assertFalse(JdkPeers.verify(alg, pair.getPublic(),
          "other".getBytes(StandardCharsets.UTF_8), sig), alg::toString);
    }
  }

  @Test
  void ecdsaSignDigestWorksWhenTheHashIsShorterOrLongerThanTheCurveOrder() throws Exception {
    // SHA-256 on P-384 (shorter than n) and SHA-384 on P-256 (truncated, FIPS 186-4 §6.4).
    Object[][] cases = {{JdkPeers.P384, SignatureAlgorithm.SHA256_WITH_ECDSA},
        {JdkPeers.P256, SignatureAlgorithm.SHA384_WITH_ECDSA}};
    for (Object[] c : cases) {
      KeyPair pair = (KeyPair) c[0];
      SignatureAlgorithm alg = (SignatureAlgorithm) c[1];
      byte[] sig = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg)
          .signDigest(jdkHash(alg, MESSAGE));
      assertTrue(JdkPeers.verify(alg, pair.getPublic(), MESSAGE, sig), alg::toString);
    }
  }

  @Test
  void deterministicSignDigestEqualsSignOfTheMessage() throws Exception {
    // PKCS#1 v1.5 and RFC 6979 ECDSA: the same path from the hash on, so the same bytes.
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.SHA256_WITH_RSA,
        SignatureAlgorithm.SHA384_WITH_RSA, SignatureAlgorithm.SHA256_WITH_ECDSA,
        SignatureAlgorithm.SHA384_WITH_ECDSA}) {
      KeyPair pair = JdkPeers.keyFor(alg);
      Signer signer = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg);
      assertArrayEquals(signer.sign(MESSAGE), signer.signDigest(jdkHash(alg, MESSAGE)),
          alg::toString);
    }
  }

  @Test
  void signDigestRefusesADigestOfTheWrongLengthAndNull() throws Exception {
    List<Signer> signers = new ArrayList<>();
    signers.add(sm2Signer(SignatureAlgorithm.SM3_WITH_SM2));
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      signers.add(SoftSigners.create(pair.getPrivate(), pair.getPublic(), null, alg));
    }
    for (Signer signer : signers) {
      int n = signer.algorithm().digest().length();
      for (int length : new int[] {0, 31, 33, n - 1, n + 1, 64}) {
        if (length == n) {
          continue;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> signer.signDigest(new byte[length]), () -> signer.algorithm() + " " + length);
        assertTrue(e.getMessage().contains(n + "-byte"), e.getMessage());
      }
      assertThrows(NullPointerException.class, () -> signer.signDigest(null),
          () -> signer.algorithm().toString());
    }
  }
}
