package org.ukey.testkit.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenProvider;

/**
 * What the {@link TokenContract} needs to know about a {@link TokenProvider} to test it: how to
 * open a fresh token, its PINs, the keys and algorithms it claims, and its optional
 * {@link TokenFeature}s. A provider's test implements this once and hands it to the suite.
 *
 * <p>The suite opens many fresh tokens (one per PIN and close test, one per contract class for
 * the rest), each in its own empty directory, and closes every provider it opens before it opens
 * the next: no two providers from one fixture are open at once, so a fixture may re-initialise a
 * single token (a PKCS#11 library loaded once per process) each time. Run the suite
 * sequentially (JUnit's default). A fixture must make a token cheaply: use the lowest
 * PIN-hashing cost the provider allows.
 *
 * <pre>{@code
 * final class MyTokenFixture implements TokenContractFixture {
 *   public TokenProvider open(Path dir) throws Exception {
 *     return MyProvider.create(dir, tokenLabel(), "12345678", "87654321");
 *   }
 *   public String tokenLabel() { return "contract"; }
 *   public Pin userPin() { return Pin.of("12345678".toCharArray()); }
 *   public Pin otherUserPin() { return Pin.of("24681357".toCharArray()); }
 *   public Pin soPin() { return Pin.of("87654321".toCharArray()); }
 *   public List<KeySpec> keySpecs() { return List.of(KeySpec.sm2()); }
 *   public List<SignatureAlgorithm> signatureAlgorithms() {
 *     return List.of(SignatureAlgorithm.SM3_WITH_SM2);
 *   }
 *   public Set<TokenFeature> features() { return EnumSet.of(TokenFeature.SO_UNLOCK); }
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> the suite calls a fixture from one thread at a time.
 *
 * <p><b>Security:</b> test PINs only; never point a fixture at a token holding real keys, since
 * the suite locks PINs, re-initialises PINs and generates and deletes keys.
 */
public interface TokenContractFixture {
  /**
   * Opens a provider on a fresh token labelled {@link #tokenLabel()} whose user PIN is
   * {@link #userPin()}, ready for login (not in the must-change state), with no keys, and whose
   * SO PIN is {@link #soPin()}.
   *
   * @param directory an empty directory the fixture may use for the token's files; deleted after
   *     the test
   * @return the provider; the suite closes it
   * @throws Exception if the token cannot be made
   */
  TokenProvider open(Path directory) throws Exception;

  /**
   * Opens a provider on a fresh token like {@link #open(Path)}, except that the user PIN, while
   * right, must be changed before the first login succeeds. Called only when
   * {@link #features()} has {@link TokenFeature#PIN_CHANGE_REQUIRED}.
   *
   * @param directory an empty directory for the token's files
   * @return the provider; the suite closes it
   * @throws Exception if the token cannot be made
   */
  default TokenProvider openWithPinChangeRequired(Path directory) throws Exception {
    throw new UnsupportedOperationException(getClass().getName()
        + " claims PIN_CHANGE_REQUIRED but does not override openWithPinChangeRequired");
  }

  /**
   * The label of the token {@link #open(Path)} makes; the suite finds it with
   * {@link TokenProvider#token(String)}.
   *
   * @return the label
   */
  String tokenLabel();

  /**
   * The user PIN of a fresh token.
   *
   * @return a new {@link Pin} on each call; the suite closes it
   */
  Pin userPin();

  /**
   * A second valid user PIN, different from {@link #userPin()}: the suite uses it as the wrong
   * PIN and as the new PIN when it changes or unlocks the PIN, so it must satisfy the token's
   * PIN rules.
   *
   * @return a new {@link Pin} on each call; the suite closes it
   */
  Pin otherUserPin();

  /**
   * The security officer PIN of a fresh token.
   *
   * @return a new {@link Pin} on each call; the suite closes it
   */
  Pin soPin();

  /**
   * The key specs the provider claims to generate. Each is generated and signed with; keep RSA
   * sizes few (each RSA key costs seconds).
   *
   * @return at least one spec
   */
  List<KeySpec> keySpecs();

  /**
   * The signature algorithms the provider claims, with the default SM2 user ID. Each is tested
   * with every claimed key spec of its key type; SM2 is also tested with a non-default user ID.
   *
   * @return at least one algorithm, each for a key type among {@link #keySpecs()}
   */
  List<SignatureAlgorithm> signatureAlgorithms();

  /**
   * The optional behaviours the provider claims.
   *
   * @return the features; empty when it claims none
   */
  Set<TokenFeature> features();

  /**
   * How many consecutive wrong user PINs lock the user PIN, when the token locks
   * ({@link TokenFeature#PIN_LOCK}).
   *
   * @return the limit, or empty when the token does not lock
   */
  default OptionalInt pinRetryLimit() {
    return OptionalInt.empty();
  }
}
