package org.ukey.seal;

import java.util.Locale;
import java.util.Objects;

/**
 * The seal's picture: {@code SES_ESPictrueInfo ::= SEQUENCE { type IA5String, data OCTET STRING,
 * width INTEGER, height INTEGER }} (GM/T 0031-2014 §6.1.1, the standard's own spelling
 * "Pictrue"; unchanged in GB/T 38540). Width and height are the printed size in millimetres.
 * Real seals use {@code PNG}, {@code GIF}, {@code JPG}, {@code BMP}, {@code SVG} and {@code ofd}
 * (a seal image that is itself an OFD document, as tax seals do).
 *
 * <p><b>Thread-safety:</b> immutable; {@link #data()} returns a copy.
 */
public final class SESPictureInfo {
  private final String type;
  private final byte[] data;
  private final int widthMm;
  private final int heightMm;

  /**
   * Creates a picture.
   *
   * @param type the image type, such as {@code "PNG"}
   * @param data the image bytes; copied
   * @param widthMm the printed width in millimetres
   * @param heightMm the printed height in millimetres
   */
  public SESPictureInfo(String type, byte[] data, int widthMm, int heightMm) {
    this.type = Objects.requireNonNull(type, "type");
    this.data = Objects.requireNonNull(data, "data").clone();
    this.widthMm = widthMm;
    this.heightMm = heightMm;
  }

  /**
   * The image type as written in the seal.
   *
   * @return for example {@code "PNG"} or {@code "ofd"}
   */
  public String type() {
    return type;
  }

  /**
   * The image bytes.
   *
   * @return a copy
   */
  public byte[] data() {
    return data.clone();
  }

  /**
   * The printed width.
   *
   * @return millimetres
   */
  public int widthMm() {
    return widthMm;
  }

  /**
   * The printed height.
   *
   * @return millimetres
   */
  public int heightMm() {
    return heightMm;
  }

  /**
   * A file extension for the image, for extracting it.
   *
   * @return for example {@code "png"}, {@code "ofd"}
   */
  public String fileExtension() {
    String t = type.toLowerCase(Locale.ROOT);
    return t.equals("jpeg") ? "jpg" : t.replaceAll("[^a-z0-9]", "");
  }

  @Override
  public String toString() {
    return "SESPictureInfo[" + type + ", " + widthMm + "x" + heightMm + " mm, " + data.length
        + " bytes]";
  }
}
