package org.ukey.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One UKey's file in the ledger (一章一 Ukey 一档, seed 000 §20): number, type, certificate serial,
 * holder, the dates of issue, change, return, revocation and destruction, validity, handover
 * records, fault records, the destruction record, and the whole history it was built from.
 *
 * <p>A record is what its {@link LedgerEvent}s add up to; {@link KeyLedger} makes them.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class KeyRecord {
  /** Approval levels of seed 000 §9.2, in order. */
  static final String[] LEVELS = {"department-head", "leader", "city-finance"};

  /**
   * One level of approval (审批).
   *
   * @param level {@code department-head}, {@code leader} or {@code city-finance}
   * @param by who approved
   * @param at when
   */
  public record Approval(String level, PersonId by, Instant at) {}

  /**
   * One handover (交接记录, seed 000 §15.2).
   *
   * @param from who gave the key
   * @param to who received it
   * @param witness the witness (监交人)
   * @param at when
   * @param reason why
   */
  public record Handover(PersonId from, PersonId to, PersonId witness, Instant at,
      String reason) {}

  /**
   * One fault or loss (故障记录, seed 000 §17–18, §20).
   *
   * @param at when it was reported
   * @param loss true for a loss or theft, false for a fault or damage
   * @param description what happened
   * @param reportedBy who reported it
   */
  public record Fault(Instant at, boolean loss, String description, PersonId reportedBy) {}

  /**
   * The destruction record (销毁记录, seed 000 §16.3).
   *
   * @param at when
   * @param by who destroyed it
   * @param witness who watched
   * @param method how
   */
  public record Destruction(Instant at, PersonId by, PersonId witness, String method) {}

  private final KeyNumber keyNo;
  private final KeyPurpose purpose;
  private final Role role;
  private final PersonId holder;
  private final PersonId applicant;
  private final String certSerial;
  private final String tokenSerial;
  private final String publicKey;
  private final String usage;
  private final KeyState state;
  private final LocalDate validFrom;
  private final LocalDate validTo;
  private final Instant appliedAt;
  private final Instant issuedAt;
  private final Instant changedAt;
  private final Instant returnedAt;
  private final Instant revokedAt;
  private final Instant destroyedAt;
  private final Instant archivedAt;
  private final LocalDate handoverDue;
  private final boolean pinChangeRequired;
  private final KeyNumber replaces;
  private final KeyNumber replacedBy;
  private final String approvalRef;
  private final List<Approval> approvals;
  private final List<Handover> handovers;
  private final List<Fault> faults;
  private final Destruction destruction;
  private final List<LedgerEvent> history;

  private KeyRecord(Draft d) {
    keyNo = d.keyNo;
    purpose = d.purpose;
    role = d.role;
    holder = d.holder;
    applicant = d.applicant;
    certSerial = d.certSerial;
    tokenSerial = d.tokenSerial;
    publicKey = d.publicKey;
    usage = d.usage;
    state = d.state;
    validFrom = d.validFrom;
    validTo = d.validTo;
    appliedAt = d.appliedAt;
    issuedAt = d.issuedAt;
    changedAt = d.changedAt;
    returnedAt = d.returnedAt;
    revokedAt = d.revokedAt;
    destroyedAt = d.destroyedAt;
    archivedAt = d.archivedAt;
    handoverDue = d.handoverDue;
    pinChangeRequired = d.pinChangeRequired;
    replaces = d.replaces;
    replacedBy = d.replacedBy;
    approvalRef = d.approvalRef;
    approvals = List.copyOf(d.approvals);
    handovers = List.copyOf(d.handovers);
    faults = List.copyOf(d.faults);
    destruction = d.destruction;
    history = List.copyOf(d.history);
  }

  /** The key's number. @return the number */
  public KeyNumber keyNo() {
    return keyNo;
  }

  /** The key's purpose (类型). @return the purpose */
  public KeyPurpose purpose() {
    return purpose;
  }

  /** The holder's post. @return the role */
  public Role role() {
    return role;
  }

  /** The holder now (the applicant before issue). @return the holder */
  public PersonId holder() {
    return holder;
  }

  /** Who applied. @return the applicant */
  public PersonId applicant() {
    return applicant;
  }

  /**
   * The certificate serial (证书号) as given, in lower-case hex without separators (see
   * {@link #hexSerial}); compare with {@link #sameSerial}. @return the serial
   */
  public Optional<String> certSerial() {
    return Optional.ofNullable(certSerial);
  }

  /** The token's serial number. @return the serial */
  public Optional<String> tokenSerial() {
    return Optional.ofNullable(tokenSerial);
  }

  /**
   * The key's public key as DER SubjectPublicKeyInfo, when recorded.
   *
   * @return a fresh copy
   */
  public Optional<byte[]> publicKey() {
    return Optional.ofNullable(publicKey).map(s -> Base64.getDecoder().decode(s));
  }

  /** Use and scope (用途、使用范围). @return the text */
  public Optional<String> usage() {
    return Optional.ofNullable(usage);
  }

  /** The state. @return the state */
  public KeyState state() {
    return state;
  }

  /** First day of validity. @return the date */
  public Optional<LocalDate> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  /** Last day of validity (有效期). @return the date */
  public Optional<LocalDate> validTo() {
    return Optional.ofNullable(validTo);
  }

  /**
   * Whether the validity is over on a day.
   *
   * @param today the day
   * @return true when {@code today} is after the last day of validity
   */
  public boolean expiredOn(LocalDate today) {
    return validTo != null && today.isAfter(validTo);
  }

  /** When applied. @return the time */
  public Optional<Instant> appliedAt() {
    return Optional.ofNullable(appliedAt);
  }

  /** When issued (领用). @return the time */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /** When last changed (变更: renewal, update, handover). @return the time */
  public Optional<Instant> changedAt() {
    return Optional.ofNullable(changedAt);
  }

  /** When returned (回收). @return the time */
  public Optional<Instant> returnedAt() {
    return Optional.ofNullable(returnedAt);
  }

  /** When revoked (注销). @return the time */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /** When destroyed (销毁). @return the time */
  public Optional<Instant> destroyedAt() {
    return Optional.ofNullable(destroyedAt);
  }

  /** When archived (归档). @return the time */
  public Optional<Instant> archivedAt() {
    return Optional.ofNullable(archivedAt);
  }

  /** The day a pending handover is due (seed 000 §15.1). @return the date */
  public Optional<LocalDate> handoverDue() {
    return Optional.ofNullable(handoverDue);
  }

  /**
   * Whether the holder has not yet changed the initial (or reset) PIN (seed 000 §11.1, §11.3).
   *
   * @return true until a PIN change is recorded after issue or reset
   */
  public boolean pinChangeRequired() {
    return pinChangeRequired;
  }

  /** On a reissued key, the key it replaces. @return the old key */
  public Optional<KeyNumber> replaces() {
    return Optional.ofNullable(replaces);
  }

  /** On a replaced key, the new key. @return the new key */
  public Optional<KeyNumber> replacedBy() {
    return Optional.ofNullable(replacedBy);
  }

  /** The reference of an approval made outside the ledger. @return the reference */
  public Optional<String> approvalRef() {
    return Optional.ofNullable(approvalRef);
  }

  /** The approvals, in order. @return an immutable list */
  public List<Approval> approvals() {
    return approvals;
  }

  /** The handovers, in order. @return an immutable list */
  public List<Handover> handovers() {
    return handovers;
  }

  /** The faults and losses, in order. @return an immutable list */
  public List<Fault> faults() {
    return faults;
  }

  /** The destruction record. @return the record */
  public Optional<Destruction> destruction() {
    return Optional.ofNullable(destruction);
  }

  /** Every event of this key, in order. @return an immutable list */
  public List<LedgerEvent> history() {
    return history;
  }

  /**
   * Who held the key at an instant, from the history: nobody before issue, then the holder at
   * issue and each successor after a handover.
   *
   * @param at the instant
   * @return the holder then, or empty when the key was not issued then
   */
  public Optional<PersonId> holderAt(Instant at) {
    PersonId h = null;
    for (LedgerEvent e : history) {
      if (e.time().isAfter(at)) {
        break;
      }
      if (!e.keyNo().equals(keyNo)) {
        h = null; // this key was replaced by a reissue
      } else if (e.action() == LedgerAction.ISSUE || e.action() == LedgerAction.REISSUE) {
        h = new PersonId(e.detail(LedgerEvent.HOLDER).orElse(holder.value()));
      } else if (e.action() == LedgerAction.HANDOVER) {
        h = new PersonId(e.detail(LedgerEvent.TO).orElseThrow());
      } else if (e.action() == LedgerAction.RETURN || e.action() == LedgerAction.REVOKE) {
        h = null;
      }
    }
    return Optional.ofNullable(h);
  }

  @Override
  public String toString() {
    return "KeyRecord[" + keyNo + ", " + purpose + ", " + role + ", holder " + holder + ", "
        + state + (validTo == null ? "" : ", valid to " + validTo) + "]";
  }

  /**
   * A certificate serial as the ledger keeps it: the hex digits as given, lower case, without
   * separators, leading zeros kept ({@code "00:AB:cd"} → {@code "00abcd"}, {@code "01"} stays
   * {@code "01"}), so the ledger shows the serial as it was written on the certificate or form.
   * Compare serials with {@link #sameSerial}.
   *
   * @param serial the serial as printed anywhere
   * @return the stored form
   * @throws IllegalArgumentException if it has no hex digits or other characters than hex,
   *     colons, spaces and dashes
   */
  public static String hexSerial(String serial) {
    StringBuilder sb = new StringBuilder();
    for (char c : serial.toCharArray()) {
      if (Character.digit(c, 16) >= 0) {
        sb.append(Character.toLowerCase(c));
      } else if (c != ':' && c != ' ' && c != '-') {
        throw new IllegalArgumentException("certificate serial must be hex");
      }
    }
    if (sb.length() == 0) {
      throw new IllegalArgumentException("certificate serial is empty");
    }
    return sb.toString();
  }

  /**
   * Normalises a certificate serial for comparison: hex digits only, lower case, no leading
   * zeros ({@code "00:AB:cd"} → {@code "abcd"}), the form {@code BigInteger.toString(16)} gives.
   *
   * @param serial the serial as printed anywhere
   * @return the normal form
   * @throws IllegalArgumentException if it has no hex digits or other characters than hex,
   *     colons, spaces and dashes
   */
  public static String normaliseSerial(String serial) {
    String hex = hexSerial(serial);
    int i = 0;
    while (i < hex.length() - 1 && hex.charAt(i) == '0') {
      i++;
    }
    return hex.substring(i);
  }

  /**
   * Whether two serials name the same number, however written ({@code "01"}, {@code "1"},
   * {@code "00:01"}).
   *
   * @param a a serial
   * @param b another
   * @return whether they are equal as numbers
   * @throws IllegalArgumentException if either is not hex
   */
  public static boolean sameSerial(String a, String b) {
    return normaliseSerial(a).equals(normaliseSerial(b));
  }

  /**
   * The record after one more event. The caller has checked that the action is allowed.
   *
   * @param previous the record before, or {@code null} for a new key
   * @param e the event
   * @return the new record
   */
  static KeyRecord apply(KeyRecord previous, LedgerEvent e) {
    Draft d = previous == null ? new Draft(e.keyNo()) : new Draft(previous);
    d.history.add(e);
    KeyState before = d.state;
    switch (e.action()) {
      case APPLY:
        d.applicant = e.actor();
        d.holder = new PersonId(e.detail(LedgerEvent.HOLDER).orElse(e.actor().value()));
        d.appliedAt = e.time();
        d.issueDetails(e);
        break;
      case APPROVE:
        d.approvals.add(new Approval(e.detail(LedgerEvent.LEVEL).orElse("?"), e.actor(),
            e.time()));
        break;
      case ISSUE:
      case REISSUE:
        d.issueDetails(e);
        d.holder = new PersonId(e.detail(LedgerEvent.HOLDER).orElse(d.holder == null ? null
            : d.holder.value()));
        if (d.applicant == null) {
          d.applicant = d.holder;
        }
        d.issuedAt = e.time();
        d.pinChangeRequired = true;
        d.approvalRef = e.detail(LedgerEvent.APPROVAL_REF).orElse(d.approvalRef);
        d.replaces = e.detail(LedgerEvent.REPLACES).map(KeyNumber::new).orElse(null);
        break;
      case RENEW:
      case UPDATE:
        d.issueDetails(e);
        d.changedAt = e.time();
        break;
      case REPORT_LOSS:
      case REPORT_FAULT:
        d.faults.add(new Fault(e.time(), e.action() == LedgerAction.REPORT_LOSS,
            e.detail(LedgerEvent.FAULT).orElse(e.detail(LedgerEvent.REASON).orElse("")),
            e.actor()));
        break;
      case START_HANDOVER:
        d.handoverDue = LocalDate.parse(e.detail(LedgerEvent.DUE_BY).orElseThrow());
        break;
      case HANDOVER:
        PersonId to = new PersonId(e.detail(LedgerEvent.TO).orElseThrow());
        d.handovers.add(new Handover(d.holder, to,
            new PersonId(e.detail(LedgerEvent.WITNESS).orElseThrow()), e.time(),
            e.detail(LedgerEvent.REASON).orElse("")));
        d.holder = to;
        d.handoverDue = null;
        d.changedAt = e.time();
        d.pinChangeRequired = true;
        break;
      case RETURN:
        d.returnedAt = e.time();
        d.handoverDue = null;
        break;
      case REVOKE:
        d.revokedAt = e.time();
        d.handoverDue = null;
        break;
      case DESTROY:
        d.destroyedAt = e.time();
        d.destruction = new Destruction(e.time(), e.actor(),
            e.detail(LedgerEvent.WITNESS).map(PersonId::new).orElse(null),
            e.detail(LedgerEvent.METHOD).orElse(""));
        break;
      case ARCHIVE:
        d.archivedAt = e.time();
        break;
      case PIN_CHANGED:
        d.pinChangeRequired = false;
        break;
      case PIN_RESET:
        d.pinChangeRequired = true;
        break;
      default:
        break;
    }
    d.state = e.action().next(before);
    return new KeyRecord(d);
  }

  /**
   * The old key's record after a reissue replaced it: revoked, pointing at the new key.
   *
   * @param old the old record
   * @param e the REISSUE event of the new key
   * @return the old record, revoked
   */
  static KeyRecord replaced(KeyRecord old, LedgerEvent e) {
    Draft d = new Draft(old);
    d.history.add(e);
    d.replacedBy = e.keyNo();
    d.revokedAt = e.time();
    d.handoverDue = null;
    d.state = KeyState.REVOKED;
    return new KeyRecord(d);
  }

  /** The mutable copy a record is built in. */
  private static final class Draft {
    KeyNumber keyNo;
    KeyPurpose purpose;
    Role role;
    PersonId holder;
    PersonId applicant;
    String certSerial;
    String tokenSerial;
    String publicKey;
    String usage;
    KeyState state;
    LocalDate validFrom;
    LocalDate validTo;
    Instant appliedAt;
    Instant issuedAt;
    Instant changedAt;
    Instant returnedAt;
    Instant revokedAt;
    Instant destroyedAt;
    Instant archivedAt;
    LocalDate handoverDue;
    boolean pinChangeRequired;
    KeyNumber replaces;
    KeyNumber replacedBy;
    String approvalRef;
    List<Approval> approvals = new ArrayList<>();
    List<Handover> handovers = new ArrayList<>();
    List<Fault> faults = new ArrayList<>();
    Destruction destruction;
    List<LedgerEvent> history = new ArrayList<>();

    Draft(KeyNumber keyNo) {
      this.keyNo = Objects.requireNonNull(keyNo);
    }

    Draft(KeyRecord r) {
      keyNo = r.keyNo;
      purpose = r.purpose;
      role = r.role;
      holder = r.holder;
      applicant = r.applicant;
      certSerial = r.certSerial;
      tokenSerial = r.tokenSerial;
      publicKey = r.publicKey;
      usage = r.usage;
      state = r.state;
      validFrom = r.validFrom;
      validTo = r.validTo;
      appliedAt = r.appliedAt;
      issuedAt = r.issuedAt;
      changedAt = r.changedAt;
      returnedAt = r.returnedAt;
      revokedAt = r.revokedAt;
      destroyedAt = r.destroyedAt;
      archivedAt = r.archivedAt;
      handoverDue = r.handoverDue;
      pinChangeRequired = r.pinChangeRequired;
      replaces = r.replaces;
      replacedBy = r.replacedBy;
      approvalRef = r.approvalRef;
      approvals = new ArrayList<>(r.approvals);
      handovers = new ArrayList<>(r.handovers);
      faults = new ArrayList<>(r.faults);
      destruction = r.destruction;
      history = new ArrayList<>(r.history);
    }

    /** The details an application, issue, renewal or update may set. */
    void issueDetails(LedgerEvent e) {
      e.detail(LedgerEvent.PURPOSE).ifPresent(v -> purpose = new KeyPurpose(v));
      e.detail(LedgerEvent.ROLE).ifPresent(v -> role = new Role(v));
      e.detail(LedgerEvent.CERT_SERIAL).ifPresent(v -> certSerial = v);
      e.detail(LedgerEvent.TOKEN_SERIAL).ifPresent(v -> tokenSerial = v);
      e.detail(LedgerEvent.PUBLIC_KEY).ifPresent(v -> publicKey = v);
      e.detail(LedgerEvent.USAGE).ifPresent(v -> usage = v);
      e.detail(LedgerEvent.VALID_FROM).ifPresent(v -> validFrom = LocalDate.parse(v));
      e.detail(LedgerEvent.VALID_TO).ifPresent(v -> validTo = LocalDate.parse(v));
    }
  }
}
