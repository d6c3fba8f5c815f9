package org.ukey.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Message digests used by the SDK's signature algorithms, with their OIDs and JCA names.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum DigestAlgorithm {
  /** SM3, GB/T 32905-2016; OID 1.2.156.10197.1.401 (GB/T 33560-2017 Table A.1). */
  SM3("SM3", "1.2.156.10197.1.401", 32),
  /** SHA-256, FIPS 180-4; OID 2.16.840.1.101.3.4.2.1. */
  SHA256("SHA-256", "2.16.840.1.101.3.4.2.1", 32),
  /** SHA-384, FIPS 180-4; OID 2.16.840.1.101.3.4.2.2. */
  SHA384("SHA-384", "2.16.840.1.101.3.4.2.2", 48),
  /** SHA-512, FIPS 180-4; OID 2.16.840.1.101.3.4.2.3. */
  SHA512("SHA-512", "2.16.840.1.101.3.4.2.3", 64);

  private final String jcaName;
  private final String oid;
  private final int length;

  DigestAlgorithm(String jcaName, String oid, int length) {
    this.jcaName = jcaName;
    this.oid = oid;
    this.length = length;
  }

  /**
   * The JCA standard name.
   *
   * @return for example {@code "SHA-256"} or {@code "SM3"}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * The object identifier in dotted form.
   *
   * @return for example {@code "1.2.156.10197.1.401"}
   */
  public String oid() {
    return oid;
  }

  /**
   * The digest length.
   *
   * @return the length in bytes
   */
  public int length() {
    return length;
  }

  /**
   * Finds a digest by OID, by JCA name or by constant name, ignoring case and dashes
   * ({@code "sm3"}, {@code "SHA256"}, {@code "sha-256"}, {@code "1.2.156.10197.1.401"}).
   *
   * @param nameOrOid the name or dotted OID
   * @return the digest, or empty when unknown
   */
  public static Optional<DigestAlgorithm> byName(String nameOrOid) {
    String wanted = nameOrOid.replace("-", "").toUpperCase(Locale.ROOT);
    for (DigestAlgorithm d : values()) {
      if (d.oid.equals(nameOrOid) || d.name().equals(wanted)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
