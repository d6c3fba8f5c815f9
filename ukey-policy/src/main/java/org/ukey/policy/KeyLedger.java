package org.ukey.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.UKeyException;

/**
 * The key ledger (台账, seed 000 §20): one file per UKey over its whole life, from application
 * and approval (seed 000 §9) through issue in person (§10), freezing (seed 001 §17), renewal
 * (§14), update (§15), reissue after loss or damage (§16; seed 000 §17–18), handover (seed 000
 * §15), return, revocation and destruction (§16) to the archive.
 *
 * <p>Every change is an event appended to the {@link PolicyStore}; records are what the events add
 * up to, so the ledger keeps the full history and several application nodes sharing one store
 * see one ledger. Each command reads what others appended, checks the lifecycle and the
 * {@link DutyRules} against the current state, and appends; if another node appended first it
 * checks again and retries. An action from a state the lifecycle does not allow is refused with a
 * {@link PolicyViolationException} citing its article; so is a holding that breaks separation of
 * duties. When an {@link AuditTrail} is given, every change and every refusal is also audited.
 *
 * <p><b>Thread-safety:</b> thread-safe (commands are serialised per instance; the store
 * serialises instances).
 */
public final class KeyLedger {
  private static final int MAX_RETRIES = 100;
  private static final int HANDOVER_WORKING_DAYS = 3;

  /**
   * An application for a key (seed 000 §9.1: "注明类型、用途、岗位、使用范围").
   *
   * @param keyNo the number the key will have
   * @param purpose the type (类型)
   * @param role the post (岗位)
   * @param usage use and scope (用途、使用范围)
   */
  public record Application(KeyNumber keyNo, KeyPurpose purpose, Role role, String usage) {
    /**
     * Validates.
     *
     * @param keyNo the number
     * @param purpose the type
     * @param role the post
     * @param usage use and scope
     */
    public Application {
      Objects.requireNonNull(keyNo, "keyNo");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(role, "role");
    }
  }

  /**
   * What is registered when a key is issued (seed 000 §10.2: "编号、类型、证书号、领用日期、持有人、
   * 有效期、用途").
   *
   * @param keyNo the key's number
   * @param purpose the type
   * @param role the holder's post
   * @param holder the holder, who collects it in person
   * @param certSerial the certificate serial (hex)
   * @param tokenSerial the UKey's serial, or {@code null}
   * @param publicKey the key's DER SubjectPublicKeyInfo, or {@code null}
   * @param validFrom first day of validity, or {@code null} for the day of issue
   * @param validTo last day of validity
   * @param usage use and scope, or {@code null}
   * @param identityCheckedBy who checked the holder's identity on the spot (seed 000 §10.1)
   * @param approvalRef for a key not applied for in this ledger: the reference of its approval
   *     on paper; otherwise {@code null}
   */
  public record Issue(KeyNumber keyNo, KeyPurpose purpose, Role role, PersonId holder,
      String certSerial, String tokenSerial, byte[] publicKey, LocalDate validFrom,
      LocalDate validTo, String usage, PersonId identityCheckedBy, String approvalRef) {
    /**
     * Validates.
     *
     * @param keyNo the number
     * @param purpose the type
     * @param role the post
     * @param holder the holder
     * @param certSerial the certificate serial
     * @param tokenSerial the UKey serial
     * @param publicKey the public key
     * @param validFrom first day
     * @param validTo last day
     * @param usage use and scope
     * @param identityCheckedBy who checked identity
     * @param approvalRef paper approval reference
     */
    public Issue {
      Objects.requireNonNull(keyNo, "keyNo");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(holder, "holder");
      certSerial = KeyRecord.hexSerial(Objects.requireNonNull(certSerial, "certSerial"));
      Objects.requireNonNull(validTo, "validTo");
      publicKey = publicKey == null ? null : publicKey.clone();
    }
  }

