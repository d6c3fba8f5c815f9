package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;

/**
 * Contract: signing. For each claimed algorithm with each claimed key spec of its type, the
 * signature verifies with an independent verifier ({@link org.ukey.testkit.ReferenceVerifier},
 * BouncyCastle's lightweight classes, not the SDK's own verifiers), a tampered message and a
 * tampered signature do not, and the empty message signs. SM2 also signs with a non-default user
 * ID, which the verifier must use (the default ID then fails). A signer is not made for an
 * algorithm of another key type. {@link Signer#signDigest(byte[])} over the digest computed
 * here verifies the same way, and refuses digests of the wrong length; a provider that does not
 * claim {@link TokenFeature#DIGEST_SIGNING} may refuse it per algorithm.
 *
 * <p>One fresh token and one session serve the whole class, with one key per claimed spec.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SigningContract {
  /** A user ID other than the default, from the SM2 example of GM/T 0003.2-2012 Annex A. */
  static final byte[] OTHER_SM2_USER_ID = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);

  private Claims claims;
  private FreshToken fresh;
  private Session session;
  private final Map<KeySpec, TokenKey> keys = new LinkedHashMap<>();

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /**
   * Opens the class's fresh token and session and generates one key per claimed spec.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture cannot open the token or a key cannot be generated
   */
  @BeforeAll
  protected final void openTokenAndGenerateKeys(@TempDir Path directory) throws Exception {
    claims = Claims.of(fixture());
    fresh = FreshToken.open(claims, directory);
    session = fresh.login();
    for (KeySpec spec : claims.keySpecs()) {
      keys.put(spec, session.generateKey(spec, "sign-" + spec));
    }
  }

  /** Closes the session and the provider. */
  @AfterAll
  protected final void closeToken() {
    if (session != null) {
      session.close();
    }
    if (fresh != null) {
      fresh.close();
    }
  }

  /**
   * Every claimed algorithm with every claimed spec of its key type.
   *
   * @return the cases
   */
  protected final List<SigningCase> signingCases() {
    return claims.signingCases();
  }

  /**
   * The signature verifies independently; flipping one bit of the message, or of the signature,
   * makes it fail. The signer reports the algorithm and public key it was made for; an RSA
   * signature is exactly as long as the modulus.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("signingCases")
  public void signsAndVerifiesIndependently(SigningCase c) throws Exception {
    TokenKey key = keys.get(c.spec());
    Signer signer = session.signer(key, c.algorithm());
    assertEquals(c.algorithm(), signer.algorithm(), () -> c + ": signer.algorithm()");
    assertArrayEquals(key.publicKey().getEncoded(), signer.publicKey().getEncoded(),
        () -> c + ": signer.publicKey() is not the key's");
    byte[] message = session.generateRandom(1000);
    byte[] signature = signer.sign(message);
    Signatures.assertVerifies(key.publicKey(), c.algorithm(), message, signature, c.toString());
    if (c.spec().type() == KeyType.RSA) {
      int modulusBytes = (((RSAPublicKey) key.publicKey()).getModulus().bitLength() + 7) / 8;
      assertEquals(modulusBytes, signature.length, () -> c + ": RSA signature length");
    }
    Signatures.assertRejected(key.publicKey(), c.algorithm(), Signatures.flipBit(message, 517),
        signature, c + " over a message with one bit flipped");
    Signatures.assertRejected(key.publicKey(), c.algorithm(), message,
        Signatures.flipBit(signature, signature.length * 8 - 9),
        c + " signature with one bit flipped");
  }

  /**
   * The empty message signs and verifies.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("signingCases")
  public void signsTheEmptyMessage(SigningCase c) throws Exception {
    TokenKey key = keys.get(c.spec());
    byte[] signature = session.signer(key, c.algorithm()).sign(new byte[0]);
    Signatures.assertVerifies(key.publicKey(), c.algorithm(), new byte[0], signature,
        c + " over the empty message");
  }

  /**
   * SM2 with the user ID {@code ALICE123@YAHOO.COM}: the signer keeps the ID, the signature
   * verifies with it and not with the default ID (so Z really covers the ID, GM/T 0009-2012
   * §8).
   *
   * @throws Exception if the token fails
   */
  @Test
  public void signsSm2WithANonDefaultUserId() throws Exception {
    Assumptions.assumeTrue(claims.algorithms().contains(SignatureAlgorithm.SM3_WITH_SM2),
        "the provider does not claim SM3_WITH_SM2");
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(OTHER_SM2_USER_ID);
    for (KeySpec spec : claims.keySpecs()) {
      if (spec.type() != KeyType.SM2) {
        continue;
      }
      TokenKey key = keys.get(spec);
      Signer signer = session.signer(key, alice);
      assertEquals(alice, signer.algorithm(), "signer.algorithm() lost the SM2 user ID");
      byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);
      byte[] signature = signer.sign(message);
      Signatures.assertVerifies(key.publicKey(), alice, message, signature, alice.toString());
      Signatures.assertRejected(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, message,
          signature, alice + " signature checked with the default user ID");
      Signatures.assertRejected(key.publicKey(), alice, Signatures.flipBit(message, 3), signature,
          alice + " over a message with one bit flipped");
    }
  }

  /**
   * {@link Signer#signDigest(byte[])} over the digest the algorithm defines, computed here (SM2:
   * e = SM3(Z‖M) with the signer's user ID and public key; otherwise the hash of M), makes a
   * signature the independent verifier accepts for M and not for M with one bit flipped. For SM2
   * a signature of SM3(M), Z left out, does not verify for M.
   *
   * <p>Without {@link TokenFeature#DIGEST_SIGNING} the provider may refuse with
   * {@link UnsupportedAlgorithmException}, and the case is reported as skipped.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("signingCases")
  public void signsACallersDigest(SigningCase c) throws Exception {
    TokenKey key = keys.get(c.spec());
    Signer signer = session.signer(key, c.algorithm());
    byte[] message = session.generateRandom(1000);
    byte[] signature = signDigestOrSkip(signer,
        CallerDigests.of(key.publicKey(), c.algorithm(), message), c.toString());
    Signatures.assertVerifies(key.publicKey(), c.algorithm(), message, signature,
        c + " signDigest");
    Signatures.assertRejected(key.publicKey(), c.algorithm(), Signatures.flipBit(message, 517),
        signature, c + " signDigest, checked over a message with one bit flipped");
    if (c.spec().type() == KeyType.SM2) {
      byte[] withoutZ = signer.signDigest(CallerDigests.sm3WithoutZ(message));
      Signatures.assertRejected(key.publicKey(), c.algorithm(), message, withoutZ,
          c + " signDigest(SM3(M)), Z left out,");
    }
  }

  /**
   * {@link Signer#signDigest(byte[])} refuses a digest shorter or longer than the algorithm's
   * with {@link IllegalArgumentException}, and {@code null} with
   * {@link NullPointerException}. Without {@link TokenFeature#DIGEST_SIGNING} a provider that
   * refuses digests altogether ({@link UnsupportedAlgorithmException}) is reported as skipped.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("signingCases")
  public void signDigestRefusesAWrongLength(SigningCase c) throws Exception {
    Signer signer = session.signer(keys.get(c.spec()), c.algorithm());
    int n = c.algorithm().digest().length();
    List<String> accepted = new ArrayList<>();
    for (int length : new int[] {0, n - 1, n + 1}) {
      try {
        signer.signDigest(new byte[length]);
        accepted.add(length + " bytes signed");
      } catch (IllegalArgumentException expected) {
        // the contract
      } catch (UnsupportedAlgorithmException e) {
        skipUnlessClaimed(e, c.toString());
        accepted.add(length + " bytes: " + e + ", not IllegalArgumentException");
      }
    }
    try {
      signer.signDigest(null);
      accepted.add("null signed");
    } catch (NullPointerException expected) {
      // the contract
    } catch (RuntimeException | UKeyException e) {
      accepted.add("null: " + e + ", not NullPointerException");
    }
    assertTrue(accepted.isEmpty(), () -> c + ": signDigest must refuse a digest that is not "
        + n + " bytes with IllegalArgumentException: " + accepted);
  }

  /**
   * SM2 {@link Signer#signDigest(byte[])} with the user ID {@code ALICE123@YAHOO.COM}: e
   * computed with that ID verifies with it and not with the default ID.
   *
   * @throws Exception if the token fails
   */
  @Test
  public void signsSm2DigestWithANonDefaultUserId() throws Exception {
    Assumptions.assumeTrue(claims.algorithms().contains(SignatureAlgorithm.SM3_WITH_SM2),
        "the provider does not claim SM3_WITH_SM2");
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(OTHER_SM2_USER_ID);
    for (KeySpec spec : claims.keySpecs()) {
      if (spec.type() != KeyType.SM2) {
        continue;
      }
      TokenKey key = keys.get(spec);
      byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);
      byte[] signature = signDigestOrSkip(session.signer(key, alice),
          CallerDigests.of(key.publicKey(), alice, message), alice.toString());
      Signatures.assertVerifies(key.publicKey(), alice, message, signature,
          alice + " signDigest");
      Signatures.assertRejected(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, message,
          signature, alice + " signDigest checked with the default user ID");
    }
  }

  private byte[] signDigestOrSkip(Signer signer, byte[] digest, String what)
      throws UKeyException {
    byte[] signature;
    try {
      signature = signer.signDigest(digest);
    } catch (UnsupportedAlgorithmException e) {
      if (signer.signsDigests()) {
        throw new AssertionError(what + ": signsDigests() says true but signDigest refused: "
            + e.getMessage(), e);
      }
      skipUnlessClaimed(e, what);
      throw new AssertionError(what + ": the provider claims " + TokenFeature.DIGEST_SIGNING
          + " but signDigest refused: " + e.getMessage(), e);
    }
    if (!signer.signsDigests()) {
      throw new AssertionError(what + ": signDigest signed but signsDigests() says false");
    }
    return signature;
  }

  /** Returns when the fixture claims DIGEST_SIGNING; reports the test as skipped otherwise. */
  private void skipUnlessClaimed(UnsupportedAlgorithmException e, String what) {
    if (!claims.has(TokenFeature.DIGEST_SIGNING)) {
      Assumptions.abort(what + ": " + claims.fixture().getClass().getSimpleName()
          + " does not claim " + TokenFeature.DIGEST_SIGNING + " and refuses: " + e.getMessage());
    }
  }

  /**
   * {@code signer(key, algorithm)} for an algorithm of another key type is
   * {@link UnsupportedAlgorithmException}.
   */
  @Test
  public void refusesAnAlgorithmOfAnotherKeyType() {
    List<String> accepted = new ArrayList<>();
    for (TokenKey key : keys.values()) {
      for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
        if (a.keyType() == key.type()) {
          continue;
        }
        try {
          session.signer(key, a);
          accepted.add(a + " on " + key.spec());
        } catch (UnsupportedAlgorithmException expected) {
          // the contract
        } catch (UKeyException e) {
          accepted.add(a + " on " + key.spec() + " threw " + e.getClass().getSimpleName()
              + ", not UnsupportedAlgorithmException");
        }
      }
    }
    assertTrue(accepted.isEmpty(), () -> "signer() must refuse algorithms of another key type"
        + " with UnsupportedAlgorithmException: " + accepted);
  }
}
