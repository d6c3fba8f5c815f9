package org.ukey.testkit.contract;

import java.util.Objects;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;

/**
 * One argument of the contract's parameterized signing tests: a claimed key spec and a claimed
 * algorithm of the same key type. Its {@link #toString()} names both, so a failing test says
 * which algorithm on which key failed.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param spec the key spec
 * @param algorithm the signature algorithm
 */
public record SigningCase(KeySpec spec, SignatureAlgorithm algorithm) {
  /**
   * Validates the pair.
   *
   * @param spec the key spec
   * @param algorithm the signature algorithm, for the spec's key type
   */
  public SigningCase {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(algorithm, "algorithm");
    if (spec.type() != algorithm.keyType()) {
      throw new IllegalArgumentException(algorithm + " does not sign with " + spec + " keys");
    }
  }

  /**
   * Names the case.
   *
   * @return for example {@code "SHA384_WITH_ECDSA on ec-p256"}
   */
  @Override
  public String toString() {
    return algorithm + " on " + spec;
  }
}
