package org.ukey.sm2;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UnsupportedAlgorithmException;

/** SM2 keys with given values, as JCA objects, for known-answer tests. */
final class TestKeys {
  /** SPKI prefix: id-ecPublicKey with curve 1.2.156.10197.1.301, then BIT STRING 04‖x‖y. */
  private static final byte[] SPKI_PREFIX =
      Hex.decode("3059301306072a8648ce3d020106082a811ccf5501822d03420004");

  private TestKeys() {}

  static ECPublicKey sm2Public(BigInteger x, BigInteger y) {
    byte[] spki = new byte[SPKI_PREFIX.length + 64];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    BigIntegers.asUnsignedByteArray(x, spki, SPKI_PREFIX.length, 32);
    BigIntegers.asUnsignedByteArray(y, spki, SPKI_PREFIX.length + 32, 32);
    try {
      return (ECPublicKey) SoftKeys.publicKey(spki);
    } catch (InvalidEncodingException e) {
      throw new AssertionError(e);
    }
  }

  static PrivateKey sm2Private(BigInteger d) {
    try {
      return SoftKeys.toPrivateKey(new ECPrivateKeyParameters(d, Sm2.DOMAIN));
    } catch (UnsupportedAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
