package org.ukey.sm2.engine;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.ukey.sm2.internal.Sm3Engine;

/**
 * The elliptic-curve group an SM2 key lives on, with the three scalar multiplications SM2 needs
 * (GB/T 32918.2-2016 §6.1 A4, §7.1 B6, and the public key of a private key).
 *
 * <p>Two implementations: sm2p256v1 (GB/T 32918.5) runs on a fast path built on BouncyCastle's
 * optimized field ({@code SM2P256V1Field} of {@code CustomNamedCurves}) with precomputed tables;
 * any other prime curve (such as the test curve of GB/T 32918.2 Annex A) runs on BouncyCastle's
 * generic point arithmetic.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public abstract class Sm2Group {
  /** sm2p256v1 on BouncyCastle's optimized curve (never the generic one GMNamedCurves gives). */
  public static final ECNamedDomainParameters SM2P256V1 = sm2p256v1Domain();

  private final ECDomainParameters domain;
  private final int fieldLength;
  /** a ‖ b ‖ xG ‖ yG, the fixed middle of the Z input (GM/T 0009-2012 §8.1). */
  private final byte[] curveBytes;

  Sm2Group(ECDomainParameters domain) {
    this.domain = domain;
    this.fieldLength = (domain.getCurve().getFieldSize() + 7) / 8;
    ECPoint g = domain.getG().normalize();
    curveBytes = new byte[4 * fieldLength];
    put(domain.getCurve().getA().toBigInteger(), curveBytes, 0);
    put(domain.getCurve().getB().toBigInteger(), curveBytes, fieldLength);
    put(g.getAffineXCoord().toBigInteger(), curveBytes, 2 * fieldLength);
    put(g.getAffineYCoord().toBigInteger(), curveBytes, 3 * fieldLength);
  }

  /**
   * The group of sm2p256v1, on the fast path.
   *
   * @return the shared instance
   */
  public static Sm2Group sm2p256v1() {
    return Sm2P256Group.INSTANCE;
  }

  /**
   * The group of a domain: the fast path when it is sm2p256v1, the generic path for any other
   * prime curve.
   *
   * @param domain the curve, base point and order
   * @return the group
   * @throws IllegalArgumentException if the curve is not over a prime field or the cofactor is
   *     not 1 (SM2 as specified in GB/T 32918.2 assumes a prime-order group)
   */
  public static Sm2Group of(ECDomainParameters domain) {
    Objects.requireNonNull(domain, "domain");
    if (isSm2p256v1(domain)) {
      return Sm2P256Group.INSTANCE;
    }
    if (!(domain.getCurve() instanceof ECCurve.AbstractFp)) {
      throw new IllegalArgumentException("SM2 here runs on prime-field curves only");
    }
    if (!BigInteger.ONE.equals(domain.getH())) {
      throw new IllegalArgumentException("SM2 here needs a prime-order curve (cofactor 1)");
    }
    return new GenericSm2Group(domain);
  }

  static boolean isSm2p256v1(ECDomainParameters d) {
    return d.getN().equals(SM2P256V1.getN())
        && d.getCurve().getField().getCharacteristic().equals(
            SM2P256V1.getCurve().getField().getCharacteristic())
        && d.getCurve().getA().toBigInteger().equals(SM2P256V1.getCurve().getA().toBigInteger())
        && d.getCurve().getB().toBigInteger().equals(SM2P256V1.getCurve().getB().toBigInteger())
        && d.getG().normalize().getAffineXCoord().toBigInteger().equals(
            SM2P256V1.getG().getAffineXCoord().toBigInteger())
        && d.getG().normalize().getAffineYCoord().toBigInteger().equals(
            SM2P256V1.getG().getAffineYCoord().toBigInteger());
  }

  /**
   * The domain parameters.
   *
   * @return the domain
   */
  public final ECDomainParameters domain() {
    return domain;
  }

  /**
   * The order n of the base point.
   *
   * @return n
   */
  public final BigInteger order() {
    return domain.getN();
  }

  /**
   * The length in bytes of a field element (32 for sm2p256v1).
   *
   * @return the length
   */
  public final int fieldLength() {
    return fieldLength;
  }

  /**
   * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GM/T 0009-2012 §8.1 (GB/T 32918.2-2016 §5.5).
   *
   * @param userId the ID, shorter than 8192 bytes (ENTL is its bit length in 16 bits)
   * @param q the public key, a point of this group
   * @return the 32-byte Z
   * @throws IllegalArgumentException if the ID is 8192 bytes or longer
   */
  public final byte[] z(byte[] userId, ECPoint q) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(q, "q");
    if (userId.length >= 8192) {
      throw new IllegalArgumentException(
          "SM2 user ID must be shorter than 8192 bytes (ENTL is 16 bits of bit length), was "
              + userId.length);
    }
    ECPoint a = q.normalize();
    byte[] key = new byte[2 * fieldLength];
    put(a.getAffineXCoord().toBigInteger(), key, 0);
    put(a.getAffineYCoord().toBigInteger(), key, fieldLength);
    Sm3Engine d = new Sm3Engine();
    int entl = userId.length * 8;
    d.update((byte) (entl >>> 8));
    d.update((byte) entl);
    d.update(userId, 0, userId.length);
    d.update(curveBytes, 0, curveBytes.length);
    d.update(key, 0, key.length);
    byte[] z = new byte[d.getDigestSize()];
    d.doFinal(z, 0);
    return z;
  }

  /**
   * Whether a point is a valid public key of this group: on the curve, not the point at
   * infinity (GB/T 32918.1-2016 §6.2.1; the cofactor is 1, so no order check is needed).
   *
   * @param q the point
   * @return true when valid
   */
  public final boolean isValidPublicPoint(ECPoint q) {
    if (q == null || q.isInfinity() || !q.getCurve().equals(domain.getCurve())) {
      return false;
    }
    return q.isValid();
  }

  /**
   * Imports a point given by affine coordinates onto this group's curve and validates it.
   *
   * @param x the x-coordinate
   * @param y the y-coordinate
   * @return the point
   * @throws IllegalArgumentException if the point is not on the curve
   */
  public final ECPoint point(BigInteger x, BigInteger y) {
    ECPoint q;
    try {
      q = domain.getCurve().createPoint(x, y);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("coordinates are not field elements of the curve", e);
    }
    if (!isValidPublicPoint(q)) {
      throw new IllegalArgumentException("point is not on the curve");
    }
    return q;
  }

  /**
   * [d]G in affine form, for deriving a public key. Runs on the secret-scalar path.
   *
   * @param d a scalar in [1, n-1]
   * @return the normalized point
   */
  public abstract ECPoint multiplyBase(BigInteger d);

  /**
   * The affine x-coordinate of [k]G, step A4 of GB/T 32918.2-2016 §6.1. Runs on the
   * secret-scalar path.
   *
   * @param k a scalar in [1, n-1]
   * @return x1
   */
  abstract BigInteger baseMultiplyX(BigInteger k);

  /**
   * Precomputation for verifying with one public key, kept by its verifier.
   *
   * @param q a valid public point of this group
   * @return the table
   */
  abstract PublicPointTable precompute(ECPoint q);

  /** Precomputed multiples of a public point, and the verification equation over them. */
  abstract static class PublicPointTable {
    /**
     * Whether [s]G + [t]Q is a finite point whose x-coordinate reduced mod n equals
     * {@code expected}: step B6/B7 of GB/T 32918.2-2016 §7.1 rearranged as x1 ≡ r − e.
     *
     * @param s s in [1, n-1]
     * @param t t = r + s mod n, not zero
     * @param expected (r − e) mod n
     * @return true when the equation holds
     */
    abstract boolean sumXEquals(BigInteger s, BigInteger t, BigInteger expected);
  }

  private void put(BigInteger v, byte[] out, int off) {
    BigIntegers.asUnsignedByteArray(v, out, off, fieldLength);
  }

  private static ECNamedDomainParameters sm2p256v1Domain() {
    X9ECParameters x9 = CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    return new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, x9);
  }
}
