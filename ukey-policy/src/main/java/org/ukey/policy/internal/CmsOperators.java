package org.ukey.policy.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftVerifiers;

/**
 * BouncyCastle CMS operators over the SDK's {@link Signer} and verifiers, so a multi-signer CMS
 * can be signed by keys that never leave their tokens.
 *
 * <p>Written here because {@code org.ukey.sm2.pki.SignerContentSigner} is package-private; when
 * {@code ukey-sm2} exports CMS support this class should give way to it. The signature
 * {@code AlgorithmIdentifier}s follow the same choices: SM3withSM2 1.2.156.10197.1.501 and ECDSA
 * with parameters absent (GM/T 0010; RFC 5758 §3.2), PKCS#1 v1.5 with NULL (RFC 4055 §5),
 * RSASSA-PSS with explicit parameters (RFC 4055 §3.1).
 */
public final class CmsOperators {
  private CmsOperators() {}

  /**
   * The signature algorithm identifier of an algorithm.
   *
   * @param alg the algorithm
   * @return the identifier
   */
  public static AlgorithmIdentifier algorithmIdentifier(SignatureAlgorithm alg) {
    ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(alg.oid());
    if (alg.isPss()) {
      AlgorithmIdentifier digest = new AlgorithmIdentifier(
          new ASN1ObjectIdentifier(alg.digest().oid()), DERNull.INSTANCE);
      return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
          new RSASSAPSSparams(digest,
              new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, digest),
              new ASN1Integer(alg.pssSaltLength()), RSASSAPSSparams.DEFAULT_TRAILER_FIELD));
    }
    switch (alg.keyType()) {
      case RSA:
        return new AlgorithmIdentifier(oid, DERNull.INSTANCE);
      default:
        return new AlgorithmIdentifier(oid);
    }
  }

  /**
   * The algorithm of an identifier, with the default SM2 user ID.
   *
   * @param id the identifier
   * @return the algorithm
   * @throws UnsupportedAlgorithmException if the SDK does not know it
   */
  public static SignatureAlgorithm algorithm(AlgorithmIdentifier id)
      throws UnsupportedAlgorithmException {
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(id.getAlgorithm())) {
      RSASSAPSSparams p = RSASSAPSSparams.getInstance(id.getParameters());
      String digest = p.getHashAlgorithm().getAlgorithm().getId();
      for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
        if (a.isPss() && a.digest().oid().equals(digest)) {
          return a;
        }
      }
    }
    return SignatureAlgorithm.byOid(id.getAlgorithm().getId()).orElseThrow(
        () -> new UnsupportedAlgorithmException("unknown signature algorithm "
            + id.getAlgorithm().getId()));
  }

  /**
   * A content signer over a {@link Signer}; a failure of the signer surfaces as
   * {@link RuntimeOperatorException} whose cause is the {@link UKeyException}.
   *
   * @param signer the signer
   * @return a one-use content signer
   */
  public static ContentSigner contentSigner(Signer signer) {
    Objects.requireNonNull(signer, "signer");
    AlgorithmIdentifier id = algorithmIdentifier(signer.algorithm());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return id;
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
    };
  }

  /**
   * A verifier provider for one public key.
   *
   * @param publicKey the signer's key
   * @return the provider
   */
  public static ContentVerifierProvider verifierProvider(PublicKey publicKey) {
    return new ContentVerifierProvider() {
      @Override
      public boolean hasAssociatedCertificate() {
        return false;
      }

      @Override
      public X509CertificateHolder getAssociatedCertificate() {
        return null;
      }

      @Override
      public ContentVerifier get(AlgorithmIdentifier id) throws OperatorCreationException {
        org.ukey.api.Verifier v;
        try {
          v = SoftVerifiers.create(publicKey, algorithm(id));
        } catch (UnsupportedAlgorithmException e) {
          throw new OperatorCreationException(e.getMessage(), e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ContentVerifier() {
          @Override
          public AlgorithmIdentifier getAlgorithmIdentifier() {
            return id;
          }

          @Override
          public OutputStream getOutputStream() {
            return buffer;
          }

          @Override
          public boolean verify(byte[] signature) {
            try {
              v.verify(buffer.toByteArray(), signature);
              return true;
            } catch (SignatureVerificationException e) {
              return false;
            }
          }
        };
      }
    };
  }
}
