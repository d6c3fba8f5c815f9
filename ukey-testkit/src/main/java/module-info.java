/**
 * Test fixtures for the UKey SDK and for integrators' own CI: a test CA, an independent
 * signature checker and a generated stream for constant-memory tests. Depend on it in test scope
 * only.
 */
module org.ukey.testkit {
  requires transitive org.ukey.api;
  requires org.ukey.sm2;
  requires org.bouncycastle.provider;
  requires transitive org.junit.jupiter.api;

  exports org.ukey.testkit;
}
