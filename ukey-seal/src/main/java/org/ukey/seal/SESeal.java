package org.ukey.seal;

import java.util.Objects;
import java.util.Optional;
import org.ukey.api.InvalidEncodingException;
import org.ukey.seal.internal.ByteKey;

/**
 * An electronic seal (电子印章): the seal information signed by the seal maker (制章人).
 *
 * <p>GM/T 0031-2014 §6.1.1: {@code SESeal ::= SEQUENCE { esealInfo SES_SealInfo, signInfo
 * SES_SignInfo }} with {@code SES_SignInfo ::= SEQUENCE { cert OCTET STRING, signatureAlgorithm
 * OBJECT IDENTIFIER, signData BIT STRING }}; the maker signs
 * {@code SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }}.
 *
 * <p>GB/T 38540-2020: {@code SESeal ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING,
 * signAlgID OBJECT IDENTIFIER, signedValue BIT STRING }}; the maker signs {@code SES_SealInfo}.
 * ofdrw's "v5" adds {@code timeStamp [0] BIT STRING OPTIONAL}.
 *
 * <p>{@link #parse(byte[])} recognises the format by structure and keeps the original bytes:
 * {@link #makerSignedData()} is rebuilt from the received element encodings, never from a
 * re-encoding of parsed values. The signature value may be DER {@code SEQUENCE{r,s}} or raw
 * 64-byte {@code r‖s}, as real files have both.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SESeal {
  private final SealFormat format;
  private final SESSealInfo sealInfo;
  private final byte[] makerCertificate;
  private final String signatureAlgorithmOid;
  private final byte[] signatureValue;
  private final byte[] timeStamp;
  private final byte[] encoded;
  private final byte[] makerSignedData;
  private ByteKey cacheKey;

  SESeal(SealFormat format, SESSealInfo sealInfo, byte[] makerCertificate,
      String signatureAlgorithmOid, byte[] signatureValue, byte[] timeStamp, byte[] encoded,
      byte[] makerSignedData) {
    this.format = Objects.requireNonNull(format, "format");
    this.sealInfo = Objects.requireNonNull(sealInfo, "sealInfo");
    this.makerCertificate = makerCertificate.clone();
    this.signatureAlgorithmOid = Objects.requireNonNull(signatureAlgorithmOid);
    this.signatureValue = signatureValue.clone();
    this.timeStamp = timeStamp == null ? null : timeStamp.clone();
    this.encoded = encoded.clone();
    this.makerSignedData = makerSignedData.clone();
  }

  /**
   * Parses a seal (the content of a {@code .esl} file or the {@code eseal} inside a signature).
   *
   * @param der the encoded seal
   * @return the seal
   * @throws InvalidEncodingException if the bytes are not a seal in any known format; the
   *     message names the field and the byte offset
   */
  public static SESeal parse(byte[] der) throws InvalidEncodingException {
    return SealCodec.parseSeal(der);
  }

  /**
   * The format, recognised by structure.
   *
   * @return v1 (GM/T 0031), v4 (GB/T 38540) or ofdrw v5
   */
  public SealFormat format() {
    return format;
  }

  /**
   * The seal information.
   *
   * @return the seal information
   */
  public SESSealInfo sealInfo() {
    return sealInfo;
  }

  /**
   * The seal maker's certificate (制章人证书) as DER.
   *
   * @return a copy
   */
  public byte[] makerCertificate() {
    return makerCertificate.clone();
  }

  /** The maker's certificate without a copy, for the verifier; never written. */
  byte[] makerCertificateNoCopy() {
    return makerCertificate;
  }

  /**
   * The maker's signature algorithm OID ({@code 1.2.156.10197.1.501} for SM3withSM2).
   *
   * @return dotted form
   */
  public String signatureAlgorithmOid() {
    return signatureAlgorithmOid;
  }

  /**
   * The maker's signature value as found (DER or raw {@code r‖s}).
   *
   * @return a copy
   */
  public byte[] signatureValue() {
    return signatureValue.clone();
  }

  /**
   * The time-stamp on the seal (ofdrw v5 only).
   *
   * @return a copy of the token bytes
   */
  public Optional<byte[]> timeStamp() {
    return timeStamp == null ? Optional.empty() : Optional.of(timeStamp.clone());
  }

  /**
   * The seal exactly as received or written.
   *
   * @return a copy of the DER
   */
  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] encodedNoCopy() {
    return encoded;
  }

  /**
   * The encoded bytes as a cache key, its hash computed once per seal: the key of a verifier's
   * per-seal cache. (Racy but idempotent, as {@code String.hashCode}: a {@link ByteKey} is
   * immutable and over this seal's own array, which is never written.)
   */
  ByteKey cacheKey() {
    ByteKey k = cacheKey;
    if (k == null) {
      k = ByteKey.view(encoded);
      cacheKey = k;
    }
    return k;
  }

  /**
   * The bytes the maker signed: {@code SES_SealInfo} for GB/T 38540, and for GM/T 0031 the
   * {@code SEQUENCE} of the received {@code SES_SealInfo}, {@code cert} and
   * {@code signatureAlgorithm} elements.
   *
   * @return a copy
   */
  public byte[] makerSignedData() {
    return makerSignedData.clone();
  }

  @Override
  public String toString() {
    return "SESeal[" + format + ", esID " + sealInfo.esId() + ", " + sealInfo.property().name()
        + "]";
  }
}
