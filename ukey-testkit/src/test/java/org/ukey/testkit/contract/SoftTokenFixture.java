package org.ukey.testkit.contract;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenProvider;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/**
 * The soft token ({@code org.ukey.sm2.soft}) as the contract sees it: every key spec and
 * algorithm of the API, every feature, the default retry limit, and the cheapest scrypt cost so
 * that the suite's many fresh tokens and logins stay fast.
 */
final class SoftTokenFixture implements TokenContractFixture {
  static final String LABEL = "contract";
  private static final char[] USER_PIN = "12345678".toCharArray();
  private static final char[] OTHER_USER_PIN = "24681357".toCharArray();
  private static final char[] SO_PIN = "87654321".toCharArray();

  @Override
  public TokenProvider open(Path directory) throws Exception {
    return create(directory, false);
  }

  @Override
  public TokenProvider openWithPinChangeRequired(Path directory) throws Exception {
    return create(directory, true);
  }

  private static TokenProvider create(Path directory, boolean mustChange) throws Exception {
    SoftTokenOptions options = SoftTokenOptions.builder()
        .scryptCost(10, 1, 1)
        .mustChangePin(mustChange)
        .build();
    SoftTokenProvider provider = SoftTokens.open(directory.resolve("soft"));
    try (Pin user = Pin.of(USER_PIN); Pin so = Pin.of(SO_PIN)) {
      provider.createToken(LABEL, user, so, options);
    } catch (Exception | Error e) {
      provider.close();
      throw e;
    }
    return provider;
  }

  @Override
  public String tokenLabel() {
    return LABEL;
  }

  @Override
  public Pin userPin() {
    return Pin.of(USER_PIN);
  }

  @Override
  public Pin otherUserPin() {
    return Pin.of(OTHER_USER_PIN);
  }

  @Override
  public Pin soPin() {
    return Pin.of(SO_PIN);
  }

  @Override
  public List<KeySpec> keySpecs() {
    return List.of(KeySpec.sm2(), KeySpec.ecP256(), KeySpec.ecP384(), KeySpec.rsa(2048));
  }

  @Override
  public List<SignatureAlgorithm> signatureAlgorithms() {
    return SignatureAlgorithm.values();
  }

  @Override
  public Set<TokenFeature> features() {
    return EnumSet.allOf(TokenFeature.class);
  }

  @Override
  public OptionalInt pinRetryLimit() {
    return OptionalInt.of(SoftTokenOptions.DEFAULT_MAX_PIN_RETRIES);
  }
}
