/**
 * Test fixtures for the UKey SDK and for integrators' own CI: the {@code Token} contract suite,
 * token fixtures and test keys. Depend on it in test scope only.
 */
module org.ukey.testkit {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires jdk.httpserver;
  requires transitive org.junit.jupiter.api;

  exports org.ukey.testkit.tsa;

}
