package org.ukey.seal;

import java.util.List;
import java.util.Objects;

/**
 * {@code SES_SealInfo ::= SEQUENCE { header SES_Header, esID IA5String, property
 * SES_ESPropertyInfo, picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }}
 * (GM/T 0031-2014 §6.1.1; GB/T 38540-2020). For GB/T 38540 this is exactly what the maker
 * signs, so the bytes are kept as received ({@link #encoded()}).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SESSealInfo {
  private final SESHeader header;
  private final String esId;
  private final SESPropertyInfo property;
  private final SESPictureInfo picture;
  private final List<ExtData> extDatas;
  private final byte[] encoded;

  SESSealInfo(SESHeader header, String esId, SESPropertyInfo property, SESPictureInfo picture,
      List<ExtData> extDatas, byte[] encoded) {
    this.header = Objects.requireNonNull(header, "header");
    this.esId = Objects.requireNonNull(esId, "esId");
    this.property = Objects.requireNonNull(property, "property");
    this.picture = Objects.requireNonNull(picture, "picture");
    this.extDatas = List.copyOf(extDatas);
    this.encoded = encoded.clone();
  }

  /**
   * The header.
   *
   * @return the header
   */
  public SESHeader header() {
    return header;
  }

  /**
   * The seal's unique identifier (电子印章标识, {@code esID}).
   *
   * @return the id
   */
  public String esId() {
    return esId;
  }

  /**
   * The properties: type, name, certificate list, dates.
   *
   * @return the properties
   */
  public SESPropertyInfo property() {
    return property;
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
   * @return an immutable list, possibly empty
   */
  public List<ExtData> extDatas() {
    return extDatas;
  }

  /**
   * The element exactly as received (or as written by {@link SealMaker}).
   *
   * @return a copy of the DER
   */
  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] encodedNoCopy() {
    return encoded;
  }

  @Override
  public String toString() {
    return "SESSealInfo[esID " + esId + ", " + property.name() + ", " + header + "]";
  }
}
