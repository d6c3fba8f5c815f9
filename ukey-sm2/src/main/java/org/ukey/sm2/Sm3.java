package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.bouncycastle.crypto.ExtendedDigest;
import org.ukey.sm2.internal.Sm3Engine;
import org.ukey.sm2.internal.Streams;

/**
 * SM3 (GB/T 32905-2016), the 256-bit hash of the GM suite.
 *
 * <p><b>Thread-safety:</b> the static methods are thread-safe.
 */
public final class Sm3 {
  /** The digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;


  private Sm3() {}

  /**
   * A fresh incremental SM3 engine, the SDK's own implementation of GB/T 32905-2016 (faster than
   * BouncyCastle's {@code SM3Digest}, with the same results). It is a BouncyCastle {@link
   * ExtendedDigest} and also a {@link org.bouncycastle.util.Memoable}, so it can stand wherever
   * {@code new SM3Digest()} did: in {@code HMac}, {@code SM2Signer}, {@code
   * PKCS5S2ParametersGenerator}, or fed directly. {@code doFinal} writes 32 bytes and resets it.
   *
   * <p><b>Thread-safety:</b> the engine returned is not thread-safe; use one per thread or per
   * message ({@code ((Memoable) d).copy()} forks an independent one).
   *
   * @return a new engine at the initial value
   */
  public static ExtendedDigest newDigest() {
    return new Sm3Engine();
  }

  /**
   * SM3 of a byte array.
   *
   * @param data the data
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[] data) {
    Objects.requireNonNull(data, "data");
    Sm3Engine d = new Sm3Engine();
    d.update(data, 0, data.length);
    byte[] out = new byte[DIGEST_LENGTH];
    d.doFinal(out, 0);
    return out;
  }

  /**
   * SM3 of everything read from a stream, in constant memory. Does not close the stream.
   *
   * @param in the data
   * @return the 32-byte digest
   * @throws IOException if reading fails
   */
  public static byte[] digest(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    Sm3Engine d = new Sm3Engine();
    Streams.pump(in, d::update);
    byte[] out = new byte[DIGEST_LENGTH];
    d.doFinal(out, 0);
    return out;
  }
}
