package org.ukey.pkcs11.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKC;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.pki.Certificates;

/**
 * Reads key pairs from a token: a private key object, the public key object and the X.509
 * certificate with the same {@code CKA_ID} (the PKCS#11 convention for linking them, v2.40
 * §4.6.3 "CKA_ID ... intended to distinguish among multiple keys"), and builds the public key
 * from whichever of them has it.
 *
 * <p>Attribute values come from outside and are checked: a CK_ULONG must be exactly a
 * CK_ULONG long, an EC point must be uncompressed and of the curve's size, a curve must be one
 * the SDK knows.
 */
final class KeyObjects {
  private static final Logger LOG = LoggerFactory.getLogger(KeyObjects.class);
  private static final long[] KEY_ATTRIBUTES = {CKA.CKA_ID, CKA.CKA_LABEL, CKA.CKA_KEY_TYPE,
      CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT, CKA.CKA_VALUE, CKA.CKA_MODULUS,
      CKA.CKA_PUBLIC_EXPONENT};

  private KeyObjects() {}

  /**
   * Reads one key pair.
   *
   * @return the key, or empty when the token gives no way to know its public key
   */
  static Optional<Pkcs11Key> read(TokenState state, MechanismProfile profile, long session,
      long privateHandle) throws UKeyException {
    ModuleCalls calls = state.calls;
    Map<Long, byte[]> priv = calls.getAttributes(session, privateHandle, KEY_ATTRIBUTES);
    byte[] id = priv.getOrDefault(CKA.CKA_ID, new byte[0]);
    String label = new String(priv.getOrDefault(CKA.CKA_LABEL, new byte[0]),
        StandardCharsets.UTF_8);
    long keyType = ulong(calls.abi(), priv.get(CKA.CKA_KEY_TYPE), "CKA_KEY_TYPE");
    PublicKey publicKey = null;
    X509Certificate certificate = null;
    if (id.length > 0) {
      long[] pubs = calls.findObjects(session, new Template()
          .ulong(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY).bytes(CKA.CKA_ID, id), 1);
      if (pubs.length > 0) {
        publicKey = publicKey(calls.abi(), profile, keyType,
            calls.getAttributes(session, pubs[0], KEY_ATTRIBUTES), label);
      }
      long[] certs = calls.findObjects(session, new Template()
          .ulong(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)
          .ulong(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509).bytes(CKA.CKA_ID, id), 1);
      if (certs.length > 0) {
        byte[] der = calls.getAttributes(session, certs[0], CKA.CKA_VALUE)
            .get(CKA.CKA_VALUE);
        if (der != null) {
          certificate = certificate(der, label);
        }
      }
    }
    if (publicKey == null && certificate != null) {
      publicKey = SoftKeys.publicKey(certificate.getPublicKey().getEncoded());
    }
    if (publicKey == null) {
      // Some tokens keep the point on the private key (xipki EC_PRIVATEKEY_ECPOINT); RSA
      // private keys always carry the modulus and public exponent.
      publicKey = publicKey(calls.abi(), profile, keyType, priv, label);
    }
    if (publicKey == null) {
      LOG.warn("key '{}' on {}: no public key object, certificate or public attributes;"
          + " skipped", label, state.name);
      return Optional.empty();
    }
    KeySpec spec = SoftKeys.specOf(publicKey);
    List<KeyType> expected = profile.keyTypesOf(keyType);
    if (!expected.isEmpty() && !expected.contains(spec.type())) {
      LOG.warn("key '{}' on {}: {} does not match its CKA_KEY_TYPE {}; skipped", label,
          state.name, spec, profile.keyTypeName(keyType));
      return Optional.empty();
    }
    return Optional.of(new Pkcs11Key(state, privateHandle, id, label, spec, publicKey,
        certificate));
  }

