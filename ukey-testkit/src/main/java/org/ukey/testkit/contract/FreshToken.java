package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;

/** A provider the fixture opened on a fresh token, and that token; closing closes the provider. */
final class FreshToken implements AutoCloseable {
  private final Claims claims;
  private final TokenProvider provider;
  private final Token token;

  private FreshToken(Claims claims, TokenProvider provider, Token token) {
    this.claims = claims;
    this.provider = provider;
    this.token = token;
  }

  /** A fresh token, ready for login with the fixture's user PIN. */
  static FreshToken open(Claims claims, Path directory) throws Exception {
    return wrap(claims, claims.fixture().open(directory), "open");
  }

  /** A fresh token whose user PIN must be changed before login. */
  static FreshToken openWithPinChangeRequired(Claims claims, Path directory) throws Exception {
    return wrap(claims, claims.fixture().openWithPinChangeRequired(directory),
        "openWithPinChangeRequired");
  }

  private static FreshToken wrap(Claims claims, TokenProvider provider, String how)
      throws UKeyException {
    assertNotNull(provider, () -> claims.fixture().getClass().getName() + "." + how
        + "(Path) returned null");
    try {
      return new FreshToken(claims, provider, provider.token(claims.fixture().tokenLabel()));
    } catch (UKeyException | RuntimeException | Error e) {
      provider.close();
      throw e;
    }
  }

  TokenProvider provider() {
    return provider;
  }

  Token token() {
    return token;
  }

  /** Logs in with the fixture's user PIN. */
  Session login() throws UKeyException {
    try (Pin pin = claims.fixture().userPin()) {
      return token.login(pin);
    }
  }

  @Override
  public void close() {
    provider.close();
  }
}
