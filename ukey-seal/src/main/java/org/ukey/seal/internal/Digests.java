package org.ukey.seal.internal;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.ukey.api.DigestAlgorithm;

/** Digests over byte arrays and streams (constant memory), by the API's typed ids. */
public final class Digests {
  private static final int BUFFER = 16 * 1024;

  private Digests() {}

  /**
   * A fresh digest engine.
   *
   * @param alg the algorithm
   * @return the engine
   */
  public static Digest engine(DigestAlgorithm alg) {
    switch (alg) {
      case SHA256:
        return new SHA256Digest();
      case SHA384:
        return new SHA384Digest();
      case SHA512:
        return new SHA512Digest();
      default:
        return new SM3Digest();
    }
  }

  /**
   * The digest of bytes.
   *
   * @param alg the algorithm
   * @param data the bytes
   * @return the digest
   */
  public static byte[] digest(DigestAlgorithm alg, byte[] data) {
    Digest d = engine(alg);
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }

  /**
   * The digest of a stream read to its end (not closed), in constant memory.
   *
   * @param alg the algorithm
   * @param in the stream
   * @return the digest
   * @throws IOException if reading fails
   */
  public static byte[] digest(DigestAlgorithm alg, InputStream in) throws IOException {
    Digest d = engine(alg);
    byte[] buf = new byte[BUFFER];
    for (int n; (n = in.read(buf)) > 0; ) {
      d.update(buf, 0, n);
    }
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
