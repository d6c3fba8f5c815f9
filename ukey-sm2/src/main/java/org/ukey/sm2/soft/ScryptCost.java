package org.ukey.sm2.soft;

import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The cost of scrypt (RFC 7914) as the soft token stores it: N = 2^log2N, block size r,
 * parallelism p. The bounds are enforced both when a token is created and when a file is read,
 * so a hostile file cannot make the reader allocate more than {@link #MAX_MEMORY_BYTES}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
record ScryptCost(int log2N, int r, int p) {
  static final int MIN_LOG2N = 10;
  static final int MAX_LOG2N = 22;
  static final int MAX_R = 32;
  static final int MAX_P = 16;
  /** scrypt's memory is 128·r·N bytes (RFC 7914 §2); the reader refuses more than 1 GiB. */
  static final long MAX_MEMORY_BYTES = 1L << 30;
  /** Length of the key-encryption key derived from a PIN: one SM4 key. */
  static final int KEK_LENGTH = 16;

  ScryptCost {
    String problem = problem(log2N, r, p);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** What is wrong with these values, or null when they are acceptable. */
  static String problem(int log2N, int r, int p) {
    if (log2N < MIN_LOG2N || log2N > MAX_LOG2N) {
      return "scrypt log2(N) must be " + MIN_LOG2N + ".." + MAX_LOG2N + ", was " + log2N;
    }
    if (r < 1 || r > MAX_R) {
      return "scrypt r must be 1.." + MAX_R + ", was " + r;
    }
    if (p < 1 || p > MAX_P) {
      return "scrypt p must be 1.." + MAX_P + ", was " + p;
    }
    if (128L * r * (1L << log2N) > MAX_MEMORY_BYTES) {
      return "scrypt memory 128·r·N must not exceed 1 GiB (log2N=" + log2N + ", r=" + r + ")";
    }
    return null;
  }

  /** Derives a key-encryption key from a PIN's UTF-8 bytes and a salt. */
  byte[] derive(byte[] pinUtf8, byte[] salt) {
    return SCrypt.generate(pinUtf8, salt, 1 << log2N, r, p, KEK_LENGTH);
  }

  @Override
  public String toString() {
    return "scrypt(N=2^" + log2N + ", r=" + r + ", p=" + p + ")";
  }
}
