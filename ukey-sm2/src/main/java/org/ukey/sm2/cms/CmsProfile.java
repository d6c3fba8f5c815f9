package org.ukey.sm2.cms;

/**
 * Which object identifiers a SignedData is written with. Verification accepts both.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum CmsProfile {
  /**
   * GM/T 0010-2012 / GB/T 35275-2017 (SM2密码算法加密签名消息语法规范): content type signedData
   * 1.2.156.10197.6.1.4.2.2, data 1.2.156.10197.6.1.4.2.1, digest SM3 1.2.156.10197.1.401,
   * signature SM3withSM2 1.2.156.10197.1.501. What Chinese government counterparties expect for
   * SM2.
   */
  GM_T_0010("1.2.156.10197.6.1.4.2.2", "1.2.156.10197.6.1.4.2.1"),
  /**
   * RFC 5652: signedData 1.2.840.113549.1.7.2, data 1.2.840.113549.1.7.1; RSA signatures as
   * rsaEncryption, ECDSA as ecdsa-with-SHA*, SM2 as 1.2.156.10197.1.501. What OpenSSL and the
   * rest of the world read.
   */
  RFC_5652("1.2.840.113549.1.7.2", "1.2.840.113549.1.7.1");

  private final String signedDataOid;
  private final String dataOid;

  CmsProfile(String signedDataOid, String dataOid) {
    this.signedDataOid = signedDataOid;
    this.dataOid = dataOid;
  }

  /**
   * The content type of the outer ContentInfo.
   *
   * @return the signedData OID
   */
  public String signedDataOid() {
    return signedDataOid;
  }

  /**
   * The encapsulated content type.
   *
   * @return the data OID
   */
  public String dataOid() {
    return dataOid;
  }
}
