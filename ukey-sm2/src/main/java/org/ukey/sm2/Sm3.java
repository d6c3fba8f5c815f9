package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * SM3 (GB/T 32905-2016), the 256-bit hash of the GM suite.
 *
 * <p><b>Thread-safety:</b> the static methods are thread-safe.
 */
public final class Sm3 {
  /** The digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int BUFFER = 64 * 1024;

  private Sm3() {}

  /**
   * SM3 of a byte array.
   *
   * @param data the data
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[] data) {
    Objects.requireNonNull(data, "data");
    SM3Digest d = new SM3Digest();
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
    SM3Digest d = new SM3Digest();
    byte[] buf = new byte[BUFFER];
    for (int n; (n = in.read(buf)) >= 0; ) {
      d.update(buf, 0, n);
    }
    byte[] out = new byte[DIGEST_LENGTH];
    d.doFinal(out, 0);
    return out;
  }
}
