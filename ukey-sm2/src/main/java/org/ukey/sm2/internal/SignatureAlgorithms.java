package org.ukey.sm2.internal;

import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftVerifiers;

/**
 * Signature {@code AlgorithmIdentifier}s as found in certificates, CSRs and CRLs, to the SDK's
 * {@link SignatureAlgorithm}. SM3withSM2 (1.2.156.10197.1.501) is accepted with parameters NULL
 * (TopsecCA.cer) or absent (OpenSSL, GmSSL) and verified with the default user ID, as GM/T 0015
 * certificates are signed; PKCS#1 v1.5 with NULL or absent; ECDSA absent or NULL; RSASSA-PSS with
 * MGF1 over the same digest and a salt as long as the digest.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
public final class SignatureAlgorithms {
  private SignatureAlgorithms() {}

  /**
   * The algorithm an {@code AlgorithmIdentifier} names.
   *
   * @param id the identifier
   * @return the algorithm (SM2 with the default user ID)
   * @throws UnsupportedAlgorithmException if it is unknown or has parameters it must not have
   */
  public static SignatureAlgorithm of(AlgorithmIdentifier id) throws UnsupportedAlgorithmException {
    String oid = id.getAlgorithm().getId();
    ASN1Encodable params = id.getParameters();
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(id.getAlgorithm())) {
      return pss(params);
    }
    SignatureAlgorithm alg = SignatureAlgorithm.byOid(oid).orElseThrow(
        () -> new UnsupportedAlgorithmException("unsupported signature algorithm " + oid));
    if (params != null && !(params instanceof ASN1Null)) {
      throw new UnsupportedAlgorithmException("signature algorithm " + oid
          + " must have NULL or absent parameters");
    }
    return alg;
  }

  private static SignatureAlgorithm pss(ASN1Encodable params)
      throws UnsupportedAlgorithmException {
    RSASSAPSSparams p;
    try {
      p = RSASSAPSSparams.getInstance(params);
    } catch (RuntimeException e) {
      throw new UnsupportedAlgorithmException("malformed RSASSA-PSS parameters", e);
    }
    if (p == null) {
      throw new UnsupportedAlgorithmException("RSASSA-PSS without parameters (SHA-1) is not"
          + " supported");
    }
    String digest = p.getHashAlgorithm().getAlgorithm().getId();
    AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
    String mgfDigest = mgf.getParameters() == null ? ""
        : AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm().getId();
    for (SignatureAlgorithm a : new SignatureAlgorithm[] {SignatureAlgorithm.SHA256_WITH_RSA_PSS,
        SignatureAlgorithm.SHA384_WITH_RSA_PSS}) {
      DigestAlgorithm d = a.digest();
      if (d.oid().equals(digest) && PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
          && d.oid().equals(mgfDigest) && p.getSaltLength().intValue() == d.length()
          && p.getTrailerField().intValue() == 1) {
        return a;
      }
    }
    throw new UnsupportedAlgorithmException("RSASSA-PSS with digest " + digest + ", salt "
        + p.getSaltLength() + " is not supported (SHA-256/32 and SHA-384/48 with MGF1 are)");
  }

  /**
   * Verifies a signature over signed bytes.
   *
   * @param id the signature algorithm identifier
   * @param key the signer's public key
   * @param signed the signed bytes (a TBSCertificate, CertificationRequestInfo, TBSCertList)
   * @param signature the signature value
   * @param what what is verified, for messages
   * @throws SignatureVerificationException if it does not verify
   * @throws UnsupportedAlgorithmException if the algorithm is unknown or does not fit the key
   */
  public static void verify(AlgorithmIdentifier id, PublicKey key, byte[] signed,
      byte[] signature, String what)
      throws SignatureVerificationException, UnsupportedAlgorithmException {
    SignatureAlgorithm alg = of(id);
    try {
      SoftVerifiers.verify(key, alg, signed, signature);
    } catch (SignatureVerificationException e) {
      throw new SignatureVerificationException(what + ": " + e.getMessage(), e);
    }
  }
}
