package org.ukey.sm2.soft;

/**
 * How a soft token is created: PIN retry limit, the cost of the PIN key derivation, and whether
 * the initial PIN must be changed.
 *
 * <pre>{@code
 * SoftTokenOptions options = SoftTokenOptions.builder()
 *     .maxPinRetries(10)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: {@value #DEFAULT_MAX_PIN_RETRIES} tries for the user PIN and the same for the SO
 * PIN; scrypt with N = 2^16, r = 8, p = 2 (64 MiB, the strength OWASP's Password Storage Cheat
 * Sheet lists as equivalent to its minimum N = 2^17, r = 8, p = 1); must-change on.
 *
 * <p><b>Security:</b> the scrypt cost is the only defence against someone who copies a token
 * file and guesses PINs offline, so lower it only for tests, for example
 * {@code scryptCost(10, 8, 1)}. A token's options are stored in its file when it is created and
 * cannot be changed afterwards; a PIN change keeps the token's cost.
 *
 * <p><b>Thread-safety:</b> immutable. The builder is not thread-safe.
 */
public final class SoftTokenOptions {
  /** Default number of wrong PINs (user, and separately SO) before the PIN locks. */
  public static final int DEFAULT_MAX_PIN_RETRIES = 6;
  /** Default scrypt log2(N). */
  public static final int DEFAULT_SCRYPT_LOG2N = 16;
  /** Default scrypt block size r. */
  public static final int DEFAULT_SCRYPT_R = 8;
  /** Default scrypt parallelism p. */
  public static final int DEFAULT_SCRYPT_P = 2;

  private static final SoftTokenOptions DEFAULTS = builder().build();

  private final int maxPinRetries;
  private final ScryptCost scrypt;
  private final boolean mustChangePin;

  private SoftTokenOptions(Builder b) {
    this.maxPinRetries = b.maxPinRetries;
    this.scrypt = new ScryptCost(b.log2N, b.r, b.p);
    this.mustChangePin = b.mustChangePin;
  }

  /**
   * The default options.
   *
   * @return the defaults
   */
  public static SoftTokenOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wrong PINs allowed before the PIN locks; applies to the user PIN and, with its own counter,
   * to the SO PIN.
   *
   * @return 1 to 100
   */
  public int maxPinRetries() {
    return maxPinRetries;
  }

  /**
   * scrypt's CPU/memory cost exponent: N = 2^log2N.
   *
   * @return log2(N)
   */
  public int scryptLog2N() {
    return scrypt.log2N();
  }

  /**
   * scrypt's block size.
   *
   * @return r
   */
  public int scryptR() {
    return scrypt.r();
  }

  /**
   * scrypt's parallelism.
   *
   * @return p
   */
  public int scryptP() {
    return scrypt.p();
  }

  /**
   * Whether the user PIN set at creation, and each PIN set by the SO with
   * {@link org.ukey.api.Token#unlockPin}, must be changed before the first login (seed 000 §11.1,
   * seed 001 §23; PKCS#11 {@code CKF_USER_PIN_TO_BE_CHANGED}).
   *
   * @return true by default
   */
  public boolean mustChangePin() {
    return mustChangePin;
  }

  ScryptCost scryptCost() {
    return scrypt;
  }

  @Override
  public String toString() {
    return "SoftTokenOptions[maxPinRetries=" + maxPinRetries + ", " + scrypt + ", mustChangePin="
        + mustChangePin + "]";
  }

  /**
   * Builds {@link SoftTokenOptions}. Setters check their argument at once.
   *
   * <p><b>Thread-safety:</b> not thread-safe.
   */
  public static final class Builder {
    private int maxPinRetries = DEFAULT_MAX_PIN_RETRIES;
    private int log2N = DEFAULT_SCRYPT_LOG2N;
    private int r = DEFAULT_SCRYPT_R;
    private int p = DEFAULT_SCRYPT_P;
    private boolean mustChangePin = true;

    private Builder() {}

    /**
     * Sets how many wrong PINs lock the PIN (user and SO alike).
     *
     * @param retries 1 to 100
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxPinRetries(int retries) {
      if (retries < 1 || retries > TokenFile.MAX_RETRIES) {
        throw new IllegalArgumentException("maxPinRetries must be 1.." + TokenFile.MAX_RETRIES
            + ", was " + retries);
      }
      this.maxPinRetries = retries;
      return this;
    }

    /**
     * Sets the scrypt cost (RFC 7914): N = 2^log2N, block size r, parallelism p. Memory use is
     * 128·r·N bytes.
     *
     * @param log2N 10 to 22
     * @param r 1 to 32
     * @param p 1 to 16
     * @return this
     * @throws IllegalArgumentException if out of range or above 1 GiB of memory
     */
    public Builder scryptCost(int log2N, int r, int p) {
      String problem = ScryptCost.problem(log2N, r, p);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      this.log2N = log2N;
      this.r = r;
      this.p = p;
      return this;
    }

    /**
     * Sets whether initial and SO-set PINs must be changed before use.
     *
     * @param mustChange true (the default) to require the change
     * @return this
     */
    public Builder mustChangePin(boolean mustChange) {
      this.mustChangePin = mustChange;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SoftTokenOptions build() {
      return new SoftTokenOptions(this);
    }
  }
}