  private final PolicyStore store;
  private final DutyRules rules;
  private final Clock clock;
  private final WorkingCalendar calendar;
  private final AuditTrail audit;
  private final Map<KeyNumber, KeyRecord> records = new LinkedHashMap<>();
  private long lastSeq;

  private KeyLedger(PolicyStore store, DutyRules rules, Clock clock, WorkingCalendar calendar,
      AuditTrail audit) {
    this.store = Objects.requireNonNull(store, "store");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.audit = audit;
  }

  /**
   * Opens the ledger in a store and reads it.
   *
   * @param store the store
   * @param rules the separation-of-duty rules checked on issue and handover
   * @param clock the time source, whose zone decides which day it is
   * @param calendar working days, for handover deadlines
   * @param audit where changes and refusals are audited, or {@code null}
   * @return the ledger
   * @throws UKeyException if the store fails or its log is inconsistent
   */
  public static KeyLedger open(PolicyStore store, DutyRules rules, Clock clock,
      WorkingCalendar calendar, AuditTrail audit) throws UKeyException {
    KeyLedger l = new KeyLedger(store, rules, clock, calendar, audit);
    l.refresh();
    return l;
  }

  /**
   * The separation-of-duty rules this ledger checks.
   *
   * @return the rules
   */
  public DutyRules rules() {
    return rules;
  }

  /**
   * Reads events other writers appended since the last read.
   *
   * @throws UKeyException if the store fails or holds an event the lifecycle does not allow
   */
  public synchronized void refresh() throws UKeyException {
    for (LedgerEvent e : store.ledgerEvents(lastSeq)) {
      applyStored(e);
    }
  }

  private void applyStored(LedgerEvent e) throws InvalidEncodingException {
    if (e.seq() != lastSeq + 1) {
      throw new InvalidEncodingException("ledger", -1, "event " + e.seq() + " follows "
          + lastSeq);
    }
    KeyRecord current = records.get(e.keyNo());
    if (!allowed(current, e.action())) {
      throw new InvalidEncodingException("ledger event " + e.seq(), -1, e.action()
          + " is not allowed from " + (current == null ? "no record" : current.state())
          + " (the stored ledger is inconsistent)");
    }
    if (e.action() == LedgerAction.REISSUE) {
      KeyNumber old = new KeyNumber(e.detail(LedgerEvent.REPLACES).orElseThrow(
          () -> new InvalidEncodingException("ledger event " + e.seq(), -1,
              "reissue without the key it replaces")));
      KeyRecord oldRecord = records.get(old);
      if (oldRecord == null) {
        throw new InvalidEncodingException("ledger event " + e.seq(), -1,
            "reissue replaces unknown key " + old);
      }
      records.put(old, KeyRecord.replaced(oldRecord, e));
    }
    records.put(e.keyNo(), KeyRecord.apply(current, e));
    lastSeq = e.seq();
  }

  private static boolean allowed(KeyRecord current, LedgerAction action) {
    return current == null ? action.startsNew() : action.from().contains(current.state());
  }

  // ---- Commands -------------------------------------------------------------------------------

  /**
   * Applies for a key (seed 000 §9.1). The applicant is the future holder.
   *
   * @param a the application
   * @param applicant who applies
   * @return the new record, APPLIED
   * @throws PolicyViolationException if the key number exists or the holding would break a duty
   *     rule
   * @throws UKeyException if the store fails
   */
  public KeyRecord apply(Application a, PersonId applicant) throws UKeyException {
    return commit(a.keyNo(), LedgerAction.APPLY, applicant, null, () -> {
      rules.checkHolding(applicant, a.keyNo(), a.role(), a.purpose(), null, records.values());
      Map<String, String> d = new TreeMap<>();
      d.put(LedgerEvent.PURPOSE, a.purpose().id());
      d.put(LedgerEvent.ROLE, a.role().id());
      put(d, LedgerEvent.USAGE, a.usage());
      return d;
    });
  }

