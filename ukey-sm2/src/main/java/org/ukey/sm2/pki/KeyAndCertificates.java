package org.ukey.sm2.pki;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A private key with its certificate and the rest of its chain, as read from a PKCS#12 or PEM
 * file, ready to be imported into a token ({@code Session.importKey(privateKey(),
 * certificate().orElse(null), label)}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * <p><b>Security:</b> holds a private key in memory; {@link #toString()} prints metadata only.
 */
public final class KeyAndCertificates {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final X509Certificate certificate;
  private final List<X509Certificate> chain;

  KeyAndCertificates(PrivateKey privateKey, PublicKey publicKey, X509Certificate certificate,
      List<X509Certificate> chain) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.certificate = certificate;
    this.chain = List.copyOf(chain);
  }

  /**
   * The private key.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The public key of the private key.
   *
   * @return the key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The certificate whose public key is this key's, if the file had one.
   *
   * @return the certificate
   */
  public Optional<X509Certificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  /**
   * The other certificates of the file (issuers), in file order.
   *
   * @return an immutable list; may be empty
   */
  public List<X509Certificate> otherCertificates() {
    return chain;
  }

  @Override
  public String toString() {
    return "KeyAndCertificates[" + privateKey.getAlgorithm() + " key"
        + (certificate != null
            ? ", " + DistinguishedNames.format(certificate.getSubjectX500Principal()) : "")
        + ", " + chain.size() + " other certificate(s)]";
  }
}
