package org.ukey.sm2.internal;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.ukey.api.DigestAlgorithm;

/**
 * BouncyCastle's digest engines by the API's typed ids: the one place that maps a
 * {@link DigestAlgorithm} to an engine, for the signers, verifiers, CMS and
 * {@link org.ukey.sm2.Digests}.
 *
 * <p><b>Thread-safety:</b> stateless; each engine returned is new and not thread-safe.
 */
public final class DigestEngines {
  private DigestEngines() {}

  /**
   * A fresh engine.
   *
   * @param alg the algorithm
   * @return the engine
   */
  public static Digest create(DigestAlgorithm alg) {
    return switch (alg) {
      case SM3 -> new Sm3Engine();
      case SHA256 -> new SHA256Digest();
      case SHA384 -> new SHA384Digest();
      case SHA512 -> new SHA512Digest();
    };
  }
}
