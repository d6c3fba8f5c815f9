package org.ukey.seal.internal;

import java.security.cert.X509Certificate;
import org.ukey.api.InvalidEncodingException;

/** Reads certificates carried in seals, strictly ({@link org.ukey.sm2.pki.Certificates}), cached. */
public final class Certificates {
  /** Parsed certificates by their exact bytes: seals repeat the same few certificates. */
  private static final BoundedCache<ByteKey, X509Certificate> CACHE =
      new BoundedCache<>(256);

  private Certificates() {}

  /**
   * Parses a DER certificate.
   *
   * @param der the bytes
   * @param what the field it came from, for the message
   * @return the certificate
   * @throws InvalidEncodingException if the bytes are not a certificate
   */
  public static X509Certificate parse(byte[] der, String what) throws InvalidEncodingException {
    // Looked up over the caller's bytes; only a miss copies them into a key of its own.
    X509Certificate cached = CACHE.peek(ByteKey.view(der));
    if (cached != null) {
      return cached;
    }
    X509Certificate cert = parseUncached(der, what);
    CACHE.put(ByteKey.copyOf(der), cert);
    return cert;
  }

  private static X509Certificate parseUncached(byte[] der, String what)
      throws InvalidEncodingException {
    if (der.length == 0 || (der[0] & 0xff) != 0x30) {
      throw new InvalidEncodingException(what, -1, "not a DER certificate");
    }
    try {
      X509Certificate cert = org.ukey.sm2.pki.Certificates.parse(der);
      if (cert.getPublicKey() == null) {
        throw new InvalidEncodingException(what, -1, "the certificate's public key is unreadable");
      }
      return cert;
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException(what, -1, "not a readable certificate: "
          + e.getMessage(), e);
    }
  }

  /**
   * A short name of the certificate's subject for reports: its CN if any, else the DN.
   *
   * @param cert the certificate
   * @return the name
   */
  public static String subjectName(X509Certificate cert) {
    return org.ukey.sm2.pki.Certificates.subjectName(cert);
  }
}
