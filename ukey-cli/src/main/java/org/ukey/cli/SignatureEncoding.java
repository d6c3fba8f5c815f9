package org.ukey.cli;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.InvalidEncodingException;
import org.ukey.sm2.SignatureCodec;

/**
 * The two ways an SM2 or ECDSA signature travels: DER {@code SEQUENCE{r, s}} (X.509, CMS,
 * GM/T 0009-2012 §7.3) and raw {@code r‖s}, each half as long as the curve order (what SKF's
 * {@code ECCSIGNATUREBLOB} and many business protocols carry). RSA signatures have one form.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
enum SignatureEncoding {
  /** DER {@code SEQUENCE { r INTEGER, s INTEGER }}; RSA's only form. */
  DER,
  /** Raw {@code r‖s}, fixed length. */
  RAW;

  /**
   * The encoding a {@code --format} value names.
   *
   * @param name {@code der} or {@code raw}
   * @return the encoding
   * @throws CliException for any other name
   */
  static SignatureEncoding byCliName(String name) throws CliException {
    for (SignatureEncoding e : values()) {
      if (e.cliName().equals(name)) {
        return e;
      }
    }
    throw new CliException("--format must be der or raw, was '" + name + "'");
  }

  /**
   * The CLI name.
   *
   * @return {@code der} or {@code raw}
   */
  String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Converts a DER signature made by the key into this encoding.
   *
   * @param der the signature as the SDK made it
   * @param key the signer's public key
   * @return the signature in this encoding
   * @throws CliException if raw is asked for an RSA key
   * @throws InvalidEncodingException if the DER is malformed (a signer fault)
   */
  byte[] fromDer(byte[] der, PublicKey key) throws CliException, InvalidEncodingException {
    if (this == DER) {
      return der;
    }
    if (!(key instanceof ECPublicKey)) {
      throw new CliException("--format raw is r||s of an SM2 or ECDSA signature;"
          + " an RSA signature has one form");
    }
    BigInteger order = order(key);
    return SignatureCodec.derToRaw(der, order, (order.bitLength() + 7) / 8);
  }

  /**
   * The readings of a signature file: for SM2 and ECDSA, strict DER if it parses as such, and
   * raw {@code r‖s} if its length is twice the order's; for RSA, the bytes as they are.
   *
   * @param signature the file's bytes
   * @param key the public key it should verify under
   * @param problems where to add why each reading that failed was not possible
   * @return the candidate DER encodings with what each was read as; empty when the bytes are
   *     neither form
   */
  static List<Reading> readings(byte[] signature, PublicKey key, List<String> problems) {
    List<Reading> out = new ArrayList<>();
    if (!(key instanceof ECPublicKey)) {
      out.add(new Reading(DER, signature));
      return out;
    }
    BigInteger order = order(key);
    int half = (order.bitLength() + 7) / 8;
    try {
      SignatureCodec.decodeDer(signature, order);
      out.add(new Reading(DER, signature));
    } catch (InvalidEncodingException e) {
      problems.add("not strict DER (" + e.getMessage() + ")");
    }
    if (signature.length != 2 * half) {
      problems.add("not raw r||s (" + 2 * half + " bytes for this key, not "
          + signature.length + ")");
    } else {
      try {
        out.add(new Reading(RAW, SignatureCodec.rawToDer(signature, order)));
      } catch (InvalidEncodingException e) {
        problems.add("not raw r||s (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static BigInteger order(PublicKey key) {
    return ((ECPublicKey) key).getParams().getOrder();
  }

  /**
   * One reading of a signature file.
   *
   * @param encoding what the file was read as
   * @param der the signature as DER, ready for the verifier
   */
  record Reading(SignatureEncoding encoding, byte[] der) {
  }
}