  /**
   * Approves an application at its next level: department head, then leader in charge, then
   * city finance (seed 000 §9.2). Each level by a different person, none the applicant.
   *
   * @param keyNo the key
   * @param approver who approves
   * @return the record
   * @throws PolicyViolationException if out of order or by the applicant or an earlier approver
   * @throws UKeyException if the store fails
   */
  public KeyRecord approve(KeyNumber keyNo, PersonId approver) throws UKeyException {
    return commit(keyNo, LedgerAction.APPROVE, approver, null, () -> {
      KeyRecord r = records.get(keyNo);
      if (r.applicant().equals(approver) || r.approvals().stream()
          .anyMatch(x -> x.by().equals(approver))) {
        throw SeedRules.LEDGER_APPROVAL_CHAIN.violation(approver + " may not approve key "
            + keyNo + " again or as its applicant");
      }
      return Map.of(LedgerEvent.LEVEL, KeyRecord.LEVELS[r.approvals().size()]);
    });
  }

  /**
   * Refuses an application (seed 000 §9.2).
   *
   * @param keyNo the key
   * @param approver who refuses
   * @param reason why
   * @return the record, REJECTED
   * @throws UKeyException if not pending or the store fails
   */
  public KeyRecord reject(KeyNumber keyNo, PersonId approver, String reason)
      throws UKeyException {
    return commit(keyNo, LedgerAction.REJECT, approver, reason, Map::of);
  }

  /**
   * Issues a key to its holder in person (seed 000 §10): after the approval chain, or, for a key
   * with no record, with the reference of an approval on paper.
   *
   * @param issue what is registered
   * @param actor the ledger keeper
   * @return the record, ACTIVE, with the initial PIN still to change
   * @throws PolicyViolationException if not approved, not in person, a duplicate certificate,
   *     or the holding breaks a duty rule
   * @throws UKeyException if the store fails
   */
  public KeyRecord issue(Issue issue, PersonId actor) throws UKeyException {
    return commit(issue.keyNo(), LedgerAction.ISSUE, actor, null, () -> {
      KeyRecord r = records.get(issue.keyNo());
      if (r == null && blank(issue.approvalRef())) {
        throw SeedRules.LEDGER_APPROVAL_CHAIN.violation("key " + issue.keyNo()
            + " was not applied for and approved in the ledger; give the approval's reference");
      }
      if (r != null && !r.applicant().equals(issue.holder())) {
        throw SeedRules.LEDGER_IN_PERSON.violation("key " + issue.keyNo() + " was applied for by "
            + r.applicant() + ", not " + issue.holder());
      }
      return issueDetails(issue, null);
    });
  }

  /**
   * Reissues (补办) a key after it was lost or damaged (seed 001 §16; seed 000 §17.4, §18): the
   * new key goes to the same holder and the old one is revoked by the same event.
   *
   * @param old the lost or damaged key: ACTIVE or FROZEN, with a loss or fault on record
   * @param replacement the new key's registration (holder must be the old key's holder)
   * @param actor the ledger keeper
   * @return the new record, ACTIVE
   * @throws PolicyViolationException if the old key has no loss or fault on record or is in
   *     another state
   * @throws UKeyException if the store fails
   */
  public KeyRecord reissue(KeyNumber old, Issue replacement, PersonId actor)
      throws UKeyException {
    return commit(replacement.keyNo(), LedgerAction.REISSUE, actor, null, () -> {
      KeyRecord o = require(old);
      if (!(o.state() == KeyState.ACTIVE || o.state() == KeyState.FROZEN)) {
        throw LedgerAction.REISSUE.rule().violation("key " + old + " is " + o.state()
            + "; only an ACTIVE or FROZEN key is reissued");
      }
      if (o.faults().isEmpty()) {
        throw LedgerAction.REISSUE.rule().violation("key " + old
            + " has no loss or damage on record (report it first)");
      }
      if (!o.holder().equals(replacement.holder())) {
        throw LedgerAction.REISSUE.rule().violation("a reissued key goes to the holder of " + old
            + ", " + o.holder());
      }
      return issueDetails(replacement, old);
    });
  }

