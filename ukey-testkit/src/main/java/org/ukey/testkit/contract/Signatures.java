package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.PublicKey;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.testkit.ReferenceVerifier;

/** Assertions over {@link ReferenceVerifier} whose failures say which case failed. */
final class Signatures {
  private Signatures() {}

  static void assertVerifies(PublicKey key, SignatureAlgorithm algorithm, byte[] message,
      byte[] signature, String what) {
    if (signature == null) {
      fail(what + ": the signer returned null");
    }
    try {
      ReferenceVerifier.verify(key, algorithm, message, signature);
    } catch (SignatureVerificationException e) {
      fail(what + ": signature rejected by the independent verifier: " + e.getMessage(), e);
    }
  }

  static void assertRejected(PublicKey key, SignatureAlgorithm algorithm, byte[] message,
      byte[] signature, String what) {
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.verify(key, algorithm, message, signature),
        () -> what + ": the independent verifier accepted it");
  }

  /** A copy with one bit inverted, counted from the first byte's most significant bit. */
  static byte[] flipBit(byte[] data, int bit) {
    byte[] copy = data.clone();
    copy[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
    return copy;
  }
}
