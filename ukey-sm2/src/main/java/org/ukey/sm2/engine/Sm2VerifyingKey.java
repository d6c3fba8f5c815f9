package org.ukey.sm2.engine;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.ukey.sm2.internal.Sm3Engine;

/**
 * An SM2 public key bound to one user ID, with Z (GM/T 0009-2012 §8.1) and the precomputed
 * multiples of the public point kept for every verification.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class Sm2VerifyingKey {
  private final Sm2Group group;
  private final ECPoint publicPoint;
  private final byte[] z;
  private final Sm3Engine zDigest;
  private final Sm2Group.PublicPointTable table;

  /**
   * Prepares a public key for verifying.
   *
   * @param group the curve
   * @param q the public point; imported onto the group's curve and validated
   * @param userId the signer's ID, shorter than 8192 bytes
   * @throws IllegalArgumentException if q is not a valid point of the group or the ID is too long
   */
  public Sm2VerifyingKey(Sm2Group group, ECPoint q, byte[] userId) {
    this.group = Objects.requireNonNull(group, "group");
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(userId, "userId");
    if (q.isInfinity()) {
      throw new IllegalArgumentException("public key is the point at infinity");
    }
    ECPoint a = q.normalize();
    this.publicPoint = group.point(a.getAffineXCoord().toBigInteger(),
        a.getAffineYCoord().toBigInteger());
    this.z = group.z(userId, publicPoint);
    this.zDigest = new Sm3Engine();
    zDigest.update(z, 0, z.length);
    this.table = group.precompute(publicPoint);
  }

  /**
   * The public point, on the group's curve.
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
   * A fresh SM3 that has absorbed Z: feed it M', and its output is e' = SM3(Z ‖ M')
   * (GB/T 32918.2-2016 §7.1 B3–B4).
   *
   * @return a new digest, owned by the caller
   */
  public Sm3Engine newDigest() {
    return new Sm3Engine(zDigest);
  }

  /**
   * Checks a signature over a message hash, GB/T 32918.2-2016 §7.1 B1–B7.
   *
   * @param e the 32-byte hash e' = SM3(Z ‖ M')
   * @param r r'
   * @param s s'
   * @return true when the signature is valid
   */
  public boolean verify(byte[] e, BigInteger r, BigInteger s) {
    BigInteger n = group.order();
    if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
      return false; // B1, B2
    }
    BigInteger t = r.add(s).mod(n);
    if (t.signum() == 0) {
      return false; // B5
    }
    // B6–B7: R = (e' + x1') mod n == r'  ⇔  x1' ≡ r' − e' (mod n).
    BigInteger expected = r.subtract(new BigInteger(1, e)).mod(n);
    return table.sumXEquals(s, t, expected);
  }

  @Override
  public String toString() {
    return "Sm2VerifyingKey[" + publicPoint.getAffineXCoord() + "]";
  }
}
