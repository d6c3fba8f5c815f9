package org.ukey.sm2.engine;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.ukey.sm2.internal.Sm3Engine;

/**
 * An SM2 private key bound to one user ID, with everything that depends only on the key and
 * the ID computed once: the public point, Z (GM/T 0009-2012 §8.1), and (1 + d)⁻¹ mod n
 * (GB/T 32918.2-2016 §6.1 A6). Signing then costs one fixed-base multiplication and a few
 * operations mod n.
 *
 * <p>The per-signature random k is drawn uniformly from [1, n−1] by rejection sampling from a
 * caller-supplied {@link SecureRandom}. Known-answer tests inject k through a package-private
 * method; nothing outside this package can choose k.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 *
 * <p><b>Security:</b> keeps (1 + d)⁻¹ mod n, from which d follows, for its lifetime.
 */
public final class Sm2SigningKey {
  private final Sm2Group group;
  private final BigInteger dPlusOneInverse;
  private final ECPoint publicPoint;
  private final byte[] z;
  /** SM3 with Z already absorbed; only ever copied, never updated. */
  private final Sm3Engine zDigest;

  /**
   * Prepares a private key for signing.
   *
   * @param group the curve
   * @param d the private scalar, in [1, n−2] (GB/T 32918.1-2016 §6.1)
   * @param userId the signer's ID, shorter than 8192 bytes; copied into Z, not kept
   * @throws IllegalArgumentException if d is out of range or the ID is too long
   */
  public Sm2SigningKey(Sm2Group group, BigInteger d, byte[] userId) {
    this.group = Objects.requireNonNull(group, "group");
    Objects.requireNonNull(d, "d");
    Objects.requireNonNull(userId, "userId");
    BigInteger n = group.order();
    if (d.signum() <= 0 || d.compareTo(n.subtract(BigInteger.TWO)) > 0) {
      throw new IllegalArgumentException("SM2 private key out of range [1, n-2]");
    }
    this.dPlusOneInverse = BigIntegers.modOddInverse(n, d.add(BigInteger.ONE));
    this.publicPoint = group.multiplyBase(d);
    this.z = group.z(userId, publicPoint);
    this.zDigest = new Sm3Engine();
    zDigest.update(z, 0, z.length);
  }

  /**
   * The group.
   *
   * @return the group
   */
  public Sm2Group group() {
    return group;
  }

  /**
   * The public point [d]G, affine.
   *
   * @return the point
   */
  public ECPoint publicPoint() {
    return publicPoint;
  }

  /**
   * Z for this key and user ID.
   *
   * @return a fresh copy of the 32 bytes
   */
  public byte[] z() {
    return z.clone();
  }

  /**
   * A fresh SM3 that has absorbed Z: feed it M, and its output is e = SM3(Z ‖ M)
   * (GB/T 32918.2-2016 §6.1 A1–A2).
   *
   * @return a new digest, owned by the caller
   */
  public Sm3Engine newDigest() {
    return new Sm3Engine(zDigest);
  }

  /**
   * Signs a message hash e = SM3(Z ‖ M) with a fresh random k (GB/T 32918.2-2016 §6.1 A3–A7).
   *
   * @param e the 32-byte hash
   * @param random the source of k
   * @return {r, s}, each in [1, n−1]
   */
  public BigInteger[] sign(byte[] e, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    BigInteger eInt = new BigInteger(1, e);
    BigInteger n = group.order();
    byte[] buffer = new byte[(n.bitLength() + 7) / 8];
    try {
      for (;;) {
        BigInteger[] rs = attempt(eInt, randomScalar(random, n, buffer));
        if (rs != null) {
          return rs;
        }
      }
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /**
   * Signs with a chosen k: for known-answer tests only, which is why it is not public.
   *
   * @throws IllegalArgumentException if k is out of range or gives r = 0, r + k = n or s = 0
   */
  BigInteger[] sign(byte[] e, BigInteger k) {
    BigInteger n = group.order();
    if (k.signum() <= 0 || k.compareTo(n) >= 0) {
      throw new IllegalArgumentException("k out of range [1, n-1]");
    }
    BigInteger[] rs = attempt(new BigInteger(1, e), k);
    if (rs == null) {
      throw new IllegalArgumentException("this k gives r = 0, r + k = n or s = 0");
    }
    return rs;
  }

  /** Steps A4–A6; null when this k must be replaced. */
  private BigInteger[] attempt(BigInteger e, BigInteger k) {
    BigInteger n = group.order();
    BigInteger x1 = group.baseMultiplyX(k);
    BigInteger r = e.add(x1).mod(n);
    if (r.signum() == 0 || r.add(k).equals(n)) {
      return null;
    }
    // s = (1 + d)⁻¹(k − r·d) = (1 + d)⁻¹(k + r) − r  (mod n): one multiplication fewer.
    BigInteger s = dPlusOneInverse.multiply(k.add(r)).subtract(r).mod(n);
    if (s.signum() == 0) {
      return null;
    }
    return new BigInteger[] {r, s};
  }

  /** Uniform in [1, n−1]: draw as many bits as n has and reject until in range. */
  static BigInteger randomScalar(SecureRandom random, BigInteger n, byte[] buffer) {
    int excessBits = buffer.length * 8 - n.bitLength();
    for (;;) {
      random.nextBytes(buffer);
      buffer[0] &= (byte) (0xFF >>> excessBits);
      BigInteger k = new BigInteger(1, buffer);
      if (k.signum() > 0 && k.compareTo(n) < 0) {
        return k;
      }
    }
  }

  @Override
  public String toString() {
    return "Sm2SigningKey[****]";
  }
}
