package org.ukey.sm2.pki;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.internal.DerReader;
import org.ukey.sm2.internal.Pem;
import org.ukey.sm2.internal.SignatureAlgorithms;
import org.ukey.sm2.internal.SignerContentSigner;

/**
 * A PKCS#10 certificate signing request (RFC 2986; 证书请求), made and signed by any
 * {@link Signer} — so a key on a UKey signs its own request and never leaves the token — or
 * read from PEM/DER and verified.
 *
 * <p>An SM2 request carries the key as {@code id-ecPublicKey} + 1.2.156.10197.1.301 and is
 * signed SM3withSM2 (1.2.156.10197.1.501) with the signer's user ID, the default
 * {@code 1234567812345678} as OpenSSL's {@code req -sigopt distid:1234567812345678} and CAs
 * expect. This is the request of applying for, renewing and re-issuing a certificate (seed 001
 * §13, §15, §16).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class CertificateRequest {
  private final byte[] der;
  private final PKCS10CertificationRequest request;
  private final PublicKey publicKey;

  private CertificateRequest(byte[] der, PKCS10CertificationRequest request, PublicKey key) {
    this.der = der;
    this.request = request;
    this.publicKey = key;
  }

  /**
   * Makes a request for the signer's key, signed by that key.
   *
   * @param subjectDn the subject in RFC 4514 form, such as {@code "CN=Zhang San,O=Finance,C=CN"},
   *     which is encoded C, O, CN (see {@link DistinguishedNames})
   * @param signer the key's signer (a token key's, through its session)
   * @return the request
   * @throws UKeyException if signing fails
   * @throws IllegalArgumentException if the DN does not parse, saying why
   */
  public static CertificateRequest create(String subjectDn, Signer signer) throws UKeyException {
    Objects.requireNonNull(subjectDn, "subjectDn");
    Objects.requireNonNull(signer, "signer");
    X500Name subject = DistinguishedNames.toX500Name(subjectDn);
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(signer.publicKey().getEncoded());
    try {
      PKCS10CertificationRequest req = new PKCS10CertificationRequestBuilder(subject, spki)
          .build(new SignerContentSigner(signer));
      return parse(req.getEncoded());
    } catch (IOException e) {
      throw new UKeyException("cannot encode the certificate request", e);
    } catch (RuntimeException e) {
      throw SignerContentSigner.unwrap(e);
    }
  }

  /**
   * Reads a request, PEM ({@code CERTIFICATE REQUEST} or {@code NEW CERTIFICATE REQUEST}) or
   * DER. The signature is not checked here; call {@link #verify()}.
   *
   * @param pemOrDer the bytes
   * @return the request
   * @throws InvalidEncodingException if it is not one well-formed request
   */
  public static CertificateRequest parse(byte[] pemOrDer) throws InvalidEncodingException {
    Objects.requireNonNull(pemOrDer, "pemOrDer");
    byte[] der = pemOrDer;
    if (Pem.looksLikePem(pemOrDer)) {
      List<Pem.Block> blocks = Pem.decode(pemOrDer, "PEM certificate request");
      der = null;
      for (Pem.Block b : blocks) {
        if (b.label().equals("CERTIFICATE REQUEST") || b.label().equals("NEW CERTIFICATE REQUEST")) {
          if (der != null) {
            throw new InvalidEncodingException("PEM certificate request", b.offset(),
                "more than one request");
          }
          der = b.der();
        }
      }
      if (der == null) {
        throw new InvalidEncodingException("PEM certificate request", -1,
            "no CERTIFICATE REQUEST block");
      }
    }
    DerReader.checkStrict(der, "CertificationRequest");
    PKCS10CertificationRequest req;
    PublicKey key;
    try {
      req = new PKCS10CertificationRequest(der);
      key = SoftKeys.publicKey(req.getSubjectPublicKeyInfo().getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("CertificationRequest", -1,
          "not a PKCS#10 request: " + e.getMessage(), e);
    }
    return new CertificateRequest(der.clone(), req, key);
  }

  /**
   * Verifies the request's signature with its own public key (proof of possession).
   *
   * @throws SignatureVerificationException if it does not verify (SM2: with the default ID)
   * @throws UnsupportedAlgorithmException if the algorithm is unknown or does not fit the key
   */
  public void verify() throws SignatureVerificationException, UnsupportedAlgorithmException {
    byte[] info;
    try {
      info = request.toASN1Structure().getCertificationRequestInfo().getEncoded("DER");
    } catch (IOException e) {
      throw new SignatureVerificationException("cannot encode CertificationRequestInfo", e);
    }
    SignatureAlgorithms.verify(request.getSignatureAlgorithm(), publicKey, info,
        request.getSignature(), "certificate request " + subject());
  }

  /**
   * The algorithm the request is signed with.
   *
   * @return the algorithm
   * @throws UnsupportedAlgorithmException if the SDK does not know it
   */
  public SignatureAlgorithm signatureAlgorithm() throws UnsupportedAlgorithmException {
    return SignatureAlgorithms.of(request.getSignatureAlgorithm());
  }

  /**
   * The subject asked for.
   *
   * @return RFC 4514 form, as {@link DistinguishedNames#format} prints it
   */
  public String subject() {
    return DistinguishedNames.format(request.getSubject());
  }

  /**
   * The public key to certify.
   *
   * @return the key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The DER encoding.
   *
   * @return a copy
   */
  public byte[] encoded() {
    return der.clone();
  }

  /**
   * The PEM encoding.
   *
   * @return {@code -----BEGIN CERTIFICATE REQUEST-----} …
   */
  public String toPem() {
    return Pem.encode("CERTIFICATE REQUEST", der);
  }

  @Override
  public String toString() {
    return "CertificateRequest[" + subject() + "]";
  }
}
