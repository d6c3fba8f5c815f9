package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.testkit.ReferenceVerifier;

/**
 * Contract: key generation and lookup. For each claimed {@link KeySpec}, a generated key has
 * that spec, type, label and a non-empty id, a public key that really is of that spec, and no
 * certificate; {@code keys()}, {@code key(label)} and {@code keyById(id)} find it, in the same
 * session and in a new one. An unknown label or id is {@link KeyNotFoundException}; a label
 * already used is refused.
 *
 * <p>One fresh token serves the whole class; each claimed spec is generated once (RSA keys cost
 * seconds in software).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KeyGenerationContract {
  private Claims claims;
  private FreshToken fresh;

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /**
   * Opens the class's fresh token.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture cannot open the token
   */
  @BeforeAll
  protected final void openToken(@TempDir Path directory) throws Exception {
    claims = Claims.of(fixture());
    fresh = FreshToken.open(claims, directory);
  }

  /** Closes the provider. */
  @AfterAll
  protected final void closeToken() {
    if (fresh != null) {
      fresh.close();
    }
  }

  /**
   * The claimed key specs, one test each.
   *
   * @return the specs
   */
  protected final List<KeySpec> claimedKeySpecs() {
    return claims.keySpecs();
  }

  /**
   * A key generated for the spec is what was asked for and is found by label and id, in this
   * session and in a new one.
   *
   * @param spec a claimed spec
   * @throws UKeyException if the token fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("claimedKeySpecs")
  public void generatesAKeyOfEachClaimedSpec(KeySpec spec) throws UKeyException {
    String label = "generated-" + spec;
    TokenKey key;
    try (Session session = fresh.login()) {
      key = session.generateKey(spec, label);
      assertNotNull(key, () -> "generateKey(" + spec + ") returned null");
      assertEquals(spec, key.spec(), () -> "spec() of a generated " + spec + " key");
      assertEquals(spec.type(), key.type(), () -> "type() of a generated " + spec + " key");
      assertEquals(label, key.label(), () -> "label() of a generated " + spec + " key");
      assertTrue(key.id().length > 0, () -> "id() of a generated " + spec + " key is empty");
      assertFalse(key.certificate().isPresent(),
          () -> "a freshly generated " + spec + " key has a certificate");
      assertNotNull(key.publicKey(), () -> "publicKey() of a generated " + spec + " key");
      try {
        ReferenceVerifier.checkKeyMatches(key.publicKey(), spec);
      } catch (SignatureVerificationException e) {
        fail("public key of a generated " + spec + " key: " + e.getMessage(), e);
      }
      assertFinds(session, key, "the generating session");
    }
    try (Session session = fresh.login()) {
      assertFinds(session, key, "a new session");
    }
  }

  /**
   * An unknown label and an unknown id are each exactly {@link KeyNotFoundException}.
   *
   * @throws UKeyException if the token fails
   */
  @Test
  public void unknownLabelOrIdIsKeyNotFound() throws UKeyException {
    try (Session session = fresh.login()) {
      assertThrowsExactly(KeyNotFoundException.class, () -> session.key("no-such-key"),
          "key(label) for a label no key has");
      byte[] id = session.generateRandom(20);
      assertThrowsExactly(KeyNotFoundException.class, () -> session.keyById(id),
          "keyById(id) for an id no key has");
    }
  }

  /**
   * Generating a key under a label that a key already has is refused with a
   * {@link UKeyException}, and the first key stays the only one with that label.
   *
   * @throws UKeyException if the token fails
   */
  @Test
  public void refusesALabelAlreadyUsed() throws UKeyException {
    KeySpec spec = claims.cheapestSpec();
    try (Session session = fresh.login()) {
      TokenKey first = session.generateKey(spec, "taken");
      assertThrows(UKeyException.class, () -> session.generateKey(spec, "taken"),
          "generateKey with a label already used");
      long withLabel = session.keys().stream().filter(k -> k.label().equals("taken")).count();
      assertEquals(1, withLabel, "keys labelled 'taken' after a refused duplicate");
      assertArrayEquals(first.id(), session.key("taken").id(), "key('taken') is not the first");
    }
  }

  private static void assertFinds(Session session, TokenKey key, String where)
      throws UKeyException {
    String what = key.spec() + " key '" + key.label() + "' in " + where;
    List<TokenKey> keys = session.keys();
    assertThrows(UnsupportedOperationException.class, () -> keys.add(key),
        "keys() must return an immutable list");
    assertTrue(keys.stream().anyMatch(k -> k.label().equals(key.label())
        && Arrays.equals(k.id(), key.id())), () -> "keys() does not list the " + what);
    TokenKey byLabel = session.key(key.label());
    assertArrayEquals(key.id(), byLabel.id(), () -> "key(label) id of the " + what);
    assertArrayEquals(key.publicKey().getEncoded(), byLabel.publicKey().getEncoded(),
        () -> "key(label) public key of the " + what);
    assertEquals(key.spec(), byLabel.spec(), () -> "key(label) spec of the " + what);
    TokenKey byId = session.keyById(key.id());
    assertEquals(key.label(), byId.label(), () -> "keyById(id) label of the " + what);
    assertArrayEquals(key.publicKey().getEncoded(), byId.publicKey().getEncoded(),
        () -> "keyById(id) public key of the " + what);
  }
}
