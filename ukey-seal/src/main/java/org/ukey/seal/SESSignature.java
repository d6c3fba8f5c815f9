package org.ukey.seal;

import java.util.Objects;
import java.util.Optional;
import org.ukey.api.InvalidEncodingException;

/**
 * An electronic signature made with a seal (电子签章).
 *
 * <p>GM/T 0031-2014 §6.2.1: {@code SES_Signature ::= SEQUENCE { toSign TBS_Sign, signature BIT
 * STRING }}, the signer certificate and algorithm being inside {@code TBS_Sign}.
 *
 * <p>GB/T 38540-2020: {@code SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING,
 * signatureAlgID OBJECT IDENTIFIER, signature BIT STRING, timeStamp [0] BIT STRING OPTIONAL }};
 * the time-stamp (GB/T 20520 / RFC 3161 token) covers the signature value.
 *
 * <p>{@link #parse(byte[])} recognises the format by structure and keeps the bytes of
 * {@code TBS_Sign} as received, so the signature is checked over exactly what was signed. The
 * signature value may be DER or raw 64-byte {@code r‖s}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SESSignature {
  private final SealFormat format;
  private final TBSSign toSign;
  private final byte[] signerCertificate;
  private final String signatureAlgorithmOid;
  private final byte[] signatureValue;
  private final byte[] timeStamp;
  private final byte[] encoded;

  /**
   * Takes the certificate and encoding arrays as they are (the parser and the stamper hand over
   * arrays no one writes afterwards); every accessor that hands one out copies it.
   */
  SESSignature(SealFormat format, TBSSign toSign, byte[] signerCertificate,
      String signatureAlgorithmOid, byte[] signatureValue, byte[] timeStamp, byte[] encoded) {
    this.format = Objects.requireNonNull(format, "format");
    this.toSign = Objects.requireNonNull(toSign, "toSign");
    this.signerCertificate = Objects.requireNonNull(signerCertificate, "signerCertificate");
    this.signatureAlgorithmOid = Objects.requireNonNull(signatureAlgorithmOid);
    this.signatureValue = signatureValue.clone();
    this.timeStamp = timeStamp == null ? null : timeStamp.clone();
    this.encoded = Objects.requireNonNull(encoded, "encoded");
  }

  /**
   * Parses a seal signature (the content of an OFD {@code SignedValue.dat}, or a detached
   * signature file).
   *
   * @param der the encoded signature
   * @return the signature
   * @throws InvalidEncodingException if the bytes are not a seal signature in any known format;
   *     the message names the field and the byte offset
   */
  public static SESSignature parse(byte[] der) throws InvalidEncodingException {
    // One private copy, of which the signature and its TBS_Sign keep ranges.
    return SealCodec.parseSignature(der == null ? null : der.clone());
  }

  /**
   * The format, recognised by structure.
   *
   * @return v1, v4 or ofdrw v5
   */
  public SealFormat format() {
    return format;
  }

  /**
   * What was signed.
   *
   * @return the {@code TBS_Sign}
   */
  public TBSSign toSign() {
    return toSign;
  }

  /**
   * The seal stamped: shorthand for {@code toSign().seal()}.
   *
   * @return the seal
   */
  public SESeal seal() {
    return toSign.seal();
  }

  /**
   * The signer's certificate (签章人证书) as DER, wherever the format carries it.
   *
   * @return a copy
   */
  public byte[] signerCertificate() {
    return signerCertificate.clone();
  }

  /** The signer's certificate without a copy, for the verifier; never written. */
  byte[] signerCertificateNoCopy() {
    return signerCertificate;
  }

  /**
   * The signature algorithm OID.
   *
   * @return dotted form
   */
  public String signatureAlgorithmOid() {
    return signatureAlgorithmOid;
  }

  /**
   * The signature value as found (DER or raw {@code r‖s}).
   *
   * @return a copy
   */
  public byte[] signatureValue() {
    return signatureValue.clone();
  }

  /**
   * The time-stamp token over the signature value (GB/T 38540), as found.
   *
   * @return a copy of the token bytes
   */
  public Optional<byte[]> timeStamp() {
    return timeStamp == null ? Optional.empty() : Optional.of(timeStamp.clone());
  }

  /**
   * The signature exactly as received or written.
   *
   * @return a copy of the DER
   */
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public String toString() {
    return "SESSignature[" + format + ", " + toSign.seal() + ", " + toSign.propertyInfo() + "]";
  }
}
