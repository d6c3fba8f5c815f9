package org.ukey.sm2;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.ukey.api.SignatureAlgorithm;

/**
 * The SM2 curve sm2p256v1 (GB/T 32918.5) and the Z value of GM/T 0009-2012 §8.1.
 *
 * <p>The domain is BouncyCastle's optimized implementation ({@code CustomNamedCurves},
 * {@code SM2P256V1Curve}); the generic curve that {@code GMNamedCurves} returns is about five
 * times slower and is never used on a signing path.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class Sm2 {
  /** The curve OID, 1.2.156.10197.1.301 (GB/T 33560-2017 Table A.1). */
  public static final String CURVE_OID = "1.2.156.10197.1.301";

  static final X9ECParameters X9 = CustomNamedCurves.getByName("sm2p256v1");
  static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, X9);

  private static final int FIELD_LENGTH = 32;

  private Sm2() {}

  /**
   * The order n of the base point.
   *
   * @return n
   */
  public static BigInteger order() {
    return DOMAIN.getN();
  }

  /**
   * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GM/T 0009-2012 §8.1 (GB/T 32918.2-2016 §5.5).
   *
   * @param userId the signer's ID, shorter than 8192 bytes
   * @param publicKey the signer's SM2 public key
   * @return the 32-byte Z
   * @throws IllegalArgumentException if the ID is too long or the key is not on sm2p256v1
   */
  public static byte[] z(byte[] userId, ECPublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    ECPoint q = DOMAIN.getCurve().createPoint(publicKey.getW().getAffineX(),
        publicKey.getW().getAffineY());
    if (!q.isValid()) {
      throw new IllegalArgumentException("public key is not a point of sm2p256v1");
    }
    return z(userId, q);
  }

  static byte[] z(byte[] userId, ECPoint q) {
    Objects.requireNonNull(userId, "userId");
    if (userId.length > SignatureAlgorithm.MAX_SM2_USER_ID_LENGTH) {
      throw new IllegalArgumentException("SM2 user ID must be shorter than 8192 bytes");
    }
    SM3Digest d = new SM3Digest();
    int entl = userId.length * 8;
    d.update((byte) (entl >>> 8));
    d.update((byte) entl);
    d.update(userId, 0, userId.length);
    update(d, DOMAIN.getCurve().getA().toBigInteger());
    update(d, DOMAIN.getCurve().getB().toBigInteger());
    update(d, DOMAIN.getG().getAffineXCoord().toBigInteger());
    update(d, DOMAIN.getG().getAffineYCoord().toBigInteger());
    ECPoint n = q.normalize();
    update(d, n.getAffineXCoord().toBigInteger());
    update(d, n.getAffineYCoord().toBigInteger());
    byte[] z = new byte[Sm3.DIGEST_LENGTH];
    d.doFinal(z, 0);
    return z;
  }

  private static void update(SM3Digest d, BigInteger v) {
    byte[] b = BigIntegers.asUnsignedByteArray(FIELD_LENGTH, v);
    d.update(b, 0, b.length);
  }
}
