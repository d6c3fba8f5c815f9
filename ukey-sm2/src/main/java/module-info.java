/**
 * SM2/SM3/SM4, RSA and ECDSA in software on BouncyCastle's lightweight API; the signature
 * codecs; the soft token ({@code org.ukey.sm2.soft}), the SDK's embedded default provider.
 */
module org.ukey.sm2 {
  requires transitive org.ukey.api;
  requires org.bouncycastle.provider;
  // org.ukey.sm2.cms.CmsOperators hands out BouncyCastle's operator types.
  requires transitive org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports org.ukey.sm2;
  exports org.ukey.sm2.cipher;
  exports org.ukey.sm2.pki;
  exports org.ukey.sm2.cms;
  exports org.ukey.sm2.soft;
}
