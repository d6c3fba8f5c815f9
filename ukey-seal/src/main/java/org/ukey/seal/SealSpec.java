package org.ukey.seal;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a seal should be: its identifier, kind, name, holders' certificates, validity, picture
 * and extensions. Given to {@link SealMaker#make(SealSpec)}.
 *
 * <p>Build with {@link #builder()}; {@link Builder#build()} rejects incomplete or contradictory
 * specs (no holder certificate, an empty name, a picture whose bytes are not of its type, a
 * validity that ends before it starts).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SealSpec {
  private final SealFormat format;
  private final String esId;
  private final SealKind kind;
  private final Integer typeCode;
  private final String name;
  private final List<X509Certificate> holderCertificates;
  private final String certDigestAlgorithm;
  private final Instant validFrom;
  private final Instant validTo;
  private final SESPictureInfo picture;
  private final List<ExtData> extDatas;

  private SealSpec(Builder b) {
    this.format = b.format;
    this.esId = b.esId;
    this.kind = b.kind;
    this.typeCode = b.typeCode;
    this.name = b.name;
    this.holderCertificates = List.copyOf(b.holderCertificates);
    this.certDigestAlgorithm = b.certDigestAlgorithm;
    this.validFrom = b.validFrom;
    this.validTo = b.validTo;
    this.picture = b.picture;
    this.extDatas = List.copyOf(b.extDatas);
  }

  /**
   * Starts a spec.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The format to write.
   *
   * @return GB/T 38540-2020 unless GM/T 0031-2014 was asked for
   */
  public SealFormat format() {
    return format;
  }

  /**
   * The seal identifier ({@code esID}).
   *
   * @return the id
   */
  public String esId() {
    return esId;
  }

  /**
   * The kind, when given as a kind.
   *
   * @return the kind
   */
  public Optional<SealKind> kind() {
    return Optional.ofNullable(kind);
  }

  /**
   * The type code written in the seal: the explicit code if given, else the kind's code for the
   * format.
   *
   * @return the code
   */
  public int typeCode() {
    return typeCode != null ? typeCode : kind.codeFor(format);
  }

  /**
   * The seal name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The certificates of those allowed to stamp with the seal.
   *
   * @return an immutable list, not empty
   */
  public List<X509Certificate> holderCertificates() {
    return holderCertificates;
  }

  /**
   * The digest algorithm when the list holds certificate digests (GB/T 38540 certListType 2).
   *
   * @return the algorithm name, or empty for a list of certificates
   */
  public Optional<String> certDigestAlgorithm() {
    return Optional.ofNullable(certDigestAlgorithm);
  }

  /**
   * The explicit start of validity.
   *
   * @return the instant, or empty to start when the holders' certificates all are valid
   */
  public Optional<Instant> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  /**
   * The explicit end of validity.
   *
   * @return the instant, or empty to end when the first holder certificate expires
   */
  public Optional<Instant> validTo() {
    return Optional.ofNullable(validTo);
  }

  /**
   * The picture.
   *
   * @return the picture
   */
  public SESPictureInfo picture() {
    return picture;
  }

  /**
   * The extensions.
   *
   * @return an immutable list
   */
  public List<ExtData> extDatas() {
    return extDatas;
  }

  /** Builds a {@link SealSpec}. Not thread-safe. */
  public static final class Builder {
    private SealFormat format = SealFormat.GBT_38540_2020;
    private String esId;
    private SealKind kind;
    private Integer typeCode;
    private String name;
    private final List<X509Certificate> holderCertificates = new ArrayList<>();
    private String certDigestAlgorithm;
    private Instant validFrom;
    private Instant validTo;
    private SESPictureInfo picture;
    private final List<ExtData> extDatas = new ArrayList<>();

    private Builder() {}

    /**
     * The format (default GB/T 38540-2020; GM/T 0031-2014 on request; ofdrw v5 is not written).
     *
     * @param f the format
     * @return this
     */
    public Builder format(SealFormat f) {
      if (f == SealFormat.OFDRW_V5) {
        throw new IllegalArgumentException("ofdrw v5 seals are read, not written");
      }
      this.format = Objects.requireNonNull(f, "format");
      return this;
    }

    /**
     * The seal identifier ({@code esID}, IA5String): unique per seal system, such as the
     * 14-digit codes government seals use.
     *
     * @param id printable ASCII, 1 to 128 characters
     * @return this
     */
    public Builder esId(String id) {
      this.esId = Objects.requireNonNull(id, "esId");
      return this;
    }

    /**
     * The kind of seal; its type code follows {@link SealKind}'s mapping.
     *
     * @param k the kind
     * @return this
     */
    public Builder kind(SealKind k) {
      this.kind = Objects.requireNonNull(k, "kind");
      return this;
    }

    /**
     * An explicit type code, for a business mapping other than {@link SealKind}'s.
     *
     * @param code the code written in {@code SES_ESPropertyInfo.type}, 0 to 255
     * @return this
     */
    public Builder typeCode(int code) {
      if (code < 0 || code > 255) {
        throw new IllegalArgumentException("type code must be 0..255");
      }
      this.typeCode = code;
      return this;
    }

    /**
     * The seal name, such as {@code 某某县财政局国库集中支付业务专用章}.
     *
     * @param n the name
     * @return this
     */
    public Builder name(String n) {
      this.name = Objects.requireNonNull(n, "name");
      return this;
    }

    /**
     * Adds a certificate of someone allowed to stamp with the seal.
     *
     * @param cert the holder's signing certificate
     * @return this
     */
    public Builder holderCertificate(X509Certificate cert) {
      holderCertificates.add(Objects.requireNonNull(cert, "cert"));
      return this;
    }

    /**
     * Lists certificate digests instead of certificates (GB/T 38540 certListType 2).
     *
     * @param algorithm {@code "SM3"} (recommended), {@code "SHA256"} or {@code "SHA1"}
     * @return this
     */
    public Builder certListAsDigests(String algorithm) {
      if (!SESCertList.knownDigest(algorithm)) {
        throw new IllegalArgumentException("unknown digest " + algorithm);
      }
      this.certDigestAlgorithm = algorithm;
      return this;
    }

    /**
     * The validity window. It may not reach beyond any holder certificate's validity
     * (seed 003 §10); when not given it is exactly the span all holder certificates share.
     *
     * @param from the first valid instant
     * @param to the last valid instant
     * @return this
     */
    public Builder validity(Instant from, Instant to) {
      this.validFrom = Objects.requireNonNull(from, "from");
      this.validTo = Objects.requireNonNull(to, "to");
      return this;
    }

    /**
     * The picture from image bytes: the type (PNG, JPG, GIF, BMP or ofd) is recognised from the
     * bytes themselves.
     *
     * @param image the image file's bytes
     * @param widthMm printed width, 1 to 1000 mm
     * @param heightMm printed height, 1 to 1000 mm
     * @return this
     * @throws IllegalArgumentException if the bytes are not one of those image types
     */
    public Builder image(byte[] image, int widthMm, int heightMm) {
      String type = imageType(image).orElseThrow(() -> new IllegalArgumentException(
          "seal picture must be PNG, JPG, GIF, BMP or OFD; the bytes are none of these"));
      return picture(new SESPictureInfo(type, image, widthMm, heightMm));
    }

    /**
     * The picture as given.
     *
     * @param p the picture
     * @return this
     */
    public Builder picture(SESPictureInfo p) {
      Objects.requireNonNull(p, "picture");
      if (p.widthMm() < 1 || p.widthMm() > 1000 || p.heightMm() < 1 || p.heightMm() > 1000) {
        throw new IllegalArgumentException("picture size must be 1..1000 mm, was "
            + p.widthMm() + "x" + p.heightMm());
      }
      this.picture = p;
      return this;
    }

    /**
     * Adds an extension (for example the unified social credit code of the organisation).
     *
     * @param e the extension
     * @return this
     */
    public Builder extData(ExtData e) {
      extDatas.add(Objects.requireNonNull(e, "extData"));
      return this;
    }

    /**
     * Checks and builds the spec.
     *
     * @return the spec
     * @throws IllegalStateException if something is missing or contradictory
     */
    public SealSpec build() {
      require(esId != null && !esId.isEmpty() && esId.length() <= 128 && isPrintableAscii(esId),
          "esID must be 1..128 printable ASCII characters");
      require(kind != null || typeCode != null, "seal kind (or type code) is required");
      require(name != null && !name.isBlank(), "seal name is required");
      require(!holderCertificates.isEmpty(), "at least one holder certificate is required");
      require(picture != null, "seal picture is required");
      require(validFrom == null || validTo.isAfter(validFrom), "validity must end after it starts");
      return new SealSpec(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalStateException(message);
      }
    }
  }

  static boolean isPrintableAscii(String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Recognises an image by its leading bytes.
   *
   * @param b the bytes
   * @return {@code PNG}, {@code JPG}, {@code GIF}, {@code BMP} or {@code ofd}
   */
  static Optional<String> imageType(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return Optional.of("PNG");
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8
        && (b[2] & 0xff) == 0xff) {
      return Optional.of("JPG");
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return Optional.of("GIF");
    }
    if (b.length >= 14 && b[0] == 'B' && b[1] == 'M') {
      return Optional.of("BMP");
    }
    if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
      // An OFD package (a zip), as tax seals carry their picture (GB/T 33190).
      return Optional.of("ofd");
    }
    return Optional.empty();
  }
}
