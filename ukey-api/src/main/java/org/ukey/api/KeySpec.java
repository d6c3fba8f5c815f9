package org.ukey.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a key is, precisely enough to generate one: its {@link KeyType} and size or curve.
 *
 * <p>Instances come from the factories ({@link #sm2()}, {@link #rsa(int)}, {@link #ecP256()},
 * {@link #ecP384()}) or from a name ({@link #byName(String)}: {@code sm2}, {@code rsa2048},
 * {@code rsa3072}, {@code rsa4096}, {@code ec-p256}, {@code ec-p384}, as the CLI spells them).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class KeySpec {
  /** OID of the SM2 curve sm2p256v1 (GB/T 33560-2017 Table A.1: 1.2.156.10197.1.301). */
  public static final String SM2_CURVE_OID = "1.2.156.10197.1.301";

  private static final KeySpec SM2 = new KeySpec(KeyType.SM2, 256, "sm2p256v1", SM2_CURVE_OID);
  private static final KeySpec EC_P256 =
      new KeySpec(KeyType.EC, 256, "secp256r1", "1.2.840.10045.3.1.7");
  private static final KeySpec EC_P384 = new KeySpec(KeyType.EC, 384, "secp384r1", "1.3.132.0.34");

  private final KeyType type;
  private final int bits;
  private final String curveName;
  private final String curveOid;

  private KeySpec(KeyType type, int bits, String curveName, String curveOid) {
    this.type = type;
    this.bits = bits;
    this.curveName = curveName;
    this.curveOid = curveOid;
  }

  /**
   * An SM2 key on sm2p256v1.
   *
   * @return the spec
   */
  public static KeySpec sm2() {
    return SM2;
  }

  /**
   * An ECDSA key on NIST P-256 (secp256r1).
   *
   * @return the spec
   */
  public static KeySpec ecP256() {
    return EC_P256;
  }

  /**
   * An ECDSA key on NIST P-384 (secp384r1).
   *
   * @return the spec
   */
  public static KeySpec ecP384() {
    return EC_P384;
  }

  /**
   * An RSA key with a modulus of the given size.
   *
   * @param modulusBits 1024 to 16384, a multiple of 8 (generation may refuse sizes under 2048)
   * @return the spec
   * @throws IllegalArgumentException if the size is out of range
   */
  public static KeySpec rsa(int modulusBits) {
    if (modulusBits < 1024 || modulusBits > 16384 || modulusBits % 8 != 0) {
      throw new IllegalArgumentException(
          "RSA modulus size must be 1024..16384 and a multiple of 8, was " + modulusBits);
    }
    return new KeySpec(KeyType.RSA, modulusBits, null, null);
  }

  /**
   * Finds a spec by its CLI name: {@code sm2}, {@code rsa2048}, {@code rsa3072},
   * {@code rsa4096}, {@code ec-p256}, {@code ec-p384} (case-insensitive).
   *
   * @param name the name
   * @return the spec, or empty when the name is unknown
   */
  public static Optional<KeySpec> byName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "sm2":
        return Optional.of(SM2);
      case "ec-p256":
      case "p256":
      case "secp256r1":
        return Optional.of(EC_P256);
      case "ec-p384":
      case "p384":
      case "secp384r1":
        return Optional.of(EC_P384);
      case "rsa2048":
        return Optional.of(rsa(2048));
      case "rsa3072":
        return Optional.of(rsa(3072));
      case "rsa4096":
        return Optional.of(rsa(4096));
      default:
        return Optional.empty();
    }
  }

  /**
   * The key family.
   *
   * @return SM2, RSA or EC
   */
  public KeyType type() {
    return type;
  }

  /**
   * The key size: the RSA modulus size, or the curve's field size.
   *
   * @return the size in bits
   */
  public int bits() {
    return bits;
  }

  /**
   * The curve's standard name, for SM2 and EC keys.
   *
   * @return {@code sm2p256v1}, {@code secp256r1} or {@code secp384r1}; empty for RSA
   */
  public Optional<String> curveName() {
    return Optional.ofNullable(curveName);
  }

  /**
   * The curve's OID, for SM2 and EC keys (the value of PKCS#11 {@code CKA_EC_PARAMS}).
   *
   * @return the dotted OID; empty for RSA
   */
  public Optional<String> curveOid() {
    return Optional.ofNullable(curveOid);
  }

  /**
   * The CLI name of this spec.
   *
   * @return for example {@code sm2}, {@code rsa2048}, {@code ec-p256}
   */
  public String name() {
    switch (type) {
      case SM2:
        return "sm2";
      case RSA:
        return "rsa" + bits;
      default:
        return "ec-p" + bits;
    }
  }

  /**
   * The signature algorithm a key of this spec uses when none is named: SM3withSM2 for SM2,
   * SHA256withRSA for RSA, SHA256withECDSA on P-256 and SHA384withECDSA on P-384.
   *
   * @return the default algorithm
   */
  public SignatureAlgorithm defaultSignatureAlgorithm() {
    switch (type) {
      case SM2:
        return SignatureAlgorithm.SM3_WITH_SM2;
      case RSA:
        return SignatureAlgorithm.SHA256_WITH_RSA;
      default:
        return bits > 256 ? SignatureAlgorithm.SHA384_WITH_ECDSA
            : SignatureAlgorithm.SHA256_WITH_ECDSA;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeySpec)) {
      return false;
    }
    KeySpec other = (KeySpec) o;
    return type == other.type && bits == other.bits && Objects.equals(curveOid, other.curveOid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, bits, curveOid);
  }

  @Override
  public String toString() {
    return name();
  }
}
