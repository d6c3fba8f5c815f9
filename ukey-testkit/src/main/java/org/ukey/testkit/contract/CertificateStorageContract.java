package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.testkit.TestCa;

/**
 * Contract: certificates and deletion, where claimed ({@link TokenFeature#CERTIFICATE_STORAGE},
 * {@link TokenFeature#KEY_DELETION}). A certificate imported for a key comes back with it from
 * {@code key(label)}, {@code keyById}, {@code keys()} and its signers, in a new session too; a
 * second import replaces the first; a certificate of another key is refused. A deleted key (and
 * its certificate) is gone from every lookup, in a new session too, and its label is free again.
 *
 * <p>One fresh token serves the class; certificates come from a {@link TestCa}.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CertificateStorageContract {
  private Claims claims;
  private FreshToken fresh;
  private TestCa ca;
  private KeySpec spec;

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /**
   * Opens the class's fresh token and makes the test CA.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture cannot open the token
   */
  @BeforeAll
  protected final void openToken(@TempDir Path directory) throws Exception {
    claims = Claims.of(fixture());
    fresh = FreshToken.open(claims, directory);
    ca = TestCa.create(KeySpec.sm2(), Clock.systemUTC());
    spec = claims.cheapestSpec();
  }

  /** Closes the provider. */
  @AfterAll
  protected final void closeToken() {
    if (fresh != null) {
      fresh.close();
    }
  }

  /**
   * An imported certificate is returned with the key by every lookup and by its signers, in
   * the importing session and in a new one.
   *
   * @throws Exception if the token fails
   */
  @Test
  public void importedCertificateComesBackWithItsKey() throws Exception {
    claims.assume(TokenFeature.CERTIFICATE_STORAGE);
    X509Certificate certificate;
    TokenKey key;
    try (Session session = fresh.login()) {
      key = session.generateKey(spec, "certified");
      certificate = ca.issue("CN=certified " + spec, key.publicKey());
      TokenKey stored = session.importCertificate(key, certificate);
      assertEquals(Optional.of(certificate), stored.certificate(),
          "certificate() of the key importCertificate returned");
      assertCertified(session, "certified", certificate, "the importing session");
    }
    try (Session session = fresh.login()) {
      assertCertified(session, "certified", certificate, "a new session");
    }
  }

  /**
   * A second certificate for the same key replaces the first.
   *
   * @throws Exception if the token fails
   */
  @Test
  public void secondCertificateReplacesTheFirst() throws Exception {
    claims.assume(TokenFeature.CERTIFICATE_STORAGE);
    try (Session session = fresh.login()) {
      TokenKey key = session.generateKey(spec, "recertified");
      session.importCertificate(key, ca.issue("CN=first " + spec, key.publicKey()));
      X509Certificate second = ca.issue("CN=second " + spec, key.publicKey());
      session.importCertificate(session.key("recertified"), second);
      assertCertified(session, "recertified", second, "the importing session");
    }
  }

  /**
   * A certificate whose public key is another key's is refused with a {@link UKeyException}, and
   * the key keeps no certificate.
   *
   * @throws Exception if the token fails
   */
  @Test
  public void refusesACertificateOfAnotherKey() throws Exception {
    claims.assume(TokenFeature.CERTIFICATE_STORAGE);
    try (Session session = fresh.login()) {
      TokenKey key = session.generateKey(spec, "mismatched");
      X509Certificate foreign = ca.issue("CN=someone else", spec).certificate();
      assertThrows(UKeyException.class, () -> session.importCertificate(key, foreign),
          "importCertificate with a certificate of another key");
      assertFalse(session.key("mismatched").certificate().isPresent(),
          "the refused certificate was stored anyway");
    }
  }

  /**
   * A deleted key, with its certificate when the token stores one, is gone from {@code keys()},
   * {@code key(label)} and {@code keyById}, in a new session too; its label can be used again.
   *
   * @throws Exception if the token fails
   */
  @Test
  public void deletedKeyIsGoneEverywhere() throws Exception {
    claims.assume(TokenFeature.KEY_DELETION);
    byte[] id;
    try (Session session = fresh.login()) {
      TokenKey key = session.generateKey(spec, "doomed");
      if (claims.has(TokenFeature.CERTIFICATE_STORAGE)) {
        key = session.importCertificate(key, ca.issue("CN=doomed", key.publicKey()));
      }
      id = key.id();
      session.deleteKey(key);
      assertGone(session, id, "the deleting session");
    }
    try (Session session = fresh.login()) {
      assertGone(session, id, "a new session");
      TokenKey again = session.generateKey(spec, "doomed");
      assertEquals("doomed", again.label(), "label of a key generated under a freed label");
      assertFalse(again.certificate().isPresent(),
          "a new key under a freed label inherited the deleted key's certificate");
    }
  }

  private static void assertCertified(Session session, String label,
      X509Certificate certificate, String where) throws UKeyException {
    TokenKey byLabel = session.key(label);
    assertEquals(Optional.of(certificate), byLabel.certificate(),
        () -> "key(label).certificate() in " + where);
    assertEquals(Optional.of(certificate), session.keyById(byLabel.id()).certificate(),
        () -> "keyById(id).certificate() in " + where);
    assertTrue(session.keys().stream().anyMatch(k -> k.label().equals(label)
        && k.certificate().equals(Optional.of(certificate))),
        () -> "keys() does not list '" + label + "' with its certificate in " + where);
    assertEquals(Optional.of(certificate), session.signer(byLabel,
        byLabel.spec().defaultSignatureAlgorithm()).certificate(),
        () -> "signer.certificate() in " + where);
  }

  private static void assertGone(Session session, byte[] id, String where)
      throws UKeyException {
    assertThrowsExactly(KeyNotFoundException.class, () -> session.key("doomed"),
        () -> "key(label) of a deleted key in " + where);
    assertThrowsExactly(KeyNotFoundException.class, () -> session.keyById(id),
        () -> "keyById(id) of a deleted key in " + where);
    assertFalse(session.keys().stream().anyMatch(k -> k.label().equals("doomed")),
        () -> "keys() lists a deleted key in " + where);
  }
}
