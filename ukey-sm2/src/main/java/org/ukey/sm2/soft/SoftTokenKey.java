package org.ukey.sm2.soft;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.ukey.api.KeySpec;
import org.ukey.api.TokenKey;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * A key on a soft token as sessions hand it out: label, id, spec, public key and certificate,
 * and the serial of the token it belongs to. Holds no private key material.
 *
 * <p>Two instances are equal when they name the same key (token serial and id) on the same
 * token, whatever certificate each snapshot carries.
 *
 * <p><b>Thread-safety:</b> immutable. Not serializable.
 */
final class SoftTokenKey implements TokenKey {
  private final String tokenSerial;
  private final String label;
  private final byte[] id;
  private final KeySpec spec;
  private final PublicKey publicKey;
  private final X509Certificate certificate;

  SoftTokenKey(String tokenSerial, String label, byte[] id, KeySpec spec, PublicKey publicKey,
      X509Certificate certificate) {
    this.tokenSerial = tokenSerial;
    this.label = label;
    this.id = id.clone();
    this.spec = spec;
    this.publicKey = publicKey;
    this.certificate = certificate;
  }

  String tokenSerial() {
    return tokenSerial;
  }

  boolean hasId(byte[] other) {
    return Arrays.equals(id, other);
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public KeySpec spec() {
    return spec;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Optional<X509Certificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SoftTokenKey)) {
      return false;
    }
    SoftTokenKey other = (SoftTokenKey) o;
    return tokenSerial.equals(other.tokenSerial) && Arrays.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return 31 * tokenSerial.hashCode() + Arrays.hashCode(id);
  }

  /**
   * Metadata only.
   *
   * @return for example {@code SoftTokenKey[label=seal, id=3f2a…, type=SM2 (sm2), subject=CN=A]}
   */
  @Override
  public String toString() {
    return "SoftTokenKey[label=" + label + ", id=" + HexFormat.of().formatHex(id) + ", type="
        + spec.type() + " (" + spec + "), subject="
        + (certificate == null ? "none"
            : DistinguishedNames.format(certificate.getSubjectX500Principal()))
        + "]";
  }
}
