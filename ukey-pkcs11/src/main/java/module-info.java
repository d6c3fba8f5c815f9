/**
 * PKCS#11 (Cryptoki) for the UKey SDK: loads a vendor's library by path and offers its tokens
 * through the SDK's {@link org.ukey.api.TokenProvider}. The entry point is
 * {@link org.ukey.pkcs11.Pkcs11}. The raw JNA binding ({@code org.ukey.pkcs11.cryptoki}) and the
 * session and key layers ({@code org.ukey.pkcs11.internal}) are not exported.
 */
@SuppressWarnings("module") // the name is the design's: "pkcs11" is what PKCS#11 is called
module org.ukey.pkcs11 {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires com.sun.jna;
  requires org.slf4j;

  exports org.ukey.pkcs11;
}
