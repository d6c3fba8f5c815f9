package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.engine.Sm2Group;
import org.ukey.sm2.internal.Sm3Engine;
import org.ukey.sm2.internal.Streams;

/**
 * The SM2 curve sm2p256v1 (GB/T 32918.5) and the hashing that precedes an SM2 signature: the Z
 * value of GM/T 0009-2012 §8.1 and e = SM3(Z ‖ M) of GB/T 32918.2-2016 §6.1 A1–A2. A token that
 * signs only a 32-byte e (a raw {@code CKM_SM2}-style mechanism) gets its input from
 * {@link #digestForSigning(byte[], ECPublicKey, byte[])}.
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

  static final ECNamedDomainParameters DOMAIN = Sm2Group.SM2P256V1;


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
    Objects.requireNonNull(userId, "userId");
    return Sm2Group.sm2p256v1().z(checkedId(userId), point(publicKey));
  }

  /**
   * e = SM3(Z ‖ M), the 32 bytes an SM2 signature is computed over (GB/T 32918.2-2016 §6.1
   * A1–A2).
   *
   * @param userId the signer's ID, shorter than 8192 bytes
   * @param publicKey the signer's SM2 public key
   * @param message M
   * @return e
   * @throws IllegalArgumentException if the ID is too long or the key is not on sm2p256v1
   */
  public static byte[] digestForSigning(byte[] userId, ECPublicKey publicKey, byte[] message) {
    Objects.requireNonNull(message, "message");
    Sm3Engine d = zDigest(userId, publicKey);
    d.update(message, 0, message.length);
    return finish(d);
  }

  /**
   * e = SM3(Z ‖ M) over everything read from a stream, in constant memory. Does not close the
   * stream.
   *
   * @param userId the signer's ID, shorter than 8192 bytes
   * @param publicKey the signer's SM2 public key
   * @param message M
   * @return e
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the ID is too long or the key is not on sm2p256v1
   */
  public static byte[] digestForSigning(byte[] userId, ECPublicKey publicKey, InputStream message)
      throws IOException {
    Objects.requireNonNull(message, "message");
    Sm3Engine d = zDigest(userId, publicKey);
    Streams.pump(message, d::update);
    return finish(d);
  }

  private static Sm3Engine zDigest(byte[] userId, ECPublicKey publicKey) {
    byte[] z = z(userId, publicKey);
    Sm3Engine d = new Sm3Engine();
    d.update(z, 0, z.length);
    return d;
  }

  private static byte[] finish(Sm3Engine d) {
    byte[] e = new byte[Sm3.DIGEST_LENGTH];
    d.doFinal(e, 0);
    return e;
  }

  private static byte[] checkedId(byte[] userId) {
    if (userId.length > SignatureAlgorithm.MAX_SM2_USER_ID_LENGTH) {
      throw new IllegalArgumentException("SM2 user ID must be shorter than 8192 bytes, was "
          + userId.length);
    }
    return userId;
  }

  private static ECPoint point(ECPublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (!SoftKeys.isSm2(publicKey)) {
      throw new IllegalArgumentException("public key is not on sm2p256v1");
    }
    return Sm2Group.sm2p256v1().point(publicKey.getW().getAffineX(),
        publicKey.getW().getAffineY());
  }
}
