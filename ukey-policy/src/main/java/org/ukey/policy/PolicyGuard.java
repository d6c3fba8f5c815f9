package org.ukey.policy;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftVerifiers;

/**
 * Makes every use of a UKey follow the seeds' rules, whatever the token: wrap a {@link Token}
 * ({@link #token}) or an open {@link Session} ({@link #wrap}) and use the result as usual.
 *
 * <p>Refused, each with a {@link PolicyViolationException} naming the rule and its article:
 * a key not ACTIVE in the ledger (frozen, returned, revoked; seed 000 §16.2, seed 001 §17–18) or
 * past its validity (seed 001 §14); a key whose holder is not the logged-in person (seed 000 §4,
 * §22.1); an operation the holder's post may not do, or a seal key used for anything but stamping
 * (seed 000 ch.2 table, §6.3, §7.2); a seal stamped without a valid approval for that document
 * (seed 000 §22.4, seed 003 §12); an empty or blank document stamped or put in a voucher (seed
 * 000 §22.4); use outside allowed hours or from a terminal not on the allow-list (optional; seed
 * 000 §12.2, ch.3 item 2, seed 002 §10(一)); a session idle past the limit, which is logged out
 * (seed 000 ch.3 item 1, §22.2); a PIN change to a PIN the {@link PinPolicy} refuses (seed 000
 * §11, seed 001 §23); a login while the initial PIN is unchanged (seed 000 §11.1).
 *
 * <p>Every attempt, allowed or refused, is appended to the {@link AuditTrail} (time, person,
 * terminal, token, key, operation, document digest, outcome, rule); an operation whose record
 * cannot be written is refused. Wrong PINs, unusual hours and one key on two terminals go to the
 * {@link AnomalyDetector}, whose alerts are audited, sent to the {@link AnomalyListener} and may
 * freeze the key.
 *
 * <p><b>Thread-safety:</b> thread-safe; one guard may serve many sessions.
 */
