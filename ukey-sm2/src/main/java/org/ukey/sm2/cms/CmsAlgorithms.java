package org.ukey.sm2.cms;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.internal.SignatureAlgorithms;
import org.ukey.sm2.internal.SignerContentSigner;

/**
 * SignerInfo algorithm identifiers: what the SDK writes and what it accepts (RFC 5652 §10.1,
 * RFC 5754, RFC 5758, GM/T 0010).
 */
final class CmsAlgorithms {
  static final String SM2_SIGN = "1.2.156.10197.1.501";
  /** SM2-1 digital signature, GB/T 33560 Table A.1; some GM/T 0010 producers put it here. */
  private static final String SM2_1 = "1.2.156.10197.1.301.1";
  private static final String SM2 = "1.2.156.10197.1.301";

  private CmsAlgorithms() {}

  static AlgorithmIdentifier digestIdentifier(DigestAlgorithm d) {
    // RFC 5754 §2: parameters absent; GM/T 0010 writes SM3 the same way.
    return new AlgorithmIdentifier(new ASN1ObjectIdentifier(d.oid()));
  }

  static AlgorithmIdentifier signatureIdentifier(SignatureAlgorithm alg) {
    if (alg.keyType() == KeyType.RSA && !alg.isPss()) {
      // RFC 3370 §3.2: rsaEncryption with NULL, the form OpenSSL and BouncyCastle write.
      return new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    }
    return SignerContentSigner.algorithmIdentifier(alg);
  }

  static DigestAlgorithm digest(AlgorithmIdentifier id) throws UnsupportedAlgorithmException {
    return DigestAlgorithm.byName(id.getAlgorithm().getId()).orElseThrow(
        () -> new UnsupportedAlgorithmException("unsupported digest algorithm "
            + id.getAlgorithm()));
  }

  /**
   * The signature algorithm of a SignerInfo, from its digest and signature algorithm fields.
   */
  static SignatureAlgorithm signature(DigestAlgorithm digest, AlgorithmIdentifier sig)
      throws UnsupportedAlgorithmException {
    String oid = sig.getAlgorithm().getId();
    SignatureAlgorithm alg;
    if (oid.equals(SM2_SIGN) || oid.equals(SM2_1) || oid.equals(SM2)) {
      alg = SignatureAlgorithm.SM3_WITH_SM2;
    } else if (sig.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
      alg = byKeyAndDigest(KeyType.RSA, digest);
    } else if (sig.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      alg = byKeyAndDigest(KeyType.EC, digest);
    } else {
      alg = SignatureAlgorithms.of(sig);
    }
    if (alg.digest() != digest) {
      throw new UnsupportedAlgorithmException("SignerInfo digest " + digest
          + " does not match its signature algorithm " + alg);
    }
    return alg;
  }

  private static SignatureAlgorithm byKeyAndDigest(KeyType type, DigestAlgorithm digest)
      throws UnsupportedAlgorithmException {
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      if (a.keyType() == type && a.digest() == digest && !a.isPss()) {
        return a;
      }
    }
    throw new UnsupportedAlgorithmException("no " + type + " signature with " + digest);
  }
}
