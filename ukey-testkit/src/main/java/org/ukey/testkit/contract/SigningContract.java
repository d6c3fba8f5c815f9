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
 * algorithm of another key type.
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