  private Map<String, String> issueDetails(Issue issue, KeyNumber replaces)
      throws PolicyViolationException {
    if (issue.identityCheckedBy() == null || issue.identityCheckedBy().equals(issue.holder())) {
      throw SeedRules.LEDGER_IN_PERSON.violation("issue of key " + issue.keyNo()
          + " needs the person who checked the holder's identity on the spot");
    }
    LocalDate today = LocalDate.now(clock);
    if (issue.validTo().isBefore(today)) {
      throw SeedRules.GUARD_EXPIRED.violation("key " + issue.keyNo() + " would be issued expired"
          + " (valid to " + issue.validTo() + ")");
    }
    for (KeyRecord other : records.values()) {
      if (other.state() != KeyState.ARCHIVED && !other.keyNo().equals(issue.keyNo())
          && !other.keyNo().equals(replaces)
          && other.certSerial().map(c -> KeyRecord.sameSerial(c, issue.certSerial()))
              .orElse(false)) {
        throw SeedRules.LEDGER_ONE_FILE.violation("certificate " + issue.certSerial()
            + " is already recorded for key " + other.keyNo());
      }
    }
    List<KeyRecord> others = records.values().stream()
        .filter(x -> !x.keyNo().equals(replaces)).collect(Collectors.toList());
    rules.checkHolding(issue.holder(), issue.keyNo(), issue.role(), issue.purpose(),
        issue.tokenSerial(), others);
    Map<String, String> d = new TreeMap<>();
    d.put(LedgerEvent.PURPOSE, issue.purpose().id());
    d.put(LedgerEvent.ROLE, issue.role().id());
    d.put(LedgerEvent.HOLDER, issue.holder().value());
    d.put(LedgerEvent.CERT_SERIAL, issue.certSerial());
    put(d, LedgerEvent.TOKEN_SERIAL, issue.tokenSerial());
    put(d, LedgerEvent.PUBLIC_KEY, issue.publicKey() == null ? null
        : Base64.getEncoder().encodeToString(issue.publicKey()));
    d.put(LedgerEvent.VALID_FROM, (issue.validFrom() == null ? today : issue.validFrom())
        .toString());
    d.put(LedgerEvent.VALID_TO, issue.validTo().toString());
    put(d, LedgerEvent.USAGE, issue.usage());
    d.put(LedgerEvent.IDENTITY_CHECKED_BY, issue.identityCheckedBy().value());
    put(d, LedgerEvent.APPROVAL_REF, blank(issue.approvalRef()) ? null : issue.approvalRef());
    put(d, LedgerEvent.REPLACES, replaces == null ? null : replaces.value());
    return d;
  }

