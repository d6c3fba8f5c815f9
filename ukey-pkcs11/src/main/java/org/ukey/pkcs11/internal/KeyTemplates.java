package org.ukey.pkcs11.internal;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKC;
import org.ukey.pkcs11.cryptoki.CKO;

/**
 * The attribute templates for generating, importing and certifying keys. Private keys are always
 * token objects, private, {@code CKA_SENSITIVE} and not {@code CKA_EXTRACTABLE} (PKCS#11 v2.40
 * §4.9: a sensitive, non-extractable key never leaves the token in plaintext), usable to sign
 * (and, for RSA and SM2, to decrypt).
 */
final class KeyTemplates {
  private static final byte[] F4 = {0x01, 0x00, 0x01};

  private KeyTemplates() {}

  /** {public, private} templates for {@code C_GenerateKeyPair}. */
  static Template[] generate(KeySpec spec, KeyProfile kp, byte[] id, String label) {
    Template pub = common(CKO.CKO_PUBLIC_KEY, kp, id, label).bool(CKA.CKA_PRIVATE, false)
        .bool(CKA.CKA_VERIFY, true);
    Template priv = privateKey(spec, kp, id, label);
    if (spec.type() == KeyType.RSA) {
      pub.ulong(CKA.CKA_MODULUS_BITS, spec.bits()).bytes(CKA.CKA_PUBLIC_EXPONENT, F4)
          .bool(CKA.CKA_ENCRYPT, true);
    } else {
      if (kp.ecParams()) {
        pub.bytes(CKA.CKA_EC_PARAMS, Der.oid(spec.curveOid().orElseThrow()));
      }
      if (spec.type() == KeyType.SM2) {
        pub.bool(CKA.CKA_ENCRYPT, true);
      }
    }
    return new Template[] {pub, priv};
  }

  /** {private, public} templates for {@code C_CreateObject} of an existing key pair. */
  static Template[] importKey(PrivateKey key, PublicKey publicKey, KeySpec spec, KeyProfile kp,
      byte[] id, String label) throws UnsupportedAlgorithmException {
    Template priv = privateKey(spec, kp, id, label);
    Template pub = common(CKO.CKO_PUBLIC_KEY, kp, id, label).bool(CKA.CKA_PRIVATE, false)
        .bool(CKA.CKA_VERIFY, true);
    if (spec.type() == KeyType.RSA) {
      if (!(key instanceof RSAPrivateCrtKey)) {
        throw new UnsupportedAlgorithmException("RSA keys are imported with their CRT"
            + " components (PKCS#8 as written by OpenSSL or keytool)");
      }
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) key;
      priv.bytes(CKA.CKA_MODULUS, unsigned(k.getModulus()))
          .bytes(CKA.CKA_PUBLIC_EXPONENT, unsigned(k.getPublicExponent()))
          .bytes(CKA.CKA_PRIVATE_EXPONENT, unsigned(k.getPrivateExponent()))
          .bytes(CKA.CKA_PRIME_1, unsigned(k.getPrimeP()))
          .bytes(CKA.CKA_PRIME_2, unsigned(k.getPrimeQ()))
          .bytes(CKA.CKA_EXPONENT_1, unsigned(k.getPrimeExponentP()))
          .bytes(CKA.CKA_EXPONENT_2, unsigned(k.getPrimeExponentQ()))
          .bytes(CKA.CKA_COEFFICIENT, unsigned(k.getCrtCoefficient()));
      RSAPublicKey p = (RSAPublicKey) publicKey;
      pub.bytes(CKA.CKA_MODULUS, unsigned(p.getModulus()))
          .bytes(CKA.CKA_PUBLIC_EXPONENT, unsigned(p.getPublicExponent()))
          .bool(CKA.CKA_ENCRYPT, true);
    } else {
      if (!(key instanceof ECPrivateKey) || !(publicKey instanceof ECPublicKey)) {
        throw new UnsupportedAlgorithmException("not an EC key: " + key.getAlgorithm());
      }
      int field = spec.bits() / 8;
      byte[] curve = Der.oid(spec.curveOid().orElseThrow());
      if (kp.ecParams()) {
        priv.bytes(CKA.CKA_EC_PARAMS, curve);
        pub.bytes(CKA.CKA_EC_PARAMS, curve);
      }
      priv.bytes(CKA.CKA_VALUE, fixed(((ECPrivateKey) key).getS(), field));
      ECPublicKey p = (ECPublicKey) publicKey;
      byte[] x = fixed(p.getW().getAffineX(), field);
      byte[] y = fixed(p.getW().getAffineY(), field);
      if (kp.publicKeyForm() == KeyProfile.PublicKeyForm.VALUE_XY) {
        byte[] xy = new byte[2 * field];
        System.arraycopy(x, 0, xy, 0, field);
        System.arraycopy(y, 0, xy, field, field);
        pub.bytes(CKA.CKA_VALUE, xy);
      } else {
        byte[] point = new byte[1 + 2 * field];
        point[0] = 0x04;
        System.arraycopy(x, 0, point, 1, field);
        System.arraycopy(y, 0, point, 1 + field, field);
        pub.bytes(CKA.CKA_EC_POINT, Der.octetString(point));
      }
      if (spec.type() == KeyType.SM2) {
        pub.bool(CKA.CKA_ENCRYPT, true);
      }
    }
    return new Template[] {priv, pub};
  }

  static Template certificate(X509Certificate cert, byte[] id, String label)
      throws InvalidEncodingException {
    try {
      return new Template()
          .ulong(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)
          .ulong(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509)
          .bool(CKA.CKA_TOKEN, true)
          .bool(CKA.CKA_PRIVATE, false)
          .utf8(CKA.CKA_LABEL, label)
          .bytes(CKA.CKA_ID, id)
          .bytes(CKA.CKA_SUBJECT, cert.getSubjectX500Principal().getEncoded())
          .bytes(CKA.CKA_ISSUER, cert.getIssuerX500Principal().getEncoded())
          .bytes(CKA.CKA_SERIAL_NUMBER, Der.integer(cert.getSerialNumber()))
          .bytes(CKA.CKA_VALUE, cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new InvalidEncodingException("certificate", -1, "cannot encode: " + e.getMessage(),
          e);
    }
  }

  private static Template privateKey(KeySpec spec, KeyProfile kp, byte[] id, String label) {
    Template t = common(CKO.CKO_PRIVATE_KEY, kp, id, label)
        .bool(CKA.CKA_PRIVATE, true)
        .bool(CKA.CKA_SENSITIVE, true)
        .bool(CKA.CKA_EXTRACTABLE, false)
        .bool(CKA.CKA_SIGN, true);
    if (spec.type() != KeyType.EC) {
      t.bool(CKA.CKA_DECRYPT, true);
    }
    return t;
  }

  private static Template common(long objectClass, KeyProfile kp, byte[] id, String label) {
    return new Template()
        .ulong(CKA.CKA_CLASS, objectClass)
        .ulong(CKA.CKA_KEY_TYPE, kp.keyType())
        .bool(CKA.CKA_TOKEN, true)
        .utf8(CKA.CKA_LABEL, label)
        .bytes(CKA.CKA_ID, id);
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      byte[] t = new byte[b.length - 1];
      System.arraycopy(b, 1, t, 0, t.length);
      return t;
    }
    return b;
  }

  private static byte[] fixed(BigInteger v, int length) {
    byte[] u = unsigned(v);
    if (u.length > length) {
      throw new IllegalArgumentException("value longer than the field");
    }
    byte[] out = new byte[length];
    System.arraycopy(u, 0, out, length - u.length, u.length);
    return out;
  }
}
