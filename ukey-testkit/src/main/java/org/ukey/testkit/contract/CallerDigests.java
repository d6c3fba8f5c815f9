package org.ukey.testkit.contract;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;

/**
 * The digest {@link org.ukey.api.Signer#signDigest(byte[])} takes for a message, computed here
 * with BouncyCastle's digests directly (not the SDK's), so a provider is not judged by code it
 * shares: SM2's e = SM3(Z‖M) with Z = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) (GM/T 0009-2012 §8.1;
 * GB/T 32918.2-2016 §6.1 A1–A2), otherwise the hash of M.
 */
final class CallerDigests {
  private static final X9ECParameters SM2 = CustomNamedCurves.getByName("sm2p256v1");

  private CallerDigests() {}

  /** What {@code signDigest} is given to sign {@code message} with {@code algorithm}. */
  static byte[] of(PublicKey publicKey, SignatureAlgorithm algorithm, byte[] message) {
    Digest d = digest(algorithm);
    if (algorithm.keyType() == KeyType.SM2) {
      byte[] z = z(algorithm.sm2UserId().orElseThrow(), (ECPublicKey) publicKey);
      d.update(z, 0, z.length);
    }
    d.update(message, 0, message.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }

  /** SM3(M) alone: the digest a caller that forgets Z would give. */
  static byte[] sm3WithoutZ(byte[] message) {
    SM3Digest d = new SM3Digest();
    d.update(message, 0, message.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] z(byte[] id, ECPublicKey key) {
    SM3Digest d = new SM3Digest();
    int bits = id.length * 8;
    d.update((byte) (bits >>> 8));
    d.update((byte) bits);
    d.update(id, 0, id.length);
    for (BigInteger v : new BigInteger[] {SM2.getCurve().getA().toBigInteger(),
        SM2.getCurve().getB().toBigInteger(), SM2.getG().getAffineXCoord().toBigInteger(),
        SM2.getG().getAffineYCoord().toBigInteger(), key.getW().getAffineX(),
        key.getW().getAffineY()}) {
      byte[] b = BigIntegers.asUnsignedByteArray(32, v);
      d.update(b, 0, b.length);
    }
    byte[] z = new byte[32];
    d.doFinal(z, 0);
    return z;
  }

  private static Digest digest(SignatureAlgorithm algorithm) {
    switch (algorithm.digest()) {
      case SM3:
        return new SM3Digest();
      case SHA256:
        return new SHA256Digest();
      case SHA384:
        return new SHA384Digest();
      case SHA512:
        return new SHA512Digest();
      default:
        throw new IllegalArgumentException("no digest for " + algorithm);
    }
  }
}