  /**
   * A certificate's {@code CKA_VALUE}, parsed strictly by {@link Certificates}: the JDK's
   * {@code CertificateFactory} cannot read SM2 certificates (it knows no key on the curve
   * 1.2.156.10197.1.301), which are what GM tokens hold.
   */
  static X509Certificate certificate(byte[] der, String label) throws InvalidEncodingException {
    try {
      return Certificates.parse(der);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException("certificate of key '" + label + "' (CKA_VALUE)", -1,
          "not a readable X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** The public key in a set of attributes, or {@code null} when they do not hold one. */
  static PublicKey publicKey(CkAbi abi, MechanismProfile profile, long keyType,
      Map<Long, byte[]> a, String label) throws UKeyException {
    String what = "public key of '" + label + "'";
    byte[] modulus = a.get(CKA.CKA_MODULUS);
    byte[] exponent = a.get(CKA.CKA_PUBLIC_EXPONENT);
    if (modulus != null && exponent != null && modulus.length > 0 && exponent.length > 0) {
      try {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
            new BigInteger(1, modulus), new BigInteger(1, exponent)));
      } catch (GeneralSecurityException e) {
        throw new InvalidEncodingException(what, -1, "not an RSA public key", e);
      }
    }
    List<KeyType> families = profile.keyTypesOf(keyType);
    if (families.isEmpty() || families.equals(List.of(KeyType.RSA))) {
      return null;
    }
    String curve;
    byte[] params = a.get(CKA.CKA_EC_PARAMS);
    if (params != null && params.length > 0) {
      curve = Der.readOid(params, what + " CKA_EC_PARAMS");
    } else if (families.equals(List.of(KeyType.SM2))) {
      // Vendor SM2 keys often lack CKA_EC_PARAMS: the key type implies the curve (xipki does
      // the same for CKK_VENDOR_SM2).
      curve = KeySpec.SM2_CURVE_OID;
    } else {
      return null;
    }
    int field = fieldLength(curve, what);
    KeyType family = curve.equals(KeySpec.SM2_CURVE_OID) ? KeyType.SM2 : KeyType.EC;
    KeyProfile kp = profile.key(family).orElse(null);
    byte[] point = null;
    if (kp == null || kp.publicKeyForm() == KeyProfile.PublicKeyForm.EC_POINT) {
      byte[] p = a.get(CKA.CKA_EC_POINT);
      if (p != null) {
        point = ecPoint(p, field, what);
      }
    } else {
      byte[] xy = a.get(CKA.CKA_VALUE);
      if (xy != null) {
        if (xy.length != 2 * field) {
          throw new InvalidEncodingException(what + " CKA_VALUE", -1,
              "expected x|y of " + 2 * field + " bytes, found " + xy.length);
        }
        point = new byte[1 + xy.length];
        point[0] = 0x04;
        System.arraycopy(xy, 0, point, 1, xy.length);
      }
    }
    return point == null ? null : SoftKeys.publicKey(Der.ecSpki(curve, point));
  }

  /**
   * {@code CKA_EC_POINT}: a DER OCTET STRING holding 04|x|y (PKCS#11 v2.40 §2.3.3); some tokens
   * give the bare point, told apart by its length.
   */
  static byte[] ecPoint(byte[] value, int field, String what) throws InvalidEncodingException {
    int raw = 1 + 2 * field;
    byte[] point;
    if (value.length == raw && value[0] == 0x04) {
      point = value;
    } else {
      point = Der.content(value, 0x04, what + " CKA_EC_POINT");
    }
    if (point.length != raw || point[0] != 0x04) {
      throw new InvalidEncodingException(what + " CKA_EC_POINT", -1,
          "expected an uncompressed point of " + raw + " bytes");
    }
    return point;
  }

  static int fieldLength(String curveOid, String what) throws InvalidEncodingException {
    for (KeySpec s : List.of(KeySpec.sm2(), KeySpec.ecP256(), KeySpec.ecP384())) {
      if (s.curveOid().orElseThrow().equals(curveOid)) {
        return s.bits() / 8;
      }
    }
    throw new InvalidEncodingException(what + " CKA_EC_PARAMS", -1,
        "curve " + curveOid + " is not supported (SM2, P-256 or P-384)");
  }

  static long ulong(CkAbi abi, byte[] value, String what) throws InvalidEncodingException {
    if (value == null || value.length != abi.ulongSize()) {
      throw new InvalidEncodingException(what, -1, "expected a CK_ULONG of "
          + abi.ulongSize() + " bytes, found " + (value == null ? "none" : value.length));
    }
    return abi.getUlong(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()), 0);
  }
}
