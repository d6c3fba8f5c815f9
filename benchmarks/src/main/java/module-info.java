/**
 * JMH benchmarks of the UKey SDK. Run through {@code benchmarks/run}, which prints ops/s and the
 * ratio of each result to its anchor measured in the same run.
 */
module org.ukey.bench {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires org.ukey.seal;
  requires org.ukey.pkcs11;
  requires com.sun.jna;
  requires java.management;
  requires transitive org.bouncycastle.provider;
  requires jmh.core;

  exports org.ukey.bench;
}
