package org.ukey.testkit.contract;

import org.junit.jupiter.api.Nested;

/**
 * The whole {@code Token} contract: every provider of the SDK (the soft token, PKCS#11 on
 * SoftHSM and on the GM soft token) and every integrator's own provider must pass it. One
 * suite, many tokens.
 *
 * <h2>Running it against your provider</h2>
 *
 * <ol>
 *   <li>Add {@code org.ukey:ukey-testkit} in {@code test} scope.
 *   <li>Implement {@link TokenContractFixture}: open a fresh token in a given directory, its
 *       PINs, the key specs and algorithms you claim, and the optional {@link TokenFeature}s
 *       (exact retry counts, PIN lock and its limit, SO unlock, must-change PINs, certificate
 *       storage, key deletion, signing a caller's digest).
 *   <li>Extend this class:
 *       <pre>{@code
 * class MyProviderContractTest extends TokenContract {
 *   @Override
 *   protected TokenContractFixture fixture() {
 *     return new MyTokenFixture();
 *   }
 * }
 * }</pre>
 *   <li>Run {@code mvn test}. Each concern is a nested class ({@code Info}, {@code Pins},
 *       {@code KeyGeneration}, {@code Signing}, {@code StreamSigning}, {@code ConcurrentSigning},
 *       {@code SessionClose}, {@code CertificateStorage}); a failure names the algorithm and key
 *       spec. Tests of features you do not claim are reported as skipped, with the feature's
 *       name.
 * </ol>
 *
 * <p>To run only some concerns, extend their classes directly ({@link TokenInfoContract},
 * {@link PinContract}, {@link KeyGenerationContract}, {@link SigningContract},
 * {@link StreamSigningContract}, {@link ConcurrentSigningContract},
 * {@link SessionCloseContract}, {@link CertificateStorageContract}), each with the same
 * {@code fixture()} method.
 *
 * <p>What it costs: one RSA key per claimed RSA spec in each of three classes (key generation,
 * signing, streaming), a 64 MiB stream per claimed algorithm, and 16,000 signatures from 8
 * threads. Give the test JVM at least 256 MiB of heap, and let {@code System.gc()} work (no
 * {@code -XX:+DisableExplicitGC}): the streaming test measures the live heap.
 *
 * <p><b>Security:</b> the suite locks and resets PINs and generates and deletes keys; point it
 * only at tokens made for testing.
 *
 * <p><b>Thread-safety:</b> JUnit runs the nested classes one after another; only
 * {@code ConcurrentSigning} uses threads, against one session.
 */
public abstract class TokenContract {
  /**
   * The fixture of the provider under test; called once by each nested class.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /** {@link TokenInfoContract} on this fixture. */
  @Nested
  public class Info extends TokenInfoContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link PinContract} on this fixture. */
  @Nested
  public class Pins extends PinContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link KeyGenerationContract} on this fixture. */
  @Nested
  public class KeyGeneration extends KeyGenerationContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link SigningContract} on this fixture. */
  @Nested
  public class Signing extends SigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link StreamSigningContract} on this fixture. */
  @Nested
  public class StreamSigning extends StreamSigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link ConcurrentSigningContract} on this fixture. */
  @Nested
  public class ConcurrentSigning extends ConcurrentSigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link SessionCloseContract} on this fixture. */
  @Nested
  public class SessionClose extends SessionCloseContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }

  /** {@link CertificateStorageContract} on this fixture. */
  @Nested
  public class CertificateStorage extends CertificateStorageContract {
    @Override
    protected TokenContractFixture fixture() {
      return TokenContract.this.fixture();
    }
  }
}
