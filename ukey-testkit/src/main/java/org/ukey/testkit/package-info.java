/**
 * Test fixtures for the UKey SDK and for integrators' tests: {@link org.ukey.testkit.TestCa} (a
 * certificate authority for tests), {@link org.ukey.testkit.ReferenceVerifier} (signature checks
 * on BouncyCastle's lightweight classes, independent of the SDK) and
 * {@link org.ukey.testkit.GeneratedInputStream} (long streams for constant-memory tests). The
 * provider contract suite is in {@link org.ukey.testkit.contract}.
 */
package org.ukey.testkit;
