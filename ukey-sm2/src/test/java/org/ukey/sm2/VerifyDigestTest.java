package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Verifier;
import org.ukey.sm2.engine.Sm2Vectors;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;

/** {@link Verifier#verifyDigest}: as many refusals as acceptances. */
class VerifyDigestTest {
  private static final byte[] MESSAGE = "voucher 2026-0042".getBytes(StandardCharsets.UTF_8);
  private static final SignatureAlgorithm[] JDK_ALGORITHMS = {
      SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA,
      SignatureAlgorithm.SHA256_WITH_RSA_PSS, SignatureAlgorithm.SHA384_WITH_RSA_PSS,
      SignatureAlgorithm.SHA256_WITH_ECDSA, SignatureAlgorithm.SHA384_WITH_ECDSA};

  private static byte[] hash(SignatureAlgorithm alg, byte[] m) throws Exception {
    return MessageDigest.getInstance(alg.digest().jcaName()).digest(m);
  }

  @Test
  void sm2KnownAnswerOfGbT32918Part5() throws Exception {
    // GB/T 32918.5-2017 Annex A: e and (r, s) for the message "message digest".
    Verifier v = SoftVerifiers.create(TestKeys.sm2Public(Sm2p256v1.X, Sm2p256v1.Y),
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(Sm2p256v1.ID));
    v.verifyDigest(Sm2p256v1.E, Sm2p256v1.DER);
    byte[] otherE = Sm2p256v1.E.clone();
    otherE[0] ^= 1;
    assertThrows(SignatureVerificationException.class, () -> v.verifyDigest(otherE,
        Sm2p256v1.DER));
    // e is SM3(Z ‖ M), not SM3(M): a digest without Z must fail.
    assertThrows(SignatureVerificationException.class,
        () -> v.verifyDigest(Sm3.digest(Sm2Vectors.MESSAGE), Sm2p256v1.DER));
  }

  @Test
  void sm2DigestOfBouncyCastleSignatureWithCustomId() throws Exception {
    KeyPair pair = SoftKeys.generate(org.ukey.api.KeySpec.sm2());
    byte[] id = "treasury-0001".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = BouncyCastlePeer.sign((ECPrivateKey) pair.getPrivate(), id, MESSAGE);
    Verifier v = SoftVerifiers.create(pair.getPublic(),
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(id));
    v.verifyDigest(Sm2.digestForSigning(id, (ECPublicKey) pair.getPublic(), MESSAGE), sig);
    // The same signature checked with the default ID's e must fail: Z binds the ID.
    assertThrows(SignatureVerificationException.class, () -> v.verifyDigest(
        Sm2.digestForSigning(SignatureAlgorithm.defaultSm2UserId(),
            (ECPublicKey) pair.getPublic(), MESSAGE), sig));
  }

  @Test
  void jdkSignaturesVerifyOverTheirHash() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      byte[] sig = JdkPeers.sign(alg, pair.getPrivate(), MESSAGE);
      SoftVerifiers.create(pair.getPublic(), alg).verifyDigest(hash(alg, MESSAGE), sig);
    }
  }

  @Test
  void jdkSignaturesFailOverAnotherHashOrTampered() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      byte[] sig = JdkPeers.sign(alg, pair.getPrivate(), MESSAGE);
      Verifier v = SoftVerifiers.create(pair.getPublic(), alg);
      byte[] other = hash(alg, "voucher 2026-0043".getBytes(StandardCharsets.UTF_8));
      assertThrows(SignatureVerificationException.class, () -> v.verifyDigest(other, sig),
          alg::toString);
      byte[] tampered = sig.clone();
      tampered[tampered.length / 2] ^= 0x10;
      assertThrows(SignatureVerificationException.class,
          () -> v.verifyDigest(hash(alg, MESSAGE), tampered), alg::toString);
      byte[] truncated = java.util.Arrays.copyOf(sig, sig.length - 1);
      assertThrows(SignatureVerificationException.class,
          () -> v.verifyDigest(hash(alg, MESSAGE), truncated), alg::toString);
    }
  }

  @Test
  void rsaPkcs1DigestOfAnotherHashAlgorithmFails() throws Exception {
    // The DigestInfo names the hash: a SHA-384 signature is not a SHA-256 one of the same bytes.
    KeyPair pair = JdkPeers.keyFor(SignatureAlgorithm.SHA384_WITH_RSA);
    byte[] sig = JdkPeers.sign(SignatureAlgorithm.SHA384_WITH_RSA, pair.getPrivate(), MESSAGE);
    Verifier v256 = SoftVerifiers.create(pair.getPublic(), SignatureAlgorithm.SHA256_WITH_RSA);
    assertThrows(IllegalArgumentException.class,
        () -> v256.verifyDigest(hash(SignatureAlgorithm.SHA384_WITH_RSA, MESSAGE), sig));
    assertThrows(SignatureVerificationException.class, () -> v256.verifyDigest(
        java.util.Arrays.copyOf(hash(SignatureAlgorithm.SHA384_WITH_RSA, MESSAGE), 32), sig));
  }

  @Test
  void wrongDigestLengthsAreRefusedBeforeAnyArithmetic() throws Exception {
    Verifier sm2 = SoftVerifiers.create(TestKeys.sm2Public(Sm2p256v1.X, Sm2p256v1.Y),
        SignatureAlgorithm.SM3_WITH_SM2);
    for (int n : new int[] {0, 31, 33, 64}) {
      assertThrows(IllegalArgumentException.class, () -> sm2.verifyDigest(new byte[n],
          Sm2p256v1.DER), "length " + n);
    }
    KeyPair ec = JdkPeers.keyFor(SignatureAlgorithm.SHA384_WITH_ECDSA);
    Verifier p384 = SoftVerifiers.create(ec.getPublic(), SignatureAlgorithm.SHA384_WITH_ECDSA);
    assertThrows(IllegalArgumentException.class, () -> p384.verifyDigest(new byte[32],
        new byte[8]));
    assertThrows(NullPointerException.class, () -> sm2.verifyDigest(null, Sm2p256v1.DER));
    assertThrows(NullPointerException.class, () -> sm2.verifyDigest(Sm2p256v1.E, null));
  }

  @Test
  void malformedSm2SignatureIsRefused() throws Exception {
    Verifier v = SoftVerifiers.create(TestKeys.sm2Public(Sm2p256v1.X, Sm2p256v1.Y),
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(Sm2p256v1.ID));
    byte[] trailing = java.util.Arrays.copyOf(Sm2p256v1.DER, Sm2p256v1.DER.length + 1);
    assertThrows(SignatureVerificationException.class, () -> v.verifyDigest(Sm2p256v1.E,
        trailing));
    assertThrows(SignatureVerificationException.class, () -> v.verifyDigest(Sm2p256v1.E,
        new byte[0]));
  }

  @Test
  void aVerifierWithoutDigestSupportSaysSo() {
    Verifier messageOnly = new Verifier() {
      @Override
      public SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.SM3_WITH_SM2;
      }

      @Override
      public void verify(byte[] message, byte[] signature) {}

      @Override
      public void verify(java.io.InputStream message, byte[] signature) {}
    };
    assertThrows(SignatureVerificationException.class,
        () -> messageOnly.verifyDigest(new byte[32], new byte[64]));
  }
}
