package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.PinStatus;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;

/**
 * Contract: a provider lists its tokens, and a token describes itself sanely (label, serial,
 * manufacturer and model present; the PIN status of a fresh token neither locked nor
 * must-change, with the full retry count when the token reports counts).
 *
 * <p>Extend it and implement {@link #fixture()}, or run it as part of {@link TokenContract}.
 * One fresh token serves the whole class.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TokenInfoContract {
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
   * {@code tokens()} is an immutable list that holds the fresh token, and {@code token(label)}
   * finds it.
   *
   * @throws UKeyException if the provider fails
   */
  @Test
  public void listsTheFreshTokenByItsLabel() throws UKeyException {
    String label = claims.fixture().tokenLabel();
    List<Token> tokens = fresh.provider().tokens();
    assertTrue(tokens.stream().anyMatch(t -> labelOf(t).equals(label)),
        () -> "tokens() does not list the token labelled '" + label + "'");
    assertThrows(UnsupportedOperationException.class, () -> tokens.add(fresh.token()),
        "tokens() must return an immutable list");
    Token found = fresh.provider().token(label);
    assertEquals(label, found.info().label(), "token(label) returned another token");
    assertTrue(found.isPresent(), "the fresh token says it is not present");
  }

  /**
   * Asking for a label no token has is {@link TokenNotPresentException}.
   */
  @Test
  public void unknownLabelIsTokenNotPresent() {
    assertThrowsExactly(TokenNotPresentException.class,
        () -> fresh.provider().token("no-such-token-" + System.nanoTime()));
  }

  /**
   * The token's label is the fixture's; serial, manufacturer and model are not blank and the
   * same on every call; the provider describes itself.
   *
   * @throws UKeyException if the token fails
   */
  @Test
  public void describesItselfWithLabelSerialManufacturerAndModel() throws UKeyException {
    TokenInfo info = fresh.token().info();
    assertEquals(claims.fixture().tokenLabel(), info.label(), "label");
    assertFalse(info.serialNumber().isBlank(), "serial number is blank");
    assertFalse(info.manufacturer().isBlank(), "manufacturer is blank");
    assertFalse(info.model().isBlank(), "model is blank");
    TokenInfo again = fresh.token().info();
    assertEquals(info.serialNumber(), again.serialNumber(), "serial number changed between calls");
    TokenProvider provider = fresh.provider();
    assertFalse(provider.description() == null || provider.description().isBlank(),
        "TokenProvider.description() is blank");
  }

  /**
   * A fresh token's user PIN is neither locked, nor on its final try, nor to be changed; its SO
   * PIN is not locked; and a token that reports counts reports the full retry limit.
   *
   * @throws UKeyException if the token fails
   */
  @Test
  public void freshTokenHasASanePinStatus() throws UKeyException {
    PinStatus status = fresh.token().info().pinStatus();
    assertFalse(status.locked(), () -> "fresh token's user PIN is locked: " + status);
    assertFalse(status.finalTry(), () -> "fresh token's user PIN is on its final try: " + status);
    assertFalse(status.mustChange(), () -> "open() must give a token ready for login, but the PIN"
        + " must be changed: " + status);
    assertFalse(status.soLocked(), () -> "fresh token's SO PIN is locked: " + status);
    if (claims.has(TokenFeature.PIN_RETRY_COUNT)) {
      assertEquals(claims.retryLimit(), status.retriesLeft().orElse(-1),
          () -> "PIN_RETRY_COUNT: a fresh token must report pinRetryLimit() tries left: " + status);
    }
  }

  private static String labelOf(Token token) {
    try {
      return token.info().label();
    } catch (UKeyException e) {
      throw new AssertionError("info() of a listed token failed", e);
    }
  }
}
