package org.ukey.seal;

/**
 * The data format of a seal or a seal signature, recognised by its structure (never by the
 * header's version number alone: GM/T 0031 seals are seen with version 1 and 2).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum SealFormat {
  /**
   * GM/T 0031-2014 安全电子签章密码技术规范 ("v1"): a two-field {@code SESeal} whose maker
   * signature covers {@code SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}} (§6.1.1), and a
   * two-field {@code SES_Signature} whose {@code TBS_Sign} carries the signer certificate.
   */
  GMT_0031_2014("GM/T 0031-2014"),
  /**
   * GB/T 38540-2020 信息安全技术 安全电子签章密码技术规范 ("v4"): a four-field {@code SESeal}
   * whose maker signature covers {@code SES_SealInfo}, and an {@code SES_Signature} carrying the
   * signer certificate, algorithm, signature and an optional time-stamp.
   */
  GBT_38540_2020("GB/T 38540-2020"),
  /**
   * ofdrw's "v5": the GB/T 38540 shape with header version 5 and an optional time-stamp on the
   * seal. Read (and verified like v4) for interoperability; never written.
   */
  OFDRW_V5("GB/T 38540-2020 (ofdrw v5)");

  private final String standard;

  SealFormat(String standard) {
    this.standard = standard;
  }

  /**
   * The standard this format comes from, for reports.
   *
   * @return for example {@code "GB/T 38540-2020"}
   */
  public String standard() {
    return standard;
  }
}
