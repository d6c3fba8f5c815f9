package org.ukey.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;

/**
 * Certificates and public keys in files, PEM or DER.
 *
 * <p>Certificates are parsed with BouncyCastle's factory: the JDK's own refuses SM2 certificates
 * ("Unknown named curve: 1.2.156.10197.1.301"). Public keys are normalised through
 * {@link SoftKeys#publicKey(byte[])}, so an SM2 key from a certificate and one from a PEM file are
 * the same kind of object.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class KeyFiles {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private KeyFiles() {}

  /**
   * Reads an X.509 certificate.
   *
   * @param path a PEM ({@code CERTIFICATE}) or DER file
   * @return the certificate
   * @throws IOException if the file cannot be read
   * @throws CliException if the file is far too large to be a certificate
   * @throws InvalidEncodingException if it is not a certificate
   */
  static X509Certificate certificate(Path path)
      throws IOException, CliException, InvalidEncodingException {
    return certificate(SmallFiles.read(path, SmallFiles.MAX_KEY_FILE, "certificate"),
        "certificate " + path);
  }

  /**
   * Parses an X.509 certificate.
   *
   * @param data PEM ({@code CERTIFICATE}) or DER
   * @param what what it is, for messages
   * @return the certificate
   * @throws InvalidEncodingException if it is not a certificate
   */
  static X509Certificate certificate(byte[] data, String what) throws InvalidEncodingException {
    byte[] der = Pem.decode(data, what, Set.of("CERTIFICATE"));
    try {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", BC)
          .generateCertificate(new ByteArrayInputStream(der));
      if (cert == null) {
        throw new InvalidEncodingException(what, 0, "empty file");
      }
      return cert;
    } catch (CertificateException | RuntimeException e) {
      throw new InvalidEncodingException(what, -1,
          "not an X.509 certificate (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads a public key: a {@code SubjectPublicKeyInfo} in PEM ({@code PUBLIC KEY}) or DER.
   *
   * @param path the file
   * @return the key
   * @throws IOException if the file cannot be read
   * @throws CliException if the file is far too large to be a key
   * @throws InvalidEncodingException if it is not a public key the SDK knows
   */
  static PublicKey publicKey(Path path)
      throws IOException, CliException, InvalidEncodingException {
    String what = "public key " + path;
    byte[] der = Pem.decode(SmallFiles.read(path, SmallFiles.MAX_KEY_FILE, "public key"), what,
        Set.of("PUBLIC KEY"));
    return SoftKeys.publicKey(der);
  }

  /**
   * The public key of a certificate, in the SDK's form.
   *
   * @param cert the certificate
   * @return the key
   * @throws UKeyException if the key is not one the SDK knows
   */
  static PublicKey publicKeyOf(X509Certificate cert) throws UKeyException {
    return SoftKeys.publicKey(cert.getPublicKey().getEncoded());
  }

  /**
   * A public key as PEM ({@code PUBLIC KEY}, the SubjectPublicKeyInfo of RFC 5280).
   *
   * @param key the key
   * @return the PEM text
   */
  static String publicKeyPem(PublicKey key) {
    return Pem.encode("PUBLIC KEY", key.getEncoded());
  }

  /**
   * A certificate as PEM.
   *
   * @param cert the certificate
   * @return the PEM text
   * @throws UKeyException if the certificate cannot be encoded
   */
  static String certificatePem(X509Certificate cert) throws UKeyException {
    try {
      return Pem.encode("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new UKeyException("cannot encode the certificate", e);
    }
  }
}
