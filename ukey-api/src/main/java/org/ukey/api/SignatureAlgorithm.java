package org.ukey.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A signature algorithm, typed: its stable name, OID, JCA name, digest, key family and, for
 * SM2, the signer's user ID.
 *
 * <p>SM2 (GB/T 32918.2) signs e = SM3(Z‖M), where Z = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) binds the
 * signer's user ID and public key (GM/T 0009-2012 §8). {@link #SM3_WITH_SM2} carries the default
 * ID {@code "1234567812345678"} (GM/T 0009-2012 §10); {@link #withSm2UserId(byte[])} makes the
 * same algorithm with another ID. The ID is part of equality: a signature made with one ID does
 * not verify with another.
 *
 * <p>RSA-PSS uses MGF1 with the same digest and a salt as long as the digest (RFC 8017 §9.1,
 * the common profile of RFC 4055).
 *
 * <p><b>Thread-safety:</b> immutable. Accessors return copies of arrays.
 */
public final class SignatureAlgorithm {
  private static final byte[] DEFAULT_SM2_USER_ID =
      "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  /**
   * The largest SM2 user ID: ENTL is its length in bits in two bytes (GM/T 0009-2012 §8.1), so
   * the ID is shorter than 8192 bytes.
   */
  public static final int MAX_SM2_USER_ID_LENGTH = 8191;

  /** SM2 signature with SM3 and the default user ID; OID 1.2.156.10197.1.501. Output DER. */
  public static final SignatureAlgorithm SM3_WITH_SM2 = new SignatureAlgorithm("SM3_WITH_SM2",
      "sm3-sm2", "1.2.156.10197.1.501", "SM3withSM2", KeyType.SM2, DigestAlgorithm.SM3, false,
      DEFAULT_SM2_USER_ID);
  /** RSA PKCS#1 v1.5 with SHA-256; OID 1.2.840.113549.1.1.11. */
  public static final SignatureAlgorithm SHA256_WITH_RSA = new SignatureAlgorithm(
      "SHA256_WITH_RSA", "sha256-rsa", "1.2.840.113549.1.1.11", "SHA256withRSA", KeyType.RSA,
      DigestAlgorithm.SHA256, false, null);
  /** RSA PKCS#1 v1.5 with SHA-384; OID 1.2.840.113549.1.1.12. */
  public static final SignatureAlgorithm SHA384_WITH_RSA = new SignatureAlgorithm(
      "SHA384_WITH_RSA", "sha384-rsa", "1.2.840.113549.1.1.12", "SHA384withRSA", KeyType.RSA,
      DigestAlgorithm.SHA384, false, null);
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt; OID 1.2.840.113549.1.1.10. */
  public static final SignatureAlgorithm SHA256_WITH_RSA_PSS = new SignatureAlgorithm(
      "SHA256_WITH_RSA_PSS", "sha256-rsa-pss", "1.2.840.113549.1.1.10", "SHA256withRSA/PSS",
      KeyType.RSA, DigestAlgorithm.SHA256, true, null);
  /** RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt; OID 1.2.840.113549.1.1.10. */
  public static final SignatureAlgorithm SHA384_WITH_RSA_PSS = new SignatureAlgorithm(
      "SHA384_WITH_RSA_PSS", "sha384-rsa-pss", "1.2.840.113549.1.1.10", "SHA384withRSA/PSS",
      KeyType.RSA, DigestAlgorithm.SHA384, true, null);
  /** ECDSA with SHA-256; OID 1.2.840.10045.4.3.2. Output DER. */
  public static final SignatureAlgorithm SHA256_WITH_ECDSA = new SignatureAlgorithm(
      "SHA256_WITH_ECDSA", "sha256-ecdsa", "1.2.840.10045.4.3.2", "SHA256withECDSA", KeyType.EC,
      DigestAlgorithm.SHA256, false, null);
  /** ECDSA with SHA-384; OID 1.2.840.10045.4.3.3. Output DER. */
  public static final SignatureAlgorithm SHA384_WITH_ECDSA = new SignatureAlgorithm(
      "SHA384_WITH_ECDSA", "sha384-ecdsa", "1.2.840.10045.4.3.3", "SHA384withECDSA", KeyType.EC,
      DigestAlgorithm.SHA384, false, null);

  private static final List<SignatureAlgorithm> ALL = List.of(SM3_WITH_SM2, SHA256_WITH_RSA,
      SHA384_WITH_RSA, SHA256_WITH_RSA_PSS, SHA384_WITH_RSA_PSS, SHA256_WITH_ECDSA,
      SHA384_WITH_ECDSA);

  private final String name;
  private final String cliName;
  private final String oid;
  private final String jcaName;
  private final KeyType keyType;
  private final DigestAlgorithm digest;
  private final boolean pss;
  private final byte[] sm2UserId;

  private SignatureAlgorithm(String name, String cliName, String oid, String jcaName,
      KeyType keyType, DigestAlgorithm digest, boolean pss, byte[] sm2UserId) {
    this.name = name;
    this.cliName = cliName;
    this.oid = oid;
    this.jcaName = jcaName;
    this.keyType = keyType;
    this.digest = digest;
    this.pss = pss;
    this.sm2UserId = sm2UserId;
  }

  /**
   * All the algorithms the SDK knows, with default parameters.
   *
   * @return an immutable list
   */
  public static List<SignatureAlgorithm> values() {
    return ALL;
  }

  /**
   * Finds an algorithm by its stable name ({@code SM3_WITH_SM2}), its CLI name
   * ({@code sm3-sm2}, {@code sha256-rsa}, {@code sha256-rsa-pss}, {@code sha256-ecdsa}, …) or its
   * JCA name ({@code SM3withSM2}), ignoring case.
   *
   * @param name the name
   * @return the algorithm with default parameters, or empty when unknown
   */
  public static Optional<SignatureAlgorithm> byName(String name) {
    Objects.requireNonNull(name, "name");
    for (SignatureAlgorithm a : ALL) {
      if (a.name.equalsIgnoreCase(name) || a.cliName.equalsIgnoreCase(name)
          || a.jcaName.equalsIgnoreCase(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds an algorithm by its signature OID. RSASSA-PSS (1.2.840.113549.1.1.10) carries its
   * digest in the parameters, so it is not found by OID alone.
   *
   * @param oid the dotted OID
   * @return the algorithm, or empty when unknown or ambiguous
   */
  public static Optional<SignatureAlgorithm> byOid(String oid) {
    Objects.requireNonNull(oid, "oid");
    for (SignatureAlgorithm a : ALL) {
      if (!a.pss && a.oid.equals(oid)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The SM2 default user ID, {@code "1234567812345678"} in ASCII (GM/T 0009-2012 §10).
   *
   * @return a fresh copy
   */
  public static byte[] defaultSm2UserId() {
    return DEFAULT_SM2_USER_ID.clone();
  }

  /**
   * This SM2 algorithm with another user ID.
   *
   * @param userId the signer's identity as bytes; 0 to {@value #MAX_SM2_USER_ID_LENGTH} bytes;
   *     copied
   * @return the algorithm with that ID
   * @throws IllegalArgumentException if this is not an SM2 algorithm or the ID is too long
   */
  public SignatureAlgorithm withSm2UserId(byte[] userId) {
    Objects.requireNonNull(userId, "userId");
    if (keyType != KeyType.SM2) {
      throw new IllegalArgumentException(name + " takes no SM2 user ID");
    }
    if (userId.length > MAX_SM2_USER_ID_LENGTH) {
      throw new IllegalArgumentException("SM2 user ID must be shorter than 8192 bytes"
          + " (ENTL is 16 bits of bit length, GM/T 0009-2012 §8.1), was " + userId.length);
    }
    return new SignatureAlgorithm(name, cliName, oid, jcaName, keyType, digest, pss,
        userId.clone());
  }

  /**
   * The stable name, as the constant is named.
   *
   * @return for example {@code "SM3_WITH_SM2"}
   */
  public String name() {
    return name;
  }

  /**
   * The name the CLI uses for {@code --alg}.
   *
   * @return for example {@code "sm3-sm2"}, {@code "sha256-rsa-pss"}
   */
  public String cliName() {
    return cliName;
  }

  /**
   * The signature algorithm OID (as in an X.509 {@code AlgorithmIdentifier}).
   *
   * @return the dotted OID
   */
  public String oid() {
    return oid;
  }

  /**
   * The JCA standard name.
   *
   * @return for example {@code "SM3withSM2"}, {@code "SHA256withRSA/PSS"}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * The key family this algorithm signs with.
   *
   * @return SM2, RSA or EC
   */
  public KeyType keyType() {
    return keyType;
  }

  /**
   * The message digest.
   *
   * @return the digest
   */
  public DigestAlgorithm digest() {
    return digest;
  }

  /**
   * Whether this is RSASSA-PSS.
   *
   * @return true for the PSS variants
   */
  public boolean isPss() {
    return pss;
  }

  /**
   * The PSS salt length: the digest length for the PSS variants.
   *
   * @return the salt length in bytes, or 0 when not PSS
   */
  public int pssSaltLength() {
    return pss ? digest.length() : 0;
  }

  /**
   * The SM2 user ID this algorithm computes Z with.
   *
   * @return a fresh copy; empty for non-SM2 algorithms
   */
  public Optional<byte[]> sm2UserId() {
    return sm2UserId == null ? Optional.empty() : Optional.of(sm2UserId.clone());
  }

  /**
   * Whether this SM2 algorithm uses the default user ID {@code "1234567812345678"}.
   *
   * @return true for SM2 with the default ID; false otherwise
   */
  public boolean hasDefaultSm2UserId() {
    return sm2UserId != null && Arrays.equals(sm2UserId, DEFAULT_SM2_USER_ID);
  }

  /**
   * Whether {@code other} is the same algorithm apart from the SM2 user ID.
   *
   * @param other another algorithm
   * @return true when name, digest and key family agree
   */
  public boolean sameFamilyAs(SignatureAlgorithm other) {
    return name.equals(other.name);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SignatureAlgorithm)) {
      return false;
    }
    SignatureAlgorithm other = (SignatureAlgorithm) o;
    return name.equals(other.name) && Arrays.equals(sm2UserId, other.sm2UserId);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(sm2UserId);
  }

  /**
   * The stable name, with the SM2 user ID when it is not the default.
   *
   * @return for example {@code SM3_WITH_SM2} or {@code SM3_WITH_SM2(id="ALICE123@YAHOO.COM")}
   */
  @Override
  public String toString() {
    if (sm2UserId == null || hasDefaultSm2UserId()) {
      return name;
    }
    return name + "(id=" + describeId(sm2UserId) + ")";
  }

  private static String describeId(byte[] id) {
    boolean printable = true;
    for (byte b : id) {
      printable &= b >= 0x20 && b < 0x7f;
    }
    if (printable && id.length <= 64) {
      return "\"" + new String(id, StandardCharsets.US_ASCII) + "\"";
    }
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < Math.min(id.length, 32); i++) {
      sb.append(String.format(Locale.ROOT, "%02x", id[i] & 0xff));
    }
    return id.length > 32 ? sb + "…(" + id.length + " bytes)" : sb.toString();
  }
}
