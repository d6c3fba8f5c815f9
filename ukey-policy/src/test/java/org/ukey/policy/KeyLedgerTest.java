package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.UKeyException;

class KeyLedgerTest {
  private static final PersonId K = LedgerFixture.KEEPER;

  @TempDir
  Path dir;

  @Test
  void followsTheWholeLifecycleFromApplicationToArchive() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyNumber n = KeyNumber.of("SZ-2026-001");
      PersonId zhang = PersonId.of("zhang");
      // seed 000 §9: application, then department head → leader → city finance
      KeyRecord r = f.ledger.apply(new KeyLedger.Application(n, KeyPurpose.OPERATION,
          Role.ENTRY, "data entry for treasury payments"), zhang);
      assertEquals(KeyState.APPLIED, r.state());
      assertEquals(KeyState.DEPT_APPROVED, f.ledger.approve(n, PersonId.of("head")).state());
      assertEquals(KeyState.LEADER_APPROVED, f.ledger.approve(n, PersonId.of("leader")).state());
      assertEquals(KeyState.APPROVED, f.ledger.approve(n, PersonId.of("city")).state());
      // seed 000 §10: issue in person
      r = f.ledger.issue(new KeyLedger.Issue(n, KeyPurpose.OPERATION, Role.ENTRY, zhang,
          "00:AB:CD:01", "TK-1", null, null, f.today().plusDays(365), null,
          PersonId.of("clerk"), null), K);
      assertEquals(KeyState.ACTIVE, r.state());
      assertEquals("00abcd01", r.certSerial().orElseThrow(), "as given, without separators");
      assertEquals(n, f.ledger.byCertSerial("abcd01").orElseThrow().keyNo());
      assertEquals(n, f.ledger.byCertSerial("AB:CD:01").orElseThrow().keyNo());
      assertTrue(r.pinChangeRequired(), "the initial PIN must be changed (seed 000 §11.1)");
      assertEquals(List.of("department-head", "leader", "city-finance"),
          r.approvals().stream().map(KeyRecord.Approval::level).collect(Collectors.toList()));
      assertFalse(f.ledger.pinChanged(n, zhang).pinChangeRequired());
      // seed 001 §17 freeze and unfreeze; §14 renew; §15 update
      assertEquals(KeyState.FROZEN, f.ledger.freeze(n, "leave", K).state());
      assertEquals(KeyState.ACTIVE, f.ledger.unfreeze(n, "back", K).state());
      assertEquals(f.today().plusDays(730), f.ledger.renew(n, f.today().plusDays(730), null, K)
          .validTo().orElseThrow());
      assertEquals("abcd02", f.ledger.update(n, "abcd02", null, "name changed", K)
          .certSerial().orElseThrow());
      // seed 000 §18: a fault on record
      assertEquals(1, f.ledger.reportFault(n, "USB contact loose", zhang).faults().size());
      // seed 000 §15: handover before a witness
      assertEquals(KeyState.HANDOVER_DUE, f.ledger.startHandover(n, "moving post", K).state());
      r = f.ledger.handover(n, PersonId.of("chen"), PersonId.of("witness"), "moving post", K);
      assertEquals(KeyState.ACTIVE, r.state());
      assertEquals(PersonId.of("chen"), r.holder());
      assertEquals(1, r.handovers().size());
      // seed 000 §16: return, revoke, destroy; then archive
      assertEquals(KeyState.RETURNED, f.ledger.returnKey(n, "left", K).state());
      assertEquals(KeyState.REVOKED, f.ledger.revoke(n, "left", K).state());
      r = f.ledger.destroy(n, "shredded", PersonId.of("witness"), K);
      assertEquals(KeyState.DESTROYED, r.state());
      assertEquals("shredded", r.destruction().orElseThrow().method());
      r = f.ledger.archive(n, K);
      assertEquals(KeyState.ARCHIVED, r.state());
      assertTrue(r.issuedAt().isPresent() && r.returnedAt().isPresent()
          && r.revokedAt().isPresent() && r.destroyedAt().isPresent());
      assertEquals(17, r.history().size());
      // The same history, read again from the store by another ledger instance.
      KeyLedger again = KeyLedger.open(f.store, DutyRules.town000(), f.clock,
          WorkingCalendar.WEEKDAYS, null);
      assertEquals(r.history(), again.get(n).history());
      assertEquals(PersonId.of("zhang"), again.get(n).handovers().get(0).from());
    }
  }

  /** Brings a fresh key into a state; returns its number. */
  private static KeyNumber reach(LedgerFixture f, KeyState state, int i) throws UKeyException {
    KeyNumber n = KeyNumber.of("M" + i);
    PersonId holder = PersonId.of("holder" + i);
    switch (state) {
      case APPLIED:
      case DEPT_APPROVED:
      case LEADER_APPROVED:
      case APPROVED:
      case REJECTED:
        f.ledger.apply(new KeyLedger.Application(n, KeyPurpose.OPERATION, Role.ENTRY, null),
            holder);
        if (state == KeyState.REJECTED) {
          f.ledger.reject(n, PersonId.of("head"), "not needed");
        }
        for (int a = 0; a < state.ordinal() && state != KeyState.REJECTED; a++) {
          f.ledger.approve(n, PersonId.of("approver" + a));
        }
        return n;
      default:
        f.ledger.issue(new KeyLedger.Issue(n, KeyPurpose.OPERATION, Role.ENTRY, holder,
            Integer.toHexString(1000 + i), null, null, null, f.today().plusDays(100), null,
            PersonId.of("clerk"), "paper"), K);
        break;
    }
    switch (state) {
      case FROZEN:
        f.ledger.freeze(n, "x", K);
        break;
      case HANDOVER_DUE:
        f.ledger.startHandover(n, "x", K);
        break;
      case RETURNED:
      case REVOKED:
      case DESTROYED:
      case ARCHIVED:
        f.ledger.returnKey(n, "x", K);
        if (state != KeyState.RETURNED) {
          f.ledger.revoke(n, "x", K);
        }
        if (state == KeyState.DESTROYED || state == KeyState.ARCHIVED) {
          f.ledger.destroy(n, "x", null, K);
        }
        if (state == KeyState.ARCHIVED) {
          f.ledger.archive(n, K);
        }
        break;
      default:
        break;
    }
    return n;
  }

  private static void attempt(LedgerFixture f, LedgerAction a, KeyNumber n, int i)
      throws UKeyException {
    switch (a) {
      case APPLY:
        f.ledger.apply(new KeyLedger.Application(n, KeyPurpose.OPERATION, Role.ENTRY, null),
            PersonId.of("other" + i));
        return;
      case APPROVE:
        f.ledger.approve(n, PersonId.of("someone" + i));
        return;
      case REJECT:
        f.ledger.reject(n, PersonId.of("someone" + i), "no");
        return;
      case ISSUE:
        f.ledger.issue(new KeyLedger.Issue(n, KeyPurpose.OPERATION, Role.ENTRY,
            f.ledger.get(n).holder(), Integer.toHexString(5000 + i), null, null, null,
            f.today().plusDays(100), null, PersonId.of("clerk"), "paper"), K);
        return;
      case FREEZE:
        f.ledger.freeze(n, "x", K);
        return;
      case UNFREEZE:
        f.ledger.unfreeze(n, "x", K);
        return;
      case RENEW:
        f.ledger.renew(n, f.today().plusDays(900), null, K);
        return;
      case UPDATE:
        f.ledger.update(n, Integer.toHexString(7000 + i), null, "x", K);
        return;
      case REPORT_LOSS:
        f.ledger.reportLoss(n, "x", K);
        return;
      case REPORT_FAULT:
        f.ledger.reportFault(n, "x", K);
        return;
      case REISSUE:
        f.ledger.reissue(n, new KeyLedger.Issue(KeyNumber.of("R" + i), KeyPurpose.OPERATION,
            Role.ENTRY, f.ledger.get(n).holder(), Integer.toHexString(9000 + i), null, null,
            null, f.today().plusDays(100), null, PersonId.of("clerk"), null), K);
        return;
      case START_HANDOVER:
        f.ledger.startHandover(n, "x", K);
        return;
      case HANDOVER:
        f.ledger.handover(n, PersonId.of("succ" + i), PersonId.of("wit"), "x", K);
        return;
      case RETURN:
        f.ledger.returnKey(n, "x", K);
        return;
      case REVOKE:
        f.ledger.revoke(n, "x", K);
        return;
      case DESTROY:
        f.ledger.destroy(n, "x", null, K);
        return;
      case ARCHIVE:
        f.ledger.archive(n, K);
        return;
      case PIN_CHANGED:
        f.ledger.pinChanged(n, K);
        return;
      case PIN_RESET:
        f.ledger.pinReset(n, K);
        return;
      default:
        throw new AssertionError(a);
    }
  }

  @Test
  void refusesEveryIllegalTransitionCitingTheArticle() throws Exception {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    try (LedgerFixture f = new LedgerFixture(dir)) {
      int i = 0;
      for (LedgerAction a : LedgerAction.values()) {
        Set<KeyState> illegal = EnumSet.allOf(KeyState.class);
        illegal.removeAll(a.from());
        for (KeyState s : illegal) {
          if (a == LedgerAction.REISSUE && (s == KeyState.ACTIVE || s == KeyState.FROZEN)) {
            continue; // legal for the old key, given a fault on record (tested below)
          }
          KeyNumber n = reach(f, s, ++i);
          cases++;
          KeyRecord before = f.ledger.get(n);
          try {
            attempt(f, a, n, i);
            failures.add(a + " from " + s + " was allowed");
          } catch (PolicyViolationException e) {
            boolean cited = e.source().equals(a.source()) || e.rule().equals("ledger.one-file")
                || (a == LedgerAction.REISSUE && e.rule().equals("ledger.reissue"));
            if (!cited || !e.getMessage().contains("seed ")) {
              failures.add(a + " from " + s + " refused without its article: " + e);
            }
          }
          if (!f.ledger.get(n).equals(before) && f.ledger.get(n).state() != before.state()) {
            failures.add(a + " from " + s + " changed the record although refused");
          }
        }
      }
    }
    assertTrue(cases > 150, "covered " + cases + " cases");
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void approvalsGoInOrderAndNeverByTheApplicantOrTwiceBySomeone() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyNumber n = KeyNumber.of("A1");
      f.ledger.apply(new KeyLedger.Application(n, KeyPurpose.OPERATION, Role.ENTRY, null),
          PersonId.of("zhang"));
      PolicyViolationException own = assertThrows(PolicyViolationException.class,
          () -> f.ledger.approve(n, PersonId.of("zhang")));
      assertEquals("seed 000 §9.2", own.source());
      f.ledger.approve(n, PersonId.of("head"));
      assertThrows(PolicyViolationException.class, () -> f.ledger.approve(n, PersonId.of("head")));
      // Issue before the chain is complete: refused (seed 000 §10 after §9).
      PolicyViolationException early = assertThrows(PolicyViolationException.class,
          () -> f.ledger.issue(f.issue("A1", "zhang", Role.ENTRY, KeyPurpose.OPERATION, "a1",
              null), K));
      assertEquals("ledger.issue", early.rule());
    }
  }

  @Test
  void issueIsInPersonWithTheIdentityCheckedBySomeoneElse() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyLedger.Issue selfChecked = new KeyLedger.Issue(KeyNumber.of("I1"), KeyPurpose.OPERATION,
          Role.ENTRY, PersonId.of("zhang"), "b1", null, null, null, f.today().plusDays(30),
          null, PersonId.of("zhang"), "paper");
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.ledger.issue(selfChecked, K));
      assertEquals("ledger.in-person", e.rule());
      assertEquals("seed 000 §10.1", e.source());
      KeyLedger.Issue noApproval = new KeyLedger.Issue(KeyNumber.of("I2"), KeyPurpose.OPERATION,
          Role.ENTRY, PersonId.of("zhang"), "b2", null, null, null, f.today().plusDays(30),
          null, PersonId.of("clerk"), null);
      assertEquals("ledger.approval-chain", assertThrows(PolicyViolationException.class,
          () -> f.ledger.issue(noApproval, K)).rule());
    }
  }

  @Test
  void oneCertificateIsInOneRecordOnly() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.ledger.issue(f.issue("C1", "zhang", Role.ENTRY, KeyPurpose.OPERATION, "c0ffee", null), K);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.ledger.issue(f.issue("C2", "li", Role.ACCOUNTING, KeyPurpose.OPERATION,
              "00C0FFEE", null), K));
      assertEquals("ledger.one-file", e.rule());
    }
  }

  @Test
  void reissueAfterALossRevokesTheOldKeyInTheSameEvent() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyRecord old = f.issued("L1", "zhang", Role.ENTRY);
      KeyLedger.Issue repl = f.issue("L2", "zhang", Role.ENTRY, KeyPurpose.OPERATION, "d2", null);
      // No loss on record: refused (seed 001 §16).
      assertEquals("ledger.reissue", assertThrows(PolicyViolationException.class,
          () -> f.ledger.reissue(old.keyNo(), repl, K)).rule());
      assertEquals(KeyState.FROZEN, f.ledger.reportLoss(old.keyNo(), "lost on the bus",
          PersonId.of("zhang")).state());
      KeyRecord fresh = f.ledger.reissue(old.keyNo(), repl, K);
      assertEquals(KeyState.ACTIVE, fresh.state());
      assertEquals(old.keyNo(), fresh.replaces().orElseThrow());
      KeyRecord revoked = f.ledger.get(old.keyNo());
      assertEquals(KeyState.REVOKED, revoked.state());
      assertEquals(fresh.keyNo(), revoked.replacedBy().orElseThrow());
      // A lost key never came back: it cannot be destroyed, only archived.
      assertEquals("ledger.destroy", assertThrows(PolicyViolationException.class,
          () -> f.ledger.destroy(old.keyNo(), "x", null, K)).rule());
      assertEquals(KeyState.ARCHIVED, f.ledger.archive(old.keyNo(), K).state());
    }
  }

  @Test
  void handoverNeedsAWitnessWhoIsNeitherParty() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyRecord r = f.issued("H1", "zhang", Role.ENTRY);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.ledger.handover(r.keyNo(), PersonId.of("li"), PersonId.of("li"), "x", K));
      assertEquals("ledger.handover-witness", e.rule());
      assertEquals("seed 000 §15.2", e.source());
    }
  }

  @Test
  void answersTheQueriesOfTheMonthlyCheck() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.ledger.issue(new KeyLedger.Issue(KeyNumber.of("Q1"), KeyPurpose.OPERATION, Role.ENTRY,
          PersonId.of("zhang"), "e1", "TK-9", null, null, f.today().plusDays(10), null,
          PersonId.of("clerk"), "paper"), K);
      f.ledger.issue(new KeyLedger.Issue(KeyNumber.of("Q2"), KeyPurpose.OPERATION,
          Role.ACCOUNTING, PersonId.of("li"), "e2", null, null, null, f.today().plusDays(90),
          null, PersonId.of("clerk"), "paper"), K);
      f.ledger.issue(new KeyLedger.Issue(KeyNumber.of("Q3"), KeyPurpose.SEAL, Role.SEAL_KEEPER,
          PersonId.of("zhang"), "e3", null, null, null, f.today().plusDays(20), null,
          PersonId.of("clerk"), "paper"), K);
      // seed 001 §14: warn ahead of expiry
      assertEquals(List.of("Q1", "Q3"), numbers(f.ledger.expiring(30)));
      assertEquals(List.of("Q1", "Q3", "Q2"), numbers(f.ledger.expiring(90)));
      assertEquals(List.of("Q1", "Q3"), numbers(f.ledger.keysOf(PersonId.of("zhang"))));
      assertEquals(List.of("Q1"), numbers(f.ledger.byTokenSerial("TK-9")));
      // seed 000 §15.1: hand over within 3 working days. Monday + 3 = Thursday.
      KeyRecord due = f.ledger.startHandover(KeyNumber.of("Q2"), "retiring", K);
      assertEquals(LocalDate.of(2026, 6, 4), due.handoverDue().orElseThrow());
      assertEquals(List.of("Q2"), numbers(f.ledger.inState(KeyState.HANDOVER_DUE)));
      f.clock.advance(Duration.ofDays(3));
      assertTrue(f.ledger.overdueHandovers().isEmpty(), "due on Thursday is not yet overdue");
      f.clock.advance(Duration.ofDays(1));
      assertEquals(List.of("Q2"), numbers(f.ledger.overdueHandovers()));
    }
  }

  @Test
  void everyChangeAndEveryRefusalIsAudited() throws Exception {
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyRecord r = f.issued("AU1", "zhang", Role.ENTRY);
      assertThrows(PolicyViolationException.class, () -> f.ledger.unfreeze(r.keyNo(), "x", K));
      List<AuditEntry> entries = new ArrayList<>();
      for (byte[] b : f.store.auditRecords(0, 100)) {
        entries.add(AuditEntry.decode(b));
      }
      assertEquals(2, entries.size());
      assertEquals(AuditOutcome.NOTED, entries.get(0).event().outcome());
      assertEquals("ledger.issue", entries.get(0).event().operation().id());
      assertEquals(AuditOutcome.REFUSED, entries.get(1).event().outcome());
      assertEquals("ledger.unfreeze", entries.get(1).event().rule());
    }
  }

  private static List<String> numbers(List<KeyRecord> records) {
    return records.stream().map(r -> r.keyNo().value()).collect(Collectors.toList());
  }
}
