/** The {@code ukey} command line. */
module org.ukey.cli {
  requires org.ukey.api;
  requires org.ukey.sm2;
  requires org.ukey.seal;
  requires org.ukey.ofd;
  requires org.ukey.policy;
  requires org.ukey.pkcs11;
  requires org.bouncycastle.provider;
  requires info.picocli;
  requires org.slf4j;

  opens org.ukey.cli to info.picocli;
}