  /**
   * Freezes a key (冻结, seed 001 §17; seed 000 §17.2, §19.1).
   *
   * @param keyNo the key
   * @param reason why
   * @param actor who
   * @return the record, FROZEN
   * @throws UKeyException if not ACTIVE or the store fails
   */
  public KeyRecord freeze(KeyNumber keyNo, String reason, PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.FREEZE, actor, reason, Map::of);
  }

  /**
   * Unfreezes a key (解冻, seed 001 §17).
   *
   * @param keyNo the key
   * @param reason why
   * @param actor who
   * @return the record, ACTIVE
   * @throws UKeyException if not FROZEN or the store fails
   */
  public KeyRecord unfreeze(KeyNumber keyNo, String reason, PersonId actor)
      throws UKeyException {
    return commit(keyNo, LedgerAction.UNFREEZE, actor, reason, Map::of);
  }

  /**
   * Renews (延期) a key's validity (seed 001 §14), optionally with the new certificate's serial.
   *
   * @param keyNo the key
   * @param validTo the new last day, after the current one
   * @param certSerial the renewed certificate's serial, or {@code null} if unchanged
   * @param actor who
   * @return the record
   * @throws UKeyException if not ACTIVE, the date does not extend, or the store fails
   */
  public KeyRecord renew(KeyNumber keyNo, LocalDate validTo, String certSerial, PersonId actor)
      throws UKeyException {
    return commit(keyNo, LedgerAction.RENEW, actor, null, () -> {
      KeyRecord r = records.get(keyNo);
      if (r.validTo().map(v -> !validTo.isAfter(v)).orElse(false)) {
        throw LedgerAction.RENEW.rule().violation("renewal of key " + keyNo
            + " must extend its validity beyond " + r.validTo().get());
      }
      Map<String, String> d = new TreeMap<>();
      d.put(LedgerEvent.VALID_TO, validTo.toString());
      put(d, LedgerEvent.CERT_SERIAL, certSerial == null ? null
          : KeyRecord.hexSerial(certSerial));
      return d;
    });
  }

  /**
   * Updates (更新) a key's certificate after the holder's details changed (seed 001 §15).
   *
   * @param keyNo the key
   * @param certSerial the new certificate's serial
   * @param validTo the new last day, or {@code null} if unchanged
   * @param reason what changed
   * @param actor who
   * @return the record
   * @throws UKeyException if not ACTIVE or the store fails
   */
  public KeyRecord update(KeyNumber keyNo, String certSerial, LocalDate validTo, String reason,
      PersonId actor) throws UKeyException {
    String serial = KeyRecord.hexSerial(certSerial);
    return commit(keyNo, LedgerAction.UPDATE, actor, reason, () -> {
      Map<String, String> d = new TreeMap<>();
      d.put(LedgerEvent.CERT_SERIAL, serial);
      put(d, LedgerEvent.VALID_TO, validTo == null ? null : validTo.toString());
      return d;
    });
  }

  /**
   * Records a loss or theft and freezes the key at once (seed 000 §17.1–17.2).
   *
   * @param keyNo the key
   * @param description what happened
   * @param reporter who reports
   * @return the record, FROZEN
   * @throws UKeyException if the key is not held or the store fails
   */
  public KeyRecord reportLoss(KeyNumber keyNo, String description, PersonId reporter)
      throws UKeyException {
    return commit(keyNo, LedgerAction.REPORT_LOSS, reporter, null,
        () -> Map.of(LedgerEvent.FAULT, Objects.requireNonNull(description, "description")));
  }

  /**
   * Records a fault or damage (故障记录, seed 000 §18.1, §20).
   *
   * @param keyNo the key
   * @param description what is wrong
   * @param reporter who reports
   * @return the record, state unchanged
   * @throws UKeyException if the key is not held or the store fails
   */
  public KeyRecord reportFault(KeyNumber keyNo, String description, PersonId reporter)
      throws UKeyException {
    return commit(keyNo, LedgerAction.REPORT_FAULT, reporter, null,
        () -> Map.of(LedgerEvent.FAULT, Objects.requireNonNull(description, "description")));
  }

  /**
   * The holder is leaving or moving post: the key must be handed over or returned within 3
   * working days (seed 000 §15.1) and is not used meanwhile (§15.3).
   *
   * @param keyNo the key
   * @param reason why (调岗, 离职, 退休)
   * @param actor who
   * @return the record, HANDOVER_DUE, with its due date
   * @throws UKeyException if not ACTIVE or the store fails
   */
  public KeyRecord startHandover(KeyNumber keyNo, String reason, PersonId actor)
      throws UKeyException {
    return commit(keyNo, LedgerAction.START_HANDOVER, actor, reason, () -> Map.of(
        LedgerEvent.DUE_BY, calendar.plusWorkingDays(LocalDate.now(clock),
            HANDOVER_WORKING_DAYS).toString()));
  }

  /**
   * Hands a key to a successor before a witness (seed 000 §15.2). The successor must be allowed
   * to hold it ({@link DutyRules}); the new holder must change the PIN.
   *
   * @param keyNo the key
   * @param to the successor
   * @param witness the witness (监交人), neither giver nor receiver
   * @param reason why
   * @param actor who records it
   * @return the record, ACTIVE with the new holder
   * @throws UKeyException if refused or the store fails
   */
  public KeyRecord handover(KeyNumber keyNo, PersonId to, PersonId witness, String reason,
      PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.HANDOVER, actor, reason, () -> {
      KeyRecord r = records.get(keyNo);
      if (witness == null || witness.equals(r.holder()) || witness.equals(to)) {
        throw SeedRules.LEDGER_HANDOVER_WITNESS.violation("handover of key " + keyNo
            + " needs a witness other than " + r.holder() + " and " + to);
      }
      if (to.equals(r.holder())) {
        throw LedgerAction.HANDOVER.rule().violation("key " + keyNo + " is already held by "
            + to);
      }
      rules.checkHolding(to, keyNo, r.role(), r.purpose(), r.tokenSerial().orElse(null),
          records.values());
      return Map.of(LedgerEvent.TO, to.value(), LedgerEvent.WITNESS, witness.value());
    });
  }

  /**
   * Takes a key back (回收, seed 000 §16.1; seed 001 §22).
   *
   * @param keyNo the key
   * @param reason why
   * @param actor who
   * @return the record, RETURNED
   * @throws UKeyException if not held or the store fails
   */
  public KeyRecord returnKey(KeyNumber keyNo, String reason, PersonId actor)
      throws UKeyException {
    return commit(keyNo, LedgerAction.RETURN, actor, reason, Map::of);
  }

  /**
   * Revokes a key's certificate and disables it (注销, seed 000 §16.2; seed 001 §18, §21).
   *
   * @param keyNo the key
   * @param reason why
   * @param actor who
   * @return the record, REVOKED
   * @throws UKeyException if already closed or the store fails
   */
  public KeyRecord revoke(KeyNumber keyNo, String reason, PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.REVOKE, actor, reason, Map::of);
  }

  /**
   * Destroys a returned, revoked key, with the record (销毁, seed 000 §16.3, §18.3).
   *
   * @param keyNo the key
   * @param method how, and any reference of the destruction
   * @param witness who watched, or {@code null}
   * @param actor who destroyed it
   * @return the record, DESTROYED
   * @throws UKeyException if not REVOKED, never returned, or the store fails
   */
  public KeyRecord destroy(KeyNumber keyNo, String method, PersonId witness, PersonId actor)
      throws UKeyException {
    return commit(keyNo, LedgerAction.DESTROY, actor, null, () -> {
      KeyRecord r = records.get(keyNo);
      if (r.returnedAt().isEmpty()) {
        throw LedgerAction.DESTROY.rule().violation("key " + keyNo
            + " was never returned, so it cannot be destroyed (archive it instead)");
      }
      Map<String, String> d = new TreeMap<>();
      d.put(LedgerEvent.METHOD, Objects.requireNonNull(method, "method"));
      put(d, LedgerEvent.WITNESS, witness == null ? null : witness.value());
      return d;
    });
  }

  /**
   * Closes a key's file (归档): a destroyed key, a refused application, or a revoked key that
   * never came back (lost). A returned, revoked key is destroyed first (seed 000 §16.3).
   *
   * @param keyNo the key
   * @param actor who
   * @return the record, ARCHIVED
   * @throws UKeyException if refused or the store fails
   */
  public KeyRecord archive(KeyNumber keyNo, PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.ARCHIVE, actor, null, () -> {
      KeyRecord r = records.get(keyNo);
      if (r.state() == KeyState.REVOKED && r.returnedAt().isPresent()) {
        throw LedgerAction.DESTROY.rule().violation("key " + keyNo
            + " was returned; destroy it before archiving");
      }
      return Map.of();
    });
  }

  /**
   * Records that the holder changed the PIN (clears the initial-PIN flag, seed 000 §11.1).
   *
   * @param keyNo the key
   * @param actor the holder
   * @return the record
   * @throws UKeyException if the key is not ACTIVE or FROZEN or the store fails
   */
  public KeyRecord pinChanged(KeyNumber keyNo, PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.PIN_CHANGED, actor, null, Map::of);
  }

  /**
   * Records a PIN reset (seed 000 §11.3): the holder must change it before use.
   *
   * @param keyNo the key
   * @param actor who reset it
   * @return the record
   * @throws UKeyException if the key is not ACTIVE or FROZEN or the store fails
   */
  public KeyRecord pinReset(KeyNumber keyNo, PersonId actor) throws UKeyException {
    return commit(keyNo, LedgerAction.PIN_RESET, actor, null, Map::of);
  }

  // ---- Queries --------------------------------------------------------------------------------

  /**
   * A key's record.
   *
   * @param keyNo the key
   * @return the record, or empty
   * @throws UKeyException if the store fails
   */
  public synchronized Optional<KeyRecord> find(KeyNumber keyNo) throws UKeyException {
    refresh();
    return Optional.ofNullable(records.get(keyNo));
  }

  /**
   * A key's record, which must exist (seed 000 §20).
   *
   * @param keyNo the key
   * @return the record
   * @throws PolicyViolationException if the key is not in the ledger
   * @throws UKeyException if the store fails
   */
  public synchronized KeyRecord get(KeyNumber keyNo) throws UKeyException {
    refresh();
    return require(keyNo);
  }

  /**
   * Every record, in the order first recorded.
   *
   * @return an immutable list
   * @throws UKeyException if the store fails
   */
  public synchronized List<KeyRecord> all() throws UKeyException {
    refresh();
    return List.copyOf(records.values());
  }

  /**
   * Records in a state.
   *
   * @param state the state
   * @return the records
   * @throws UKeyException if the store fails
   */
  public List<KeyRecord> inState(KeyState state) throws UKeyException {
    return all().stream().filter(r -> r.state() == state).collect(Collectors.toList());
  }

  /**
   * The keys a person holds or held.
   *
   * @param person the person
   * @return the records whose current holder is the person
   * @throws UKeyException if the store fails
   */
  public List<KeyRecord> keysOf(PersonId person) throws UKeyException {
    return all().stream().filter(r -> person.equals(r.holder())).collect(Collectors.toList());
  }

  /**
   * Held keys whose validity ends within {@code days} days from today, or has ended: the ones to
   * renew (seed 001 §14: "在证书有效期到期之前，提前办理延期申请"), soonest first.
   *
   * @param days 0 or more
   * @return the records
   * @throws UKeyException if the store fails
   */
  public List<KeyRecord> expiring(int days) throws UKeyException {
    LocalDate limit = LocalDate.now(clock).plusDays(days);
    return all().stream().filter(r -> r.state().held() && r.validTo().isPresent()
            && !r.validTo().get().isAfter(limit))
        .sorted(Comparator.comparing(r -> r.validTo().get())).collect(Collectors.toList());
  }

  /**
   * Handovers past their due date (seed 000 §15.1).
   *
   * @return the records in HANDOVER_DUE whose due date has passed
   * @throws UKeyException if the store fails
   */
  public List<KeyRecord> overdueHandovers() throws UKeyException {
    LocalDate today = LocalDate.now(clock);
    return all().stream().filter(r -> r.state() == KeyState.HANDOVER_DUE
        && r.handoverDue().map(today::isAfter).orElse(false)).collect(Collectors.toList());
  }

  /**
   * The record of a certificate, among keys not archived.
   *
   * @param certSerial the serial in any common notation
   * @return the record
   * @throws UKeyException if the store fails
   */
  public Optional<KeyRecord> byCertSerial(String certSerial) throws UKeyException {
    String s = KeyRecord.normaliseSerial(certSerial);
    return all().stream().filter(r -> r.state() != KeyState.ARCHIVED
        && r.certSerial().map(c -> KeyRecord.normaliseSerial(c).equals(s)).orElse(false))
        .findFirst();
  }

  /**
   * The records of one UKey, among keys not archived.
   *
   * @param tokenSerial the UKey's serial
   * @return the records
   * @throws UKeyException if the store fails
   */
  public List<KeyRecord> byTokenSerial(String tokenSerial) throws UKeyException {
    return all().stream().filter(r -> r.state() != KeyState.ARCHIVED
        && r.tokenSerial().map(tokenSerial::equals).orElse(false)).collect(Collectors.toList());
  }

  // ---- Machinery ------------------------------------------------------------------------------

  /** Computes an event's details against the current state, or refuses. */
  @FunctionalInterface
  private interface Command {
    Map<String, String> details() throws PolicyViolationException;
  }

  private synchronized KeyRecord commit(KeyNumber keyNo, LedgerAction action, PersonId actor,
      String reason, Command command) throws UKeyException {
    Objects.requireNonNull(keyNo, "keyNo");
    Objects.requireNonNull(actor, "actor");
    for (int attempt = 0; ; attempt++) {
      refresh();
      KeyRecord current = records.get(keyNo);
      LedgerEvent e;
      try {
        if (current == null && !action.startsNew()) {
          throw SeedRules.LEDGER_UNKNOWN.violation("key " + keyNo + " is not in the ledger");
        }
        if (current != null && !action.from().contains(current.state())) {
          throw action.from().isEmpty()
              ? SeedRules.LEDGER_ONE_FILE.violation("key " + keyNo + " is already in the ledger ("
                  + current.state() + ")")
              : action.rule().violation(action.name().toLowerCase(java.util.Locale.ROOT)
                  + " of key " + keyNo + " is not allowed in state " + current.state());
        }
        Map<String, String> details = new HashMap<>(command.details());
        put(details, LedgerEvent.REASON, reason);
        e = new LedgerEvent(lastSeq + 1, clock.instant(), keyNo, action, actor,
            new TreeMap<>(details));
      } catch (PolicyViolationException refused) {
        audit(keyNo, action, actor, current, AuditOutcome.REFUSED, refused.rule(),
            refused.getMessage());
        throw refused;
      }
      try {
        store.appendLedgerEvent(e);
      } catch (LedgerConflictException conflict) {
        if (attempt >= MAX_RETRIES) {
          throw conflict;
        }
        continue;
      }
      applyStored(e);
      KeyRecord after = records.get(keyNo);
      audit(keyNo, action, actor, after, AuditOutcome.NOTED, null, reason);
      return after;
    }
  }

  private void audit(KeyNumber keyNo, LedgerAction action, PersonId actor, KeyRecord r,
      AuditOutcome outcome, String rule, String reason) throws UKeyException {
    if (audit != null) {
      audit.record(new AuditEvent(clock.instant(), actor, null,
          r == null ? null : r.tokenSerial().orElse(null), keyNo,
          Operation.of("ledger." + action.name().toLowerCase(java.util.Locale.ROOT)), null,
          outcome, rule, reason));
    }
  }

  private KeyRecord require(KeyNumber keyNo) throws PolicyViolationException {
    KeyRecord r = records.get(keyNo);
    if (r == null) {
      throw SeedRules.LEDGER_UNKNOWN.violation("key " + keyNo + " is not in the ledger");
    }
    return r;
  }

  private static void put(Map<String, String> d, String name, String value) {
    if (value != null) {
      d.put(name, value);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
