package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.bouncycastle.crypto.Digest;
import org.ukey.api.DigestAlgorithm;
import org.ukey.sm2.internal.DigestEngines;
import org.ukey.sm2.internal.Streams;

/**
 * Message digests in software by the API's typed ids: SM3 (GB/T 32905-2016) and SHA-256,
 * SHA-384, SHA-512 (FIPS 180-4). For SM3 alone, {@link Sm3} says the same more briefly.
 *
 * <p><b>Thread-safety:</b> the static methods are thread-safe.
 */
public final class Digests {
  private Digests() {}

  /**
   * The digest of a byte array.
   *
   * @param alg the algorithm
   * @param data the data
   * @return the digest, {@code alg.length()} bytes
   */
  public static byte[] digest(DigestAlgorithm alg, byte[] data) {
    Objects.requireNonNull(data, "data");
    Digest d = DigestEngines.create(alg);
    d.update(data, 0, data.length);
    return finish(d);
  }

  /**
   * The digest of everything read from a stream, in constant memory. Does not close the stream.
   *
   * @param alg the algorithm
   * @param in the data
   * @return the digest, {@code alg.length()} bytes
   * @throws IOException if reading fails
   */
  public static byte[] digest(DigestAlgorithm alg, InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    Digest d = DigestEngines.create(alg);
    Streams.pump(in, d::update);
    return finish(d);
  }

  private static byte[] finish(Digest d) {
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
