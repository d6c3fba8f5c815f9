package org.ukey.policy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.ukey.api.UKeyException;
import org.ukey.policy.store.FilePolicyStore;
import org.ukey.policy.testing.MutableClock;

/** A ledger and audit trail on a file store with a hand-moved clock. */
final class LedgerFixture implements AutoCloseable {
  static final PersonId KEEPER = PersonId.of("keeper");
  final MutableClock clock = MutableClock.mondayMorning();
  final PolicyStore store;
  final AuditTrail audit;
  final KeyLedger ledger;

  LedgerFixture(Path dir) throws UKeyException {
    this(FilePolicyStore.open(dir));
  }

  LedgerFixture(PolicyStore store) throws UKeyException {
    this.store = store;
    this.audit = AuditTrail.in(store, clock);
    this.ledger = KeyLedger.open(store, DutyRules.town000(), clock, WorkingCalendar.WEEKDAYS,
        audit);
  }

  LocalDate today() {
    return LocalDate.now(clock);
  }

  KeyLedger.Issue issue(String keyNo, String holder, Role role, KeyPurpose purpose,
      String certSerial, String token) {
    return new KeyLedger.Issue(KeyNumber.of(keyNo), purpose, role, PersonId.of(holder),
        certSerial, token, null, null, today().plusYears(1), "treasury payments",
        PersonId.of("clerk"), "paper form 2026-17");
  }

  KeyRecord issued(String keyNo, String holder, Role role) throws UKeyException {
    return ledger.issue(issue(keyNo, holder, role, KeyPurpose.OPERATION,
        Integer.toHexString(keyNo.hashCode() & 0x7fffffff), null), KEEPER);
  }

  @Override
  public void close() {
    store.close();
  }
}
