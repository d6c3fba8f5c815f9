package org.ukey.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
   * One check.
   *
   * @param id which check
   * @param outcome pass, fail or not checked
   * @param detail what was found, or why it was not checked
   * @param clause the clause of the standard
   */
  public record Check(CheckId id, Outcome outcome, String detail, String clause) {
    /**
     * Validates the fields.
     *
     * @param id which check
     * @param outcome the outcome
     * @param detail the detail
     * @param clause the clause
     */
    public Check {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(clause, "clause");
    }
  }

  private static final List<CheckId> ESSENTIAL = List.of(CheckId.FORMAT,
      CheckId.SEAL_MAKER_SIGNATURE);

  private final List<Check> checks;
  private final Map<String, String> facts;
  private final Instant signingTime;

  private VerificationReport(List<Check> checks, Map<String, String> facts, Instant signingTime) {
    this.checks = List.copyOf(checks);
    this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
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
    return facts;
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

  /** Collects checks and facts while verifying. Not thread-safe. */
  static final class Builder {
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private Instant signingTime;

    Builder pass(CheckId id, String detail) {
      return add(id, Outcome.PASS, detail);
    }

    Builder fail(CheckId id, String detail) {
      return add(id, Outcome.FAIL, detail);
    }

    Builder notChecked(CheckId id, String why) {
      return add(id, Outcome.NOT_CHECKED, why);
    }

    Builder add(CheckId id, Outcome outcome, String detail) {
      checks.removeIf(c -> c.id() == id);
      checks.add(new Check(id, outcome, detail, id.clause()));
      return this;
    }

    Builder addAll(List<Check> others) {
      for (Check c : others) {
        add(c.id(), c.outcome(), c.detail());
      }
      return this;
    }

    Builder fact(String key, Object value) {
      if (value != null) {
        facts.put(key, String.valueOf(value));
      }
      return this;
    }

    Builder signingTime(Instant t) {
      this.signingTime = t;
      return this;
    }

    boolean has(CheckId id) {
      return checks.stream().anyMatch(c -> c.id() == id);
    }

    VerificationReport build() {
      return new VerificationReport(checks, facts, signingTime);
    }
  }
}
