package org.ukey.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The result of verifying a seal or a seal signature (验章): every check that was made, its
 * outcome, why, and the clause of the standard it comes from; and the facts found (seal id and
 * name, maker, signer, times).
 *
 * <p>The report is valid ({@link #isValid()}) when no check failed and every essential check
 * passed. Checks that could not be made (no trust anchors given, no document to hash) are
 * {@link Outcome#NOT_CHECKED} with the reason; {@link #isFullyVerified()} says whether every
 * check was made and passed.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class VerificationReport {
  /** The outcome of one check. */
  public enum Outcome {
    /** The check was made and passed. */
    PASS,
    /** The check was made and failed. */
    FAIL,
    /** The check could not be made; {@link Check#detail()} says why. */
    NOT_CHECKED
  }

  /** The checks of GM/T 0031-2014 §6.1.2 and §6.2.3 (GB/T 38540-2020 §7.3 follows them). */
  public enum CheckId {
    /** The data is a seal or seal signature in a known format. */
    FORMAT("GM/T 0031-2014 §6.2.3 a; GB/T 38540-2020 §7"),
    /** The signer's signature over {@code TBS_Sign}. */
    SIGNER_SIGNATURE("GM/T 0031-2014 §6.2.3 b"),
    /** The signer certificate chains to a trust anchor (with key usage). */
    SIGNER_CERTIFICATE_CHAIN("GM/T 0031-2014 §6.2.3 c"),
    /** The signing time lies inside the signer certificate's validity. */
    SIGNER_CERTIFICATE_VALIDITY("GM/T 0031-2014 §6.2.3 d"),
    /** The signer certificate was not revoked before the signing time. */
    SIGNER_CERTIFICATE_REVOCATION("GM/T 0031-2014 §6.2.3 d"),
    /** The document's hash equals {@code dataHash}. */
    DOCUMENT_HASH("GM/T 0031-2014 §6.2.3 e"),
    /** The seal maker's signature over the seal information. */
    SEAL_MAKER_SIGNATURE("GM/T 0031-2014 §6.1.2 b"),
    /** The seal maker's certificate: chain, validity when the seal was made, revocation. */
    SEAL_MAKER_CERTIFICATE("GM/T 0031-2014 §6.1.2 c"),
    /** The signing time lies inside the seal's validity window. */
    SEAL_VALIDITY("GM/T 0031-2014 §6.1.2 d, §6.2.3 f"),
    /** The signer certificate is on the seal's certificate list. */
    SIGNER_IN_CERT_LIST("GM/T 0031-2014 §6.2.2 c"),
    /** The time-stamp token over the signature value. */
    TIMESTAMP("GB/T 38540-2020 §7 (SES_Signature.timeStamp); RFC 3161"),
    /** The seal equals the copy filed for its party (备案). */
    FILED_COPY("seed 002 §6(4)");

    private final String clause;

    CheckId(String clause) {
      this.clause = clause;
    }

    /**
     * The clause of the standard the check comes from.
     *
     * @return for example {@code "GM/T 0031-2014 §6.2.3 b"}
     */
    public String clause() {
      return clause;
    }
  }

  /**
   * One check: which, its outcome, what was found or why it was not made, and the clause of the
   * standard. The detail may be composed only when first read (a verifier that is asked only
   * {@link VerificationReport#isValid()} does not format dates and names it never shows).
   *
   * <p><b>Thread-safety:</b> immutable as seen from outside; safe to share between threads.
   */
  public static final class Check {
    private final CheckId id;
    private final Outcome outcome;
    private final String clause;
    private final Supplier<String> lazyDetail;
    private volatile String detail;

    /**
     * A check with its detail given.
     *
     * @param id which check
     * @param outcome pass, fail or not checked
     * @param detail what was found, or why it was not checked
     * @param clause the clause of the standard
     */
    public Check(CheckId id, Outcome outcome, String detail, String clause) {
      this.id = Objects.requireNonNull(id, "id");
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.detail = Objects.requireNonNull(detail, "detail");
      this.clause = Objects.requireNonNull(clause, "clause");
      this.lazyDetail = null;
    }

    Check(CheckId id, Outcome outcome, Supplier<String> detail) {
      this.id = Objects.requireNonNull(id, "id");
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.lazyDetail = Objects.requireNonNull(detail, "detail");
      this.clause = id.clause();
    }

    /**
     * Which check.
     *
     * @return the id
     */
    public CheckId id() {
      return id;
    }

    /**
     * The outcome.
     *
     * @return pass, fail or not checked
     */
    public Outcome outcome() {
      return outcome;
    }

    /**
     * What was found, or why the check was not made.
     *
     * @return the detail
     */
    public String detail() {
      String d = detail;
      if (d == null) {
        // Racy but idempotent: two threads compose the same immutable string.
        d = Objects.requireNonNull(lazyDetail.get(), "detail");
        detail = d;
      }
      return d;
    }

    /**
     * The clause of the standard the check comes from.
     *
     * @return the clause
     */
    public String clause() {
      return clause;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Check c && id == c.id && outcome == c.outcome
          && detail().equals(c.detail()) && clause.equals(c.clause);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, outcome, detail(), clause);
    }

    @Override
    public String toString() {
      return "Check[id=" + id + ", outcome=" + outcome + ", detail=" + detail() + ", clause="
          + clause + "]";
    }
  }

  private static final List<CheckId> ESSENTIAL = List.of(CheckId.FORMAT,
      CheckId.SEAL_MAKER_SIGNATURE);

  private final List<Check> checks;
  /**
   * The facts as found, key and value in turn, {@code factCount} pairs: values are formatted
   * with String.valueOf, suppliers first called, when {@link #facts()} is first read.
   */
  private final Object[] foundFacts;
  private final int factCount;
  private volatile Map<String, String> facts;
  private final Instant signingTime;

  /** Takes {@code facts} as it is: the builder hands its array over and starts a new one. */
  private VerificationReport(List<Check> checks, Object[] facts, int factCount,
      Instant signingTime) {
    this.checks = List.copyOf(checks);
    this.foundFacts = facts;
    this.factCount = factCount;
    this.signingTime = signingTime;
  }

  /**
   * Every check in the order made.
   *
   * @return an immutable list
   */
  public List<Check> checks() {
    return checks;
  }

  /**
   * One check.
   *
   * @param id which
   * @return the check, or empty if it was not part of this verification
   */
  public Optional<Check> check(CheckId id) {
    return checks.stream().filter(c -> c.id() == id).findFirst();
  }

  /**
   * The outcome of one check.
   *
   * @param id which
   * @return the outcome; NOT_CHECKED if the check was not part of this verification
   */
  public Outcome outcome(CheckId id) {
    return check(id).map(Check::outcome).orElse(Outcome.NOT_CHECKED);
  }

  /**
   * The facts found, in a stable order: {@code format}, {@code sealId}, {@code sealName},
   * {@code sealType}, {@code sealValidFrom}, {@code sealValidTo}, {@code maker},
   * {@code signer}, {@code signingTime}, {@code propertyInfo}, …
   *
   * @return an immutable map
   */
  public Map<String, String> facts() {
    Map<String, String> f = facts;
    if (f == null) {
      Map<String, String> m = new LinkedHashMap<>(factCount * 2);
      for (int i = 0; i < factCount; i++) {
        Object v = foundFacts[2 * i + 1];
        m.put((String) foundFacts[2 * i], String.valueOf(v instanceof Supplier<?> s ? s.get() : v));
      }
      f = Collections.unmodifiableMap(m);
      facts = f;
    }
    return f;
  }

  /**
   * The signing time the checks were judged at (the time-stamp's if present, else
   * {@code timeInfo}), for a signature.
   *
   * @return the time
   */
  public Optional<Instant> signingTime() {
    return Optional.ofNullable(signingTime);
  }

  /**
   * The failed checks.
   *
   * @return an immutable list, empty when nothing failed
   */
  public List<Check> failures() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).toList();
  }

  /**
   * Whether nothing failed and the essential checks (format, maker signature, and for a
   * signature the signer signature, the certificate list, the seal validity and the signer
   * certificate validity) passed.
   *
   * @return true when valid
   */
  public boolean isValid() {
    if (!failures().isEmpty()) {
      return false;
    }
    List<CheckId> essential = new ArrayList<>(ESSENTIAL);
    if (check(CheckId.SIGNER_SIGNATURE).isPresent()) {
      essential.addAll(List.of(CheckId.SIGNER_SIGNATURE, CheckId.SIGNER_IN_CERT_LIST,
          CheckId.SEAL_VALIDITY, CheckId.SIGNER_CERTIFICATE_VALIDITY));
    }
    for (CheckId id : essential) {
      if (outcome(id) != Outcome.PASS) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every check was made and passed (nothing NOT_CHECKED).
   *
   * @return true when fully verified
   */
  public boolean isFullyVerified() {
    return checks.stream().allMatch(c -> c.outcome() == Outcome.PASS);
  }

  /**
   * Throws unless {@link #isValid()}.
   *
   * @throws SealVerificationException naming the failed checks
   */
  public void requireValid() throws SealVerificationException {
    if (!isValid()) {
      throw new SealVerificationException(this);
    }
  }

  /**
   * A multi-line human summary: one line per check.
   *
   * @return the text
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(isValid() ? "VALID" : "INVALID").append('\n');
    for (Check c : checks) {
      sb.append(String.format("  %-12s %-30s %s [%s]%n", c.outcome(), c.id(), c.detail(),
          c.clause()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "VerificationReport[" + (isValid() ? "valid" : "invalid") + ", " + checks.size()
        + " checks, " + failures().size() + " failed]";
  }

  /**
   * Collects checks and facts while verifying. Not thread-safe. Details and facts given as
   * suppliers are composed when first read; what they capture must not change afterwards.
   */
  static final class Builder {
    /** Room for the facts of a signature's report without growing. */
    private static final int FACTS = 20;
    private final List<Check> checks = new ArrayList<>();
    /**
     * Key and value in turn, in the order first put: a report has about 16 facts, and an
     * array scanned by key costs less than a map's entries (one report per verification).
     */
    private Object[] facts = new Object[2 * FACTS];
    private int factCount;
    private Instant signingTime;

    Builder pass(CheckId id, String detail) {
      return add(id, Outcome.PASS, detail);
    }

    Builder pass(CheckId id, Supplier<String> detail) {
      return add(new Check(id, Outcome.PASS, detail));
    }

    Builder fail(CheckId id, String detail) {
      return add(id, Outcome.FAIL, detail);
    }

    Builder fail(CheckId id, Supplier<String> detail) {
      return add(new Check(id, Outcome.FAIL, detail));
    }

    Builder notChecked(CheckId id, String why) {
      return add(id, Outcome.NOT_CHECKED, why);
    }

    Builder add(CheckId id, Outcome outcome, String detail) {
      return add(new Check(id, outcome, detail, id.clause()));
    }

    Builder add(CheckId id, Outcome outcome, Supplier<String> detail) {
      return add(new Check(id, outcome, detail));
    }

    /** Adds a check, replacing an earlier one with the same id. */
    Builder add(Check check) {
      for (int i = 0; i < checks.size(); i++) {
        if (checks.get(i).id() == check.id()) {
          checks.remove(i);
          break;
        }
      }
      checks.add(check);
      return this;
    }

    Builder addAll(List<Check> others) {
      for (Check c : others) {
        add(c);
      }
      return this;
    }

    Builder fact(String key, Object value) {
      if (value != null) {
        // Immutable values are kept and formatted when the facts are first read.
        boolean immutable = value instanceof String || value instanceof Number
            || value instanceof java.time.temporal.TemporalAccessor || value instanceof Enum<?>;
        put(key, immutable ? value : String.valueOf(value));
      }
      return this;
    }

    /** A fact composed when first read; the supplier must not return null. */
    Builder fact(String key, Supplier<?> value) {
      put(key, value);
      return this;
    }

    /** Sets a fact, keeping the place of one set before under the same key. */
    private void put(String key, Object value) {
      java.util.Objects.requireNonNull(key, "key");
      for (int i = 0; i < factCount; i++) {
        if (key.equals(facts[2 * i])) {
          facts[2 * i + 1] = value;
          return;
        }
      }
      if (2 * factCount == facts.length) {
        facts = java.util.Arrays.copyOf(facts, 2 * facts.length);
      }
      facts[2 * factCount] = key;
      facts[2 * factCount + 1] = value;
      factCount++;
    }

    Builder signingTime(Instant t) {
      this.signingTime = t;
      return this;
    }

    boolean has(CheckId id) {
      return checks.stream().anyMatch(c -> c.id() == id);
    }

    /** The report; ends this builder's use (its facts go to the report). */
    VerificationReport build() {
      VerificationReport report = new VerificationReport(checks, facts, factCount, signingTime);
      facts = new Object[2 * FACTS];
      factCount = 0;
      return report;
    }
  }
}
