package org.ukey.sm2.cipher;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.ukey.api.InvalidEncodingException;
import org.ukey.sm2.internal.KeyParameters;
import org.ukey.sm2.internal.Sm3Engine;

/**
 * SM2 public-key encryption, GB/T 32918.4-2016 §6 (encryption) and §7 (decryption), with the
 * key derivation function of §5.4.3 over SM3. Package-private: the public entry point is
 * {@link PublicKeyEncryption}; the nonce can be injected only from this package, for the
 * known-answer test of GM/T 0003.5 Annex C.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Sm2Encryption {
  private static final int FIELD = 32;

  private Sm2Encryption() {}

  /** Encrypts with a fresh random k (§6.1 A1–A8). */
  static Sm2Ciphertext encrypt(ECPoint publicKey, byte[] message, SecureRandom random) {
    BigInteger n = KeyParameters.SM2.getN();
    while (true) {
      BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE),
          random);
      Sm2Ciphertext c = encrypt(publicKey, message, k);
      if (c != null) {
        return c;
      }
    }
  }

  /**
   * Encrypts with a given k: the test hook for known-answer vectors.
   *
   * @return the ciphertext, or null when t is all zero and §6.1 A5 says to choose another k
   */
  static Sm2Ciphertext encrypt(ECPoint publicKey, byte[] message, BigInteger k) {
    if (message.length == 0) {
      throw new IllegalArgumentException("SM2 cannot encrypt an empty message"
          + " (the key stream t of an empty message is always \"all zero\", §6.1 A5)");
    }
    // A2: C1 = [k]G.  A3: S = [h]P is the point itself (h = 1); the key was validated on read.
    ECPoint c1 = new FixedPointCombMultiplier().multiply(KeyParameters.SM2.getG(), k).normalize();
    // A4: [k]P = (x2, y2).
    ECPoint p2 = publicKey.multiply(k).normalize();
    byte[] x2 = coordinate(p2.getAffineXCoord().toBigInteger());
    byte[] y2 = coordinate(p2.getAffineYCoord().toBigInteger());
    // A5: t = KDF(x2 ‖ y2, klen); A6: C2 = M ⊕ t.
    byte[] c2 = kdf(x2, y2, message.length);
    if (allZero(c2)) {
      return null;
    }
    for (int i = 0; i < c2.length; i++) {
      c2[i] ^= message[i];
    }
    // A7: C3 = Hash(x2 ‖ M ‖ y2).
    byte[] c3 = c3(x2, message, y2);
    return new Sm2Ciphertext(coordinate(c1.getAffineXCoord().toBigInteger()),
        coordinate(c1.getAffineYCoord().toBigInteger()), c3, c2);
  }

  /** Decrypts, §7.1 B1–B7. */
  static byte[] decrypt(BigInteger d, Sm2Ciphertext c) throws InvalidEncodingException,
      DecryptionFailedException {
    // B1: C1 must be a point of the curve (an off-curve C1 is the invalid-curve attack).
    ECPoint c1;
    try {
      c1 = KeyParameters.SM2.getCurve().createPoint(new BigInteger(1, c.x()),
          new BigInteger(1, c.y()));
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException("SM2 ciphertext C1", -1,
          "coordinate is not an element of the field", e);
    }
    if (!c1.isValid()) {
      throw new InvalidEncodingException("SM2 ciphertext C1", -1,
          "not a point on the curve sm2p256v1");
    }
    // B2: [h]C1 is C1 (h = 1); it is not the point at infinity, as it has affine coordinates.
    // B3: [dB]C1 = (x2, y2).
    ECPoint p2 = c1.multiply(d).normalize();
    byte[] x2 = coordinate(p2.getAffineXCoord().toBigInteger());
    byte[] y2 = coordinate(p2.getAffineYCoord().toBigInteger());
    byte[] c2 = c.c2Internal();
    // B4: t = KDF(x2 ‖ y2, klen), not all zero.
    byte[] m = kdf(x2, y2, c2.length);
    if (allZero(m)) {
      throw new DecryptionFailedException("SM2 decryption failed: the key stream t is all zero"
          + " (ciphertext not made for this key)");
    }
    // B5: M' = C2 ⊕ t.
    for (int i = 0; i < m.length; i++) {
      m[i] ^= c2[i];
    }
    // B6: u = Hash(x2 ‖ M' ‖ y2) must equal C3.
    byte[] u = c3(x2, m, y2);
    if (!MessageDigest.isEqual(u, c.c3Internal())) {
      Arrays.fill(m, (byte) 0);
      throw new DecryptionFailedException("SM2 C3 does not match: the ciphertext was altered"
          + " or is not for this key");
    }
    return m;
  }

  /** KDF(Z, klen) of GB/T 32918.4-2016 §5.4.3 with SM3, Z = x2 ‖ y2, klen in bytes. */
  private static byte[] kdf(byte[] x2, byte[] y2, int length) {
    byte[] out = new byte[length];
    Sm3Engine sm3 = new Sm3Engine();
    byte[] block = new byte[32];
    int ct = 1;
    for (int off = 0; off < length; off += 32, ct++) {
      sm3.update(x2, 0, FIELD);
      sm3.update(y2, 0, FIELD);
      sm3.update((byte) (ct >>> 24));
      sm3.update((byte) (ct >>> 16));
      sm3.update((byte) (ct >>> 8));
      sm3.update((byte) ct);
      sm3.doFinal(block, 0);
      System.arraycopy(block, 0, out, off, Math.min(32, length - off));
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }

  private static byte[] c3(byte[] x2, byte[] m, byte[] y2) {
    Sm3Engine sm3 = new Sm3Engine();
    sm3.update(x2, 0, FIELD);
    sm3.update(m, 0, m.length);
    sm3.update(y2, 0, FIELD);
    byte[] out = new byte[32];
    sm3.doFinal(out, 0);
    return out;
  }

  private static boolean allZero(byte[] b) {
    int acc = 0;
    for (byte v : b) {
      acc |= v;
    }
    return acc == 0;
  }

  private static byte[] coordinate(BigInteger v) {
    return BigIntegers.asUnsignedByteArray(FIELD, v);
  }
}
