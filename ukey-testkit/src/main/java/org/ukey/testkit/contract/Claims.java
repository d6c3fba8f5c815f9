package org.ukey.testkit.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;

/**
 * A fixture's claims, checked once for consistency, with the choices the contract derives from
 * them (which key each algorithm signs with, which key is cheapest to make).
 */
final class Claims {
  private final TokenContractFixture fixture;
  private final List<KeySpec> keySpecs;
  private final List<SignatureAlgorithm> algorithms;
  private final Set<TokenFeature> features;

  private Claims(TokenContractFixture fixture) {
    this.fixture = fixture;
    this.keySpecs = List.copyOf(fixture.keySpecs());
    this.algorithms = List.copyOf(fixture.signatureAlgorithms());
    this.features = Set.copyOf(fixture.features());
  }

  /** Reads and checks a fixture's claims; a fixture that contradicts itself fails every test. */
  static Claims of(TokenContractFixture fixture) {
    Objects.requireNonNull(fixture, "fixture() returned null");
    Claims claims = new Claims(fixture);
    claims.check();
    return claims;
  }

  private void check() {
    String who = fixture.getClass().getName();
    if (keySpecs.isEmpty() || algorithms.isEmpty()) {
      throw new IllegalArgumentException(who + " must claim at least one key spec and one"
          + " signature algorithm");
    }
    if (new HashSet<>(keySpecs).size() != keySpecs.size()
        || new HashSet<>(algorithms).size() != algorithms.size()) {
      throw new IllegalArgumentException(who + " claims a key spec or algorithm twice");
    }
    for (SignatureAlgorithm a : algorithms) {
      if (keySpecs.stream().noneMatch(s -> s.type() == a.keyType())) {
        throw new IllegalArgumentException(who + " claims " + a + " but no " + a.keyType()
            + " key spec to sign with");
      }
      if (a.keyType() == KeyType.SM2 && !a.hasDefaultSm2UserId()) {
        throw new IllegalArgumentException(who + " claims " + a + ": claim SM2 with the default"
            + " user ID; the contract tests other IDs itself");
      }
    }
    if (has(TokenFeature.PIN_LOCK)
        && (fixture.pinRetryLimit().isEmpty() || fixture.pinRetryLimit().getAsInt() < 2)) {
      throw new IllegalArgumentException(who + " claims PIN_LOCK but pinRetryLimit() is "
          + fixture.pinRetryLimit() + ", not 2 or more");
    }
    if (has(TokenFeature.PIN_RETRY_COUNT) && !has(TokenFeature.PIN_LOCK)) {
      throw new IllegalArgumentException(who + " claims PIN_RETRY_COUNT without PIN_LOCK: an"
          + " exact count needs the limit it counts down from");
    }
    try (Pin user = fixture.userPin(); Pin other = fixture.otherUserPin();
        Pin so = fixture.soPin()) {
      if (user.matches(other)) {
        throw new IllegalArgumentException(who + ": otherUserPin() must differ from userPin()");
      }
      if (has(TokenFeature.SO_UNLOCK) && so.matches(user)) {
        throw new IllegalArgumentException(who + ": soPin() must differ from userPin(), which"
            + " the contract uses as a wrong SO PIN");
      }
    }
  }

  TokenContractFixture fixture() {
    return fixture;
  }

  List<KeySpec> keySpecs() {
    return keySpecs;
  }

  List<SignatureAlgorithm> algorithms() {
    return algorithms;
  }

  boolean has(TokenFeature feature) {
    return features.contains(feature);
  }

  /** Skips the calling test, visibly, unless the fixture claims every feature named. */
  void assume(TokenFeature... needed) {
    for (TokenFeature f : needed) {
      Assumptions.assumeTrue(has(f), () -> fixture.getClass().getSimpleName()
          + " does not claim " + f);
    }
  }

  int retryLimit() {
    return fixture.pinRetryLimit().orElseThrow();
  }

  /** Every claimed algorithm with every claimed spec of its key type. */
  List<SigningCase> signingCases() {
    List<SigningCase> cases = new ArrayList<>();
    for (SignatureAlgorithm a : algorithms) {
      for (KeySpec s : keySpecs) {
        if (s.type() == a.keyType()) {
          cases.add(new SigningCase(s, a));
        }
      }
    }
    return Collections.unmodifiableList(cases);
  }

  /** Every claimed algorithm once, with the first claimed spec of its key type. */
  List<SigningCase> oneCasePerAlgorithm() {
    List<SigningCase> cases = new ArrayList<>();
    for (SignatureAlgorithm a : algorithms) {
      cases.add(new SigningCase(specFor(a.keyType()), a));
    }
    return Collections.unmodifiableList(cases);
  }

  /**
   * Cases for heavy loops: the algorithms of SM2 and EC keys when any is claimed, since RSA
   * private-key operations cost a hundred times more in software; RSA only for an RSA-only
   * provider.
   */
  List<SigningCase> fastCases() {
    List<SigningCase> fast = new ArrayList<>();
    for (SigningCase c : oneCasePerAlgorithm()) {
      if (c.spec().type() != KeyType.RSA) {
        fast.add(c);
      }
    }
    return fast.isEmpty() ? oneCasePerAlgorithm() : Collections.unmodifiableList(fast);
  }

  /** The claimed spec whose keys are quickest to generate: SM2, then EC, then the smallest RSA. */
  KeySpec cheapestSpec() {
    KeySpec best = null;
    for (KeySpec s : keySpecs) {
      if (best == null || cost(s) < cost(best)) {
        best = s;
      }
    }
    return best;
  }

  KeySpec specFor(KeyType type) {
    for (KeySpec s : keySpecs) {
      if (s.type() == type) {
        return s;
      }
    }
    throw new IllegalStateException("no claimed " + type + " key spec");
  }

  private static int cost(KeySpec s) {
    return s.type() == KeyType.RSA ? 100_000 + s.bits() : s.bits();
  }
}
