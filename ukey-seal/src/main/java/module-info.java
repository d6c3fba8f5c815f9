/**
 * Electronic seals (电子印章): the GM/T 0031-2014 and GB/T 38540-2020 structures, making seals
 * (制章), stamping (签章), verifying (验章) and the filing registry (备案).
 */
module org.ukey.seal {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires org.slf4j;
  requires java.net.http;

  exports org.ukey.seal;
}
