package org.ukey.sm2.cms;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.internal.SignatureAlgorithms;
import org.ukey.sm2.internal.SignerContentSigner;

/**
 * BouncyCastle's operator interfaces over the SDK's {@link Signer} and verifiers, for code that
 * builds or checks CMS with BouncyCastle's own generators — countersignatures (RFC 5652 §11.4),
 * say, which {@link CmsSigner} does not make — while the key never leaves its token.
 *
 * <p>The signature {@code AlgorithmIdentifier}s written are those of the SDK's certificates and
 * CMS: SM3withSM2 1.2.156.10197.1.501 and ECDSA with parameters absent (GM/T 0010; RFC 5758
 * §3.2), PKCS#1 v1.5 with NULL (RFC 4055 §5), RSASSA-PSS with explicit parameters (RFC 4055
 * §3.1). The ones read are those the SDK accepts in certificates; SM2 is verified with the
 * default user ID {@code 1234567812345678}.
 *
 * <p><b>Thread-safety:</b> the static methods are thread-safe; a {@link ContentSigner} or
 * {@link ContentVerifier} they return buffers the bytes being signed and serves one structure at
 * a time, as BouncyCastle uses it.
 *
 * <p><b>Security:</b> a failure of the signer surfaces as BouncyCastle's
 * {@link RuntimeOperatorException} with the {@link UKeyException} as its cause; do not swallow
 * it. The verifier provider checks a signature against the one key given and nothing else: who
 * holds that key, and the certificate's chain and validity, are the caller's to judge.
 */
public final class CmsOperators {
  private CmsOperators() {}

  /**
   * A content signer over a {@link Signer}.
   *
   * @param signer the signer, such as a token key's from its session
   * @return a content signer for one structure at a time
   */
  public static ContentSigner contentSigner(Signer signer) {
    return new SignerContentSigner(signer);
  }

  /**
   * A verifier provider for one public key, in software.
   *
   * @param publicKey the signer's key
   * @return the provider; it refuses, with {@link OperatorCreationException}, an algorithm the
   *     SDK does not know or that does not fit the key
   */
  public static ContentVerifierProvider verifierProvider(PublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
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
        Verifier v;
        try {
          v = SoftVerifiers.create(publicKey, SignatureAlgorithms.of(id));
        } catch (UnsupportedAlgorithmException e) {
          throw new OperatorCreationException(e.getMessage(), e);
        }
        return new KeyVerifier(id, v);
      }
    };
  }

  private static final class KeyVerifier implements ContentVerifier {
    private final AlgorithmIdentifier id;
    private final Verifier verifier;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    KeyVerifier(AlgorithmIdentifier id, Verifier verifier) {
      this.id = id;
      this.verifier = verifier;
    }

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
        verifier.verify(buffer.toByteArray(), signature);
        return true;
      } catch (SignatureVerificationException e) {
        return false;
      }
    }
  }
}
