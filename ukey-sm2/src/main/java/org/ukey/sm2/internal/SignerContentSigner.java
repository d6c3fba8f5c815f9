package org.ukey.sm2.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;

/**
 * Adapts any {@link Signer} (a UKey key, the soft token, an HSM) to BouncyCastle's
 * {@link ContentSigner}, so certificates, CSRs and CMS structures can be signed by a key that
 * never leaves its token.
 *
 * <p>The signature {@code AlgorithmIdentifier}s are: SM3withSM2 1.2.156.10197.1.501 with
 * parameters absent (GM/T 0015 as OpenSSL and GmSSL write it; readers must also accept NULL),
 * PKCS#1 v1.5 with NULL parameters (RFC 4055 §5), ECDSA with parameters absent (RFC 5758 §3.2),
 * and RSASSA-PSS with explicit parameters (RFC 4055 §3.1).
 *
 * <p><b>Thread-safety:</b> not thread-safe; one instance per structure being signed, as
 * BouncyCastle uses it. A failure of the underlying signer surfaces as
 * {@link RuntimeOperatorException} with the {@link UKeyException} as its cause; use
 * {@link #unwrap(RuntimeException)} to get it back.
 */
public final class SignerContentSigner implements ContentSigner {
  private final Signer signer;
  private final AlgorithmIdentifier algorithmIdentifier;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  public SignerContentSigner(Signer signer) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.algorithmIdentifier = algorithmIdentifier(signer.algorithm());
  }

  public static AlgorithmIdentifier algorithmIdentifier(SignatureAlgorithm alg) {
    ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(alg.oid());
    switch (alg.keyType()) {
      case SM2:
      case EC:
        return new AlgorithmIdentifier(oid);
      case RSA:
        if (alg.isPss()) {
          ASN1ObjectIdentifier digestOid = new ASN1ObjectIdentifier(alg.digest().oid());
          AlgorithmIdentifier digest = new AlgorithmIdentifier(digestOid, DERNull.INSTANCE);
          AlgorithmIdentifier mgf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, digest);
          return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
              new RSASSAPSSparams(digest, mgf,
                  new org.bouncycastle.asn1.ASN1Integer(alg.pssSaltLength()),
                  RSASSAPSSparams.DEFAULT_TRAILER_FIELD));
        }
        return new AlgorithmIdentifier(oid, DERNull.INSTANCE);
      default:
        throw new IllegalArgumentException("no AlgorithmIdentifier for " + alg);
    }
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithmIdentifier;
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    try {
      return signer.sign(buffer.toByteArray());
    } catch (UKeyException e) {
      throw new RuntimeOperatorException("signing failed: " + e.getMessage(), e);
    } finally {
      buffer.reset();
    }
  }

  /**
   * Recovers the signer's checked failure from BouncyCastle's wrapper.
   *
   * @param e what BouncyCastle threw
   * @return the original failure, or a new one describing {@code e}
   */
  public static UKeyException unwrap(RuntimeException e) {
    if (e.getCause() instanceof UKeyException) {
      return (UKeyException) e.getCause();
    }
    return new UKeyException("signing failed: " + e.getMessage(), e);
  }
}
