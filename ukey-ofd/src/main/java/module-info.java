/**
 * Signed OFD documents (GB/T 33190): verify the e-seals and signatures on e-invoices and
 * official documents, and stamp them with a seal and any {@link org.ukey.api.Signer}.
 */
module org.ukey.ofd {
  requires transitive org.ukey.api;
  requires transitive org.ukey.seal;
  requires org.ukey.sm2;
  requires java.xml;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports org.ukey.ofd;
}
