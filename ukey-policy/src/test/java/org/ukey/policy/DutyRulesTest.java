package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.PolicyViolationException;

class DutyRulesTest {
  @TempDir
  Path dir;

  @Test
  void conflictingPostsOnePersonHoldsOneOfEntryAccountingApproval() throws Exception {
    // seed 000 §7.1: 制单、审核、审批分设不同 Ukey，一人不得同时持有多个岗位 Ukey
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.issued("K1", "zhang", Role.ENTRY);
      f.issued("K2", "li", Role.ACCOUNTING); // another person: allowed
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.issued("K3", "zhang", Role.APPROVAL));
      assertEquals("sod.conflicting-posts", e.rule());
      assertEquals("seed 000 §7.1", e.source());
    }
  }

  @Test
  void paymentAndReviewKeysAreHeldByDifferentPeople() throws Exception {
    // seed 000 §7.3: 财务支付 Ukey 与复核 Ukey 分人保管
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.issued("P1", "wang", Role.PAYMENT);
      f.issued("R1", "zhao", Role.REVIEW);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.ledger.handover(KeyNumber.of("R1"), PersonId.of("wang"),
              PersonId.of("witness"), "moving post", LedgerFixture.KEEPER));
      assertEquals("sod.payment-review", e.rule());
      assertEquals("seed 000 §7.3", e.source());
    }
  }

  @Test
  void sealAndOperationKeysAreNeverOnOneUkey() throws Exception {
    // seed 000 §7.2: 电子印章 Ukey 与业务操作 Ukey 分开保管
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.ledger.issue(f.issue("S1", "sun", Role.SEAL_KEEPER, KeyPurpose.SEAL, "5a01", "TOKEN-A"),
          LedgerFixture.KEEPER);
      f.ledger.issue(f.issue("O1", "zhou", Role.ENTRY, KeyPurpose.OPERATION, "5a02", "TOKEN-B"),
          LedgerFixture.KEEPER);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.ledger.issue(f.issue("O2", "qian", Role.ACCOUNTING, KeyPurpose.OPERATION,
              "5a03", "TOKEN-A"), LedgerFixture.KEEPER));
      assertEquals("sod.seal-separate", e.rule());
      assertEquals("seed 000 §7.2", e.source());
    }
  }

  @Test
  void aSealKeyOnlyStampsAndOnlyASealKeyStamps() throws Exception {
    // seed 000 §7.2 again, at use time
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyRecord seal = f.ledger.issue(f.issue("S1", "sun", Role.SEAL_KEEPER, KeyPurpose.SEAL,
          "5b01", null), LedgerFixture.KEEPER);
      KeyRecord op = f.issued("O1", "zhou", Role.ENTRY);
      DutyRules rules = DutyRules.town000();
      rules.checkOperation(seal, Operation.SEAL_STAMP);
      rules.checkOperation(op, Operation.VOUCHER_ENTRY);
      assertEquals("sod.seal-separate", assertThrows(PolicyViolationException.class,
          () -> rules.checkOperation(seal, Operation.SIGN)).rule());
      assertEquals("sod.seal-separate", assertThrows(PolicyViolationException.class,
          () -> rules.checkOperation(op, Operation.SEAL_STAMP)).rule());
    }
  }

  @Test
  void aPostDoesOnlyItsOwnWork() throws Exception {
    // seed 000 ch.2 table and §6.3: 严格按权限使用，不越权
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyRecord entry = f.issued("E1", "zhang", Role.ENTRY);
      DutyRules.town000().checkOperation(entry, Operation.VOUCHER_ENTRY);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> DutyRules.town000().checkOperation(entry, Operation.VOUCHER_APPROVAL));
      assertEquals("role.operation", e.rule());
      assertTrue(e.source().contains("seed 000 ch.2 table"));
    }
  }

  @Test
  void onePersonHoldsOneKeyPerPurpose() throws Exception {
    // seed 000 §4 一人一 Ukey; seed 002 §7(一) 每个用户只能申请一个证书
    try (LedgerFixture f = new LedgerFixture(dir)) {
      f.issued("E1", "zhang", Role.ENTRY);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> f.issued("E2", "zhang", Role.ENTRY));
      assertEquals("sod.one-key-per-purpose", e.rule());
      // A seal key for the same person is another purpose (and another UKey): allowed.
      f.ledger.issue(f.issue("S1", "zhang", Role.SEAL_KEEPER, KeyPurpose.SEAL, "5c01", null),
          LedgerFixture.KEEPER);
    }
  }

  @Test
  void aHostExtendsThePresetWithItsOwnPostAndConflict() throws Exception {
    Role cashier2 = Role.of("petty-cash");
    PolicyRule own = new PolicyRule("host.petty-cash", "host rule 3.2", "petty cash apart");
    DutyRules rules = DutyRules.town000().toBuilder()
        .allow(cashier2, Operation.PAYMENT).conflict(own, cashier2, Role.APPROVAL).build();
    assertTrue(rules.allows(cashier2, Operation.PAYMENT));
    try (LedgerFixture f = new LedgerFixture(dir)) {
      KeyLedger ledger = KeyLedger.open(f.store, rules, f.clock, WorkingCalendar.WEEKDAYS, null);
      ledger.issue(f.issue("A1", "boss", Role.APPROVAL, KeyPurpose.OPERATION, "5d01", null),
          LedgerFixture.KEEPER);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> ledger.issue(f.issue("C1", "boss", cashier2, KeyPurpose.of("cash"), "5d02",
              null), LedgerFixture.KEEPER));
      assertEquals("host.petty-cash", e.rule());
    }
  }
}
