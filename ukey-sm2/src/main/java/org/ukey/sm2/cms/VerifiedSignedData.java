package org.ukey.sm2.cms;

import java.util.List;
import java.util.Optional;

/**
 * A SignedData whose every signature verified: the content type, the content when it was
 * inside, and the signers.
 *
 * <p><b>Thread-safety:</b> immutable; {@link #content()} returns a copy.
 */
public final class VerifiedSignedData {
  private final String contentType;
  private final byte[] content;
  private final List<CmsSignerInfo> signers;
  private final boolean gmProfile;

  VerifiedSignedData(String contentType, byte[] content, List<CmsSignerInfo> signers,
      boolean gmProfile) {
    this.contentType = contentType;
    this.content = content;
    this.signers = List.copyOf(signers);
    this.gmProfile = gmProfile;
  }

  /**
   * The encapsulated content type.
   *
   * @return the OID, such as 1.2.156.10197.6.1.4.2.1 or 1.2.840.113549.1.7.1
   */
  public String contentType() {
    return contentType;
  }

  /**
   * The content, when the SignedData carried it (not detached).
   *
   * @return a copy of the content
   */
  public Optional<byte[]> content() {
    return content == null ? Optional.empty() : Optional.of(content.clone());
  }

  /**
   * The signers, in SignedData order; at least one.
   *
   * @return an immutable list
   */
  public List<CmsSignerInfo> signers() {
    return signers;
  }

  /**
   * Which OIDs the SignedData was written with.
   *
   * @return GM/T 0010 or RFC 5652
   */
  public CmsProfile profile() {
    return gmProfile ? CmsProfile.GM_T_0010 : CmsProfile.RFC_5652;
  }

  @Override
  public String toString() {
    return "VerifiedSignedData[" + profile() + ", " + signers + "]";
  }
}
