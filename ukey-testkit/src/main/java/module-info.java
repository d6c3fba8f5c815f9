/**
 * Test fixtures for the UKey SDK and for integrators' own CI: the {@code Token} contract suite
 * ({@code org.ukey.testkit.contract}), a test CA, an independent signature checker and a
 * generated stream for constant-memory tests, a loopback RFC 3161 time-stamping authority
 * ({@code org.ukey.testkit.tsa}), SoftHSM ({@code org.ukey.testkit.softhsm}) and the GM soft token
 * with SM2/SM3/SM4 ({@code org.ukey.testkit.gm}). Depend on it in test scope only.
 */
module org.ukey.testkit {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires transitive org.ukey.pkcs11;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires jdk.httpserver;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires java.management;

  exports org.ukey.testkit;
  exports org.ukey.testkit.contract;
  exports org.ukey.testkit.tsa;
  exports org.ukey.testkit.softhsm;
  exports org.ukey.testkit.gm;
  // JUnit instantiates the abstract contract classes' subclasses and calls their inherited
  // (non-public) lifecycle and test methods reflectively.
  opens org.ukey.testkit.contract;
}