public final class PolicyGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyGuard.class);
  /** The actor recorded for what the guard itself does to the ledger (an anomaly freeze). */
  public static final PersonId GUARD_ACTOR = new PersonId("policy-guard");

  final KeyLedger ledger;
  final AuditTrail audit;
  final Clock clock;
  final PinPolicy pinPolicy;
  final PinHistory pinHistory;
  private final Set<String> allowedTerminals;
  private final LocalTime hoursFrom;
  private final LocalTime hoursTo;
  final Duration idleLimit;
  private final AnomalyDetector detector;
  private final AnomalyListener listener;
  private final Set<GuardedSession> open = ConcurrentHashMap.newKeySet();

  private PolicyGuard(Builder b) {
    this.ledger = b.ledger;
    this.audit = b.audit;
    this.clock = b.clock;
    this.pinPolicy = b.pinPolicy;
    this.pinHistory = b.pinHistory;
    this.allowedTerminals = b.allowedTerminals == null ? null : Set.copyOf(b.allowedTerminals);
    this.hoursFrom = b.hoursFrom;
    this.hoursTo = b.hoursTo;
    this.idleLimit = b.idleLimit;
    this.detector = b.detector;
    this.listener = b.listener;
  }

  /**
   * A builder.
   *
   * @param ledger the ledger keys are checked against
   * @param audit where every attempt is recorded
   * @return the builder
   */
  public static Builder builder(KeyLedger ledger, AuditTrail audit) {
    return new Builder(ledger, audit);
  }

  /**
   * A token whose logins and PIN changes are checked and audited, for one person at one
   * terminal.
   *
   * @param token the token (a UKey through PKCS#11, the soft token, …)
   * @param person the person using it, as the host authenticated them
   * @param terminal the workstation's id, or {@code null}
   * @return the guarded token
   */
  public GuardedToken token(Token token, PersonId person, String terminal) {
    return new GuardedToken(this, Objects.requireNonNull(token, "token"),
        Objects.requireNonNull(person, "person"), terminal);
  }

  /**
   * Guards a session the host already opened: the token's ledger records are checked as at
   * login, and every use from then on.
   *
   * @param session the session
   * @param person the person using it
   * @param terminal the workstation's id, or {@code null}
   * @return the guarded session
   * @throws PolicyViolationException if the token's keys may not be used by this person here
   * @throws UKeyException if the token, ledger or audit trail fails
   */
  public GuardedSession wrap(Session session, PersonId person, String terminal)
      throws UKeyException {
    GuardedToken t = token(session.token(), person, terminal);
    String serial = session.token().info().serialNumber();
    t.checkLogin(serial);
    return t.opened(session, serial);
  }

  /**
   * The PIN policy checked on every PIN change.
   *
   * @return the policy
   */
  public PinPolicy pinPolicy() {
    return pinPolicy;
  }

  /**
   * Logs out every session idle past the limit. Sessions are also checked on their next use;
   * call this from a timer to log out sessions nobody comes back to (seed 000 ch.3 item 1).
   *
   * @return how many were logged out
   */
  public int expireIdleSessions() {
    int n = 0;
    for (GuardedSession s : List.copyOf(open)) {
      if (s.expireIfIdle()) {
        n++;
      }
    }
    return n;
  }

  void opened(GuardedSession s) {
    open.add(s);
  }

  void closed(GuardedSession s) {
    open.remove(s);
  }

  // ---- Checks shared by GuardedToken and GuardedSession ---------------------------------------

  /** Who is acting, where, with which UKey. */
  record Context(PersonId person, String terminal, String tokenSerial) {}

  /**
   * The ledger record of a key on a token: by its certificate's serial, else the token's only
   * held record; the recorded public key, when there is one, must be the key's.
   */
  KeyRecord resolve(Context ctx, TokenKey key) throws UKeyException {
    Optional<X509Certificate> cert = key.certificate();
    KeyRecord r = null;
    if (cert.isPresent()) {
      r = ledger.byCertSerial(cert.get().getSerialNumber().toString(16)).orElse(null);
    }
    if (r == null) {
      List<KeyRecord> onToken = ledger.byTokenSerial(ctx.tokenSerial()).stream()
          .filter(x -> x.state().held()).collect(Collectors.toList());
      List<KeyRecord> matching = onToken.stream()
          .filter(x -> x.publicKey().map(pk -> java.util.Arrays.equals(pk,
              key.publicKey().getEncoded())).orElse(onToken.size() == 1))
          .collect(Collectors.toList());
      if (matching.size() == 1) {
        r = matching.get(0);
      }
    }
    if (r == null) {
      throw SeedRules.LEDGER_UNKNOWN.violation("key '" + key.label() + "' on UKey "
          + ctx.tokenSerial() + " is not in the ledger");
    }
    if (r.publicKey().isPresent()
        && !java.util.Arrays.equals(r.publicKey().get(), key.publicKey().getEncoded())) {
      throw SeedRules.LEDGER_UNKNOWN.violation("key '" + key.label()
          + "' does not match the public key recorded for ledger key " + r.keyNo());
    }
    return r;
  }

  /** The checks every use of a key makes, before the operation. */
  void checkUse(Context ctx, KeyRecord r, Operation op) throws PolicyViolationException {
    if (r.state() != KeyState.ACTIVE) {
      throw SeedRules.GUARD_NOT_ACTIVE.violation("key " + r.keyNo() + " is " + r.state());
    }
    if (r.expiredOn(LocalDate.now(clock))) {
      throw SeedRules.GUARD_EXPIRED.violation("key " + r.keyNo() + " expired after "
          + r.validTo().get());
    }
    if (!r.holder().equals(ctx.person())) {
      throw SeedRules.GUARD_HOLDER.violation("key " + r.keyNo() + " is held by "
          + r.holder() + ", not " + ctx.person());
    }
    if (r.pinChangeRequired() && op != Operation.PIN_CHANGE && op != Operation.LOGOUT) {
      throw SeedRules.PIN_MUST_CHANGE.violation("the PIN of key " + r.keyNo()
          + " must be changed before use");
    }
    ledger.rules().checkOperation(r, op);
    checkPlaceAndTime(ctx);
  }

  void checkPlaceAndTime(Context ctx) throws PolicyViolationException {
    if (allowedTerminals != null && (ctx.terminal() == null
        || !allowedTerminals.contains(ctx.terminal()))) {
      throw SeedRules.GUARD_TERMINAL.violation("terminal " + ctx.terminal()
          + " is not on the allow-list");
    }
    if (hoursFrom != null) {
      LocalTime t = LocalTime.now(clock);
      if (!within(t, hoursFrom, hoursTo)) {
        throw SeedRules.GUARD_HOURS.violation("use at " + t.withNano(0) + " is outside "
            + hoursFrom + "–" + hoursTo);
      }
    }
  }

  /** Whether a time of day is in [from, to), a range that may span midnight. */
  static boolean within(LocalTime t, LocalTime from, LocalTime to) {
    return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to)
        : !t.isBefore(from) || t.isBefore(to);
  }

  /**
   * Checks a seal-use approval against the ledger: signed by an active approver's recorded key,
   * for this document, seal and stamper, before its deadline (seed 000 §22.4, seed 003 §12).
   */
  void checkApproval(Context ctx, KeyRecord seal, ApprovalTicket ticket, byte[] digest)
      throws UKeyException {
    PolicyRule rule = SeedRules.GUARD_SEAL_APPROVAL;
    if (ticket == null) {
      throw rule.violation("stamping with seal key " + seal.keyNo() + " needs an approval");
    }
    if (!ticket.sealKey().equals(seal.keyNo()) || !ticket.stamper().equals(ctx.person())) {
      throw rule.violation("approval " + ticket.id() + " is for seal " + ticket.sealKey()
          + " stamped by " + ticket.stamper());
    }
    if (digest != null && !ticket.approves(digest)) {
      throw rule.violation("approval " + ticket.id() + " is for another document");
    }
    Instant now = clock.instant();
    if (now.isAfter(ticket.until()) || now.isBefore(ticket.issued())) {
      throw rule.violation("approval " + ticket.id() + " is valid from " + ticket.issued()
          + " until " + ticket.until());
    }
    if (ticket.approver().equals(ctx.person())) {
      throw rule.violation("the stamper may not approve their own seal use");
    }
    KeyRecord a = ledger.find(ticket.approverKey()).orElseThrow(() -> rule.violation(
        "approval " + ticket.id() + " names key " + ticket.approverKey()
            + ", which is not in the ledger"));
    if (a.state() != KeyState.ACTIVE || !a.holder().equals(ticket.approver())
        || !ledger.rules().allows(a.role(), Operation.SEAL_APPROVE)) {
      throw rule.violation("approval " + ticket.id() + " is not by an active approver's key");
    }
    SignatureAlgorithm alg = ticket.algorithm().orElseThrow(() -> rule.violation(
        "approval " + ticket.id() + " uses an unknown algorithm"));
    byte[] spki = a.publicKey().orElseThrow(() -> rule.violation("the ledger has no public key"
        + " for approver key " + a.keyNo() + ", so approval " + ticket.id()
        + " cannot be checked"));
    try {
      PublicKey pk = SoftKeys.publicKey(spki);
      SoftVerifiers.verify(pk, alg, ticket.signedBytes(), ticket.signature());
    } catch (SignatureVerificationException e) {
      throw rule.violation("approval " + ticket.id() + " does not verify under key "
          + a.keyNo());
    }
  }

  /** Audits an attempt; a failure to audit refuses the operation (fail closed). */
  void record(Context ctx, KeyNumber keyNo, Operation op, byte[] digest, AuditOutcome outcome,
      String rule, String reason) throws UKeyException {
    audit.record(new AuditEvent(clock.instant(), ctx.person(), ctx.terminal(),
        ctx.tokenSerial(), keyNo, op, digest, outcome, rule, reason));
  }

  /** Audits a refusal and returns the exception to throw. */
  PolicyViolationException refused(Context ctx, KeyNumber keyNo, Operation op, byte[] digest,
      PolicyViolationException e) throws UKeyException {
    record(ctx, keyNo, op, digest, AuditOutcome.REFUSED, e.rule(), e.getMessage());
    return e;
  }

  /** A wrong PIN on a token: count it, and raise the alert when the threshold is crossed. */
  void wrongPin(Context ctx) throws UKeyException {
    if (detector == null) {
      return;
    }
    PolicyRule crossed = detector.wrongPin(clock.instant(), ctx.tokenSerial());
    if (crossed != null) {
      List<KeyRecord> keys = ledger.byTokenSerial(ctx.tokenSerial());
      alert(ctx, crossed, keys, "wrong PINs on UKey " + ctx.tokenSerial());
    }
  }

  /**
   * A use of a key: raise alerts for unusual hours or a second terminal.
   *
   * @return whether the key was frozen because of an alert
   */
  boolean used(Context ctx, KeyRecord r) throws UKeyException {
    if (detector == null) {
      return false;
    }
    boolean frozen = false;
    for (PolicyRule rule : detector.use(clock.instant(), clock.getZone(), r.keyNo(),
        ctx.terminal())) {
      frozen |= alert(ctx, rule, List.of(r), rule.gist());
    }
    return frozen;
  }

  private boolean alert(Context ctx, PolicyRule rule, List<KeyRecord> keys, String detail)
      throws UKeyException {
    boolean frozen = false;
    if (detector.freezes()) {
      for (KeyRecord k : keys) {
        if (k.state() == KeyState.ACTIVE) {
          ledger.freeze(k.keyNo(), "anomaly " + rule.id() + ": " + detail, GUARD_ACTOR);
          frozen = true;
        }
      }
    }
    KeyNumber keyNo = keys.size() == 1 ? keys.get(0).keyNo() : null;
    record(ctx, keyNo, Operation.of("anomaly"), null, AuditOutcome.NOTED, rule.id(),
        detail + (frozen ? "; key frozen" : ""));
    if (listener != null) {
      try {
        listener.onAlert(new AnomalyAlert(rule, clock.instant(), ctx.person(), ctx.terminal(),
            ctx.tokenSerial(), keyNo, detail, frozen));
      } catch (RuntimeException e) {
        LOG.warn("anomaly listener failed on {}", rule.id(), e);
      }
    }
    return frozen;
  }

  /** Builds a {@link PolicyGuard}. */
  public static final class Builder {
    private final KeyLedger ledger;
    private final AuditTrail audit;
    private Clock clock = Clock.systemDefaultZone();
    private PinPolicy pinPolicy = PinPolicy.town000();
    private PinHistory pinHistory;
    private Set<String> allowedTerminals;
    private LocalTime hoursFrom;
    private LocalTime hoursTo;
    private Duration idleLimit;
    private AnomalyDetector detector;
    private AnomalyListener listener;

    private Builder(KeyLedger ledger, AuditTrail audit) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The time source (default: the system clock in the default zone).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The PIN policy (default: {@link PinPolicy#town000()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder pinPolicy(PinPolicy policy) {
      this.pinPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Where previous PINs are remembered, to refuse their reuse (default: none, so only the
     * current PIN is compared).
     *
     * @param history the history
     * @return this builder
     */
    public Builder pinHistory(PinHistory history) {
      this.pinHistory = history;
      return this;
    }

    /**
     * Only these terminals may use keys (seed 002 §10(一): "业务专用电脑").
     *
     * @param terminals the allowed terminal ids
     * @return this builder
     */
    public Builder allowedTerminals(Set<String> terminals) {
      this.allowedTerminals = Set.copyOf(terminals);
      return this;
    }

    /**
     * Keys may be used only between these local times (may span midnight; seed 000 §12.2).
     *
     * @param from start
     * @param to end
     * @return this builder
     */
    public Builder allowedHours(LocalTime from, LocalTime to) {
      this.hoursFrom = Objects.requireNonNull(from, "from");
      this.hoursTo = Objects.requireNonNull(to, "to");
      return this;
    }

    /**
     * Sessions idle longer than this are logged out (seed 000 ch.3 item 1).
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder idleLimit(Duration limit) {
      if (limit.isNegative() || limit.isZero()) {
        throw new IllegalArgumentException("idle limit must be positive");
      }
      this.idleLimit = limit;
      return this;
    }

    /**
     * Anomaly detection (seed 000 §17, §19).
     *
     * @param detector the detector
     * @param listener who is told, or {@code null}
     * @return this builder
     */
    public Builder anomalies(AnomalyDetector detector, AnomalyListener listener) {
      this.detector = Objects.requireNonNull(detector, "detector");
      this.listener = listener;
      return this;
    }

    /**
     * The guard.
     *
     * @return the guard
     */
    public PolicyGuard build() {
      return new PolicyGuard(this);
    }
  }
}
