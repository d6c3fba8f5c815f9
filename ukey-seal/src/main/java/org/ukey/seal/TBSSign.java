package org.ukey.seal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the signer (签章人) signs: {@code TBS_Sign}.
 *
 * <p>GM/T 0031-2014 §6.2.1: {@code TBS_Sign ::= SEQUENCE { version INTEGER, eseal SESeal,
 * timeInfo BIT STRING, dataHash BIT STRING, propertyInfo IA5String, cert OCTET STRING,
 * signatureAlgorithm OBJECT IDENTIFIER }}; {@code timeInfo} "may be a time-stamp or a UTCTime",
 * and real files put ASCII text, a DER UTCTime or other bytes there, so it is kept as bytes and
 * interpreted best-effort by {@link #signingTime()}.
 *
 * <p>GB/T 38540-2020: {@code TBS_Sign ::= SEQUENCE { version INTEGER, eseal SESeal, timeInfo
 * GeneralizedTime, dataHash BIT STRING, propertyInfo IA5String, extDatas [0] ExtensionDatas
 * OPTIONAL }}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class TBSSign {
  private final int version;
  private final SESeal seal;
  private final byte[] timeInfo;
  private final Instant signingTime;
  private final byte[] dataHash;
  private final String propertyInfo;
  private final byte[] signerCertificate;
  private final String signatureAlgorithmOid;
  private final List<ExtData> extDatas;
  /** The encoding is {@code source[offset, offset + length)}: inside the signature's bytes. */
  private final byte[] source;
  private final int offset;
  private final int length;
  /**
   * The encoding in an array of its own, made when first asked for (two threads may each make
   * one, which is harmless; volatile so that no thread sees the array before its contents).
   */
  private volatile byte[] whole;

  TBSSign(int version, SESeal seal, byte[] timeInfo, Instant signingTime, byte[] dataHash,
      String propertyInfo, byte[] signerCertificate, String signatureAlgorithmOid,
      List<ExtData> extDatas, byte[] encoded) {
    this(version, seal, timeInfo, signingTime, dataHash, propertyInfo, signerCertificate,
        signatureAlgorithmOid, extDatas, encoded, 0, encoded.length);
  }

  /**
   * The encoding is taken as a range of {@code source} without a copy: the parser and the
   * stamper hand over arrays no one writes while this object is in use.
   */
  TBSSign(int version, SESeal seal, byte[] timeInfo, Instant signingTime, byte[] dataHash,
      String propertyInfo, byte[] signerCertificate, String signatureAlgorithmOid,
      List<ExtData> extDatas, byte[] source, int offset, int length) {
    this.version = version;
    this.seal = Objects.requireNonNull(seal, "seal");
    this.timeInfo = timeInfo.clone();
    this.signingTime = signingTime;
    this.dataHash = dataHash.clone();
    this.propertyInfo = Objects.requireNonNull(propertyInfo, "propertyInfo");
    this.signerCertificate = signerCertificate == null ? null : signerCertificate.clone();
    this.signatureAlgorithmOid = signatureAlgorithmOid;
    this.extDatas = List.copyOf(extDatas);
    this.source = Objects.requireNonNull(source, "source");
    Objects.checkFromIndexSize(offset, length, source.length);
    this.offset = offset;
    this.length = length;
    this.whole = offset == 0 && length == source.length ? source : null;
  }

  /**
   * The version field.
   *
   * @return 1 or 2 for GM/T 0031 in practice, 4 for GB/T 38540
   */
  public int version() {
    return version;
  }

  /**
   * The seal stamped.
   *
   * @return the seal
   */
  public SESeal seal() {
    return seal;
  }

  /**
   * The {@code timeInfo} content bytes: the GeneralizedTime text for GB/T 38540, the BIT STRING
   * content for GM/T 0031.
   *
   * @return a copy
   */
  public byte[] timeInfo() {
    return timeInfo.clone();
  }

  /**
   * The signing time, when {@code timeInfo} can be read as a time (always for GB/T 38540; for
   * GM/T 0031: a DER UTCTime/GeneralizedTime, ISO-8601 text, {@code yyyy-MM-dd HH:mm:ss} text
   * read as China Standard Time (UTC+8), or {@code yyyyMMddHHmmss[Z]} text).
   *
   * @return the signing time, or empty when it cannot be read
   */
  public Optional<Instant> signingTime() {
    return Optional.ofNullable(signingTime);
  }

  /**
   * The hash of the signed document ({@code dataHash}).
   *
   * @return a copy
   */
  public byte[] dataHash() {
    return dataHash.clone();
  }

  /**
   * What was signed, as the signer described it ({@code propertyInfo}; for OFD the path of
   * {@code Signature.xml}).
   *
   * @return the text
   */
  public String propertyInfo() {
    return propertyInfo;
  }

  /**
   * The signer's certificate carried inside {@code TBS_Sign} (GM/T 0031 only).
   *
   * @return a copy of the DER
   */
  public Optional<byte[]> signerCertificate() {
    return signerCertificate == null ? Optional.empty() : Optional.of(signerCertificate.clone());
  }

  /**
   * The signature algorithm carried inside {@code TBS_Sign} (GM/T 0031 only).
   *
   * @return the dotted OID
   */
  public Optional<String> signatureAlgorithmOid() {
    return Optional.ofNullable(signatureAlgorithmOid);
  }

  /**
   * The extensions (GB/T 38540 only).
   *
   * @return an immutable list, possibly empty
   */
  public List<ExtData> extDatas() {
    return extDatas;
  }

  /**
   * The element exactly as received: the bytes the signer signed.
   *
   * @return a copy
   */
  public byte[] encoded() {
    return java.util.Arrays.copyOfRange(source, offset, offset + length);
  }

  /** The encoding in an array of its own, never written (copied once when it is a range). */
  byte[] encodedNoCopy() {
    byte[] w = whole;
    if (w == null) {
      w = encoded();
      whole = w;
    }
    return w;
  }

  /** The array the encoding is a range of; read {@link #encodedOffset}, {@link #encodedLength}. */
  byte[] encodedSource() {
    return source;
  }

  int encodedOffset() {
    return offset;
  }

  int encodedLength() {
    return length;
  }
}
