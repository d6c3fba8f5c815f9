package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.Pin;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.policy.testing.SoftTestToken;

class VoucherFlowTest {
  private static final String PIN = "Songzhu#2026x";
  private static final byte[] VOUCHER = "<Voucher><No>2026-0601-17</No><Amount>1000.00</Amount>"
      .concat("</Voucher>").getBytes(StandardCharsets.UTF_8);
  private static final SignatureAlgorithm SM2 = SignatureAlgorithm.SM3_WITH_SM2;

  @TempDir
  Path dir;
  LedgerFixture f;
  PolicyGuard guard;
  VoucherFlow flow;
  Holder cashier;
  Holder accountant;
  Holder mayor;
  Holder accountant2;

  /** A person with their UKey and key. */
  record Holder(PersonId person, SoftTestToken token, TokenKey key) {}

  private Holder holder(String who, String no, Role role, String serial, boolean withCert)
      throws Exception {
    SoftTestToken t = new SoftTestToken("TK-" + no, PIN, false);
    TokenKey k = t.addKey(no, withCert ? serial : null);
    PersonId p = PersonId.of(who);
    f.ledger.issue(new KeyLedger.Issue(KeyNumber.of(no), KeyPurpose.OPERATION, role, p, serial,
        t.serial(), k.publicKey().getEncoded(), null, f.today().plusDays(365), null,
        PersonId.of("clerk"), "paper"), LedgerFixture.KEEPER);
    f.ledger.pinChanged(KeyNumber.of(no), p);
    return new Holder(p, t, k);
  }

  @BeforeEach
  void setUp() throws Exception {
    f = new LedgerFixture(dir);
    guard = PolicyGuard.builder(f.ledger, f.audit).clock(f.clock).build();
    flow = VoucherFlow.seed002(f.ledger, f.clock);
    cashier = holder("cashier", "V1", Role.ENTRY, "c1", true);
    accountant = holder("accountant", "V2", Role.ACCOUNTING, "c2", false);
    mayor = holder("mayor", "V3", Role.APPROVAL, "c3", true);
    accountant2 = holder("accountant2", "V4", Role.ACCOUNTING, "c4", true);
  }

  private GuardedSession session(Holder h) throws Exception {
    try (Pin p = Pin.of(PIN.toCharArray())) {
      return guard.token(h.token(), h.person(), "PC-" + h.person()).login(p);
    }
  }

  private byte[] step(byte[] cms, VoucherFlow.Step step, Holder h) throws Exception {
    f.clock.advance(Duration.ofMinutes(1));
    try (GuardedSession s = session(h)) {
      return cms == null ? flow.start(VOUCHER, s, h.key(), SM2)
          : flow.sign(cms, step, s, h.key(), SM2);
    }
  }

  @Test
  void signsEntryAccountingApprovalAndVerifiesTheWholeChainInOrder() throws Exception {
    byte[] cms = step(null, VoucherFlow.Step.ENTRY, cashier);
    VoucherFlow.Verified one = flow.verify(cms);
    assertFalse(one.complete());
    cms = step(cms, VoucherFlow.Step.ACCOUNTING, accountant);
    cms = step(cms, VoucherFlow.Step.APPROVAL, mayor);
    VoucherFlow.Verified all = flow.verify(cms);
    assertTrue(all.complete());
    assertArrayEquals(VOUCHER, all.content());
    assertEquals("entry,accounting,approval", all.steps().stream().map(s -> s.step().name())
        .collect(Collectors.joining(",")));
    assertEquals("cashier,accountant,mayor", all.steps().stream()
        .map(s -> s.person().value()).collect(Collectors.joining(",")));
    // Standard CMS: one SignerInfo, each later step a countersignature of the one before.
    CMSSignedData sd = new CMSSignedData(cms);
    SignerInformation top = sd.getSignerInfos().getSigners().iterator().next();
    SignerInformation second = top.getCounterSignatures().getSigners().iterator().next();
    assertEquals(1, second.getCounterSignatures().size());
    // Every step was audited with its operation.
    long steps = f.store.auditRecords(0, 1000).stream().map(b -> {
      try {
        return AuditEntry.decode(b);
      } catch (UKeyException e) {
        throw new IllegalStateException(e);
      }
    }).filter(e -> e.event().operation().id().startsWith("voucher.")
        && e.event().outcome() == AuditOutcome.SUCCEEDED).count();
    assertEquals(3, steps);
  }

  @Test
  void refusesASkippedStep() throws Exception {
    byte[] cms = step(null, VoucherFlow.Step.ENTRY, cashier);
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> step(cms, VoucherFlow.Step.APPROVAL, mayor));
    assertEquals("voucher.order", e.rule());
    assertEquals("seed 002 §9(三)", e.source());
  }

  @Test
  void refusesAWrongRole() throws Exception {
    byte[] cms = step(null, VoucherFlow.Step.ENTRY, cashier);
    // The mayor's approval key may not sign the accounting step.
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> step(cms, VoucherFlow.Step.ACCOUNTING, mayor));
    assertEquals("voucher.role", e.rule());
    assertEquals("seed 002 §9(二)", e.source());
  }

  @Test
  void refusesTheSamePersonTwice() throws Exception {
    // A handover gives the cashier an accounting key too. The one-post rule stops that at the
    // ledger (seed 000 §7.1); a host whose rules lack it is what this step check still catches.
    KeyLedger laxLedger = KeyLedger.open(f.store, DutyRules.builder()
        .allow(Role.ENTRY, Operation.VOUCHER_ENTRY)
        .allow(Role.ACCOUNTING, Operation.VOUCHER_ACCOUNTING)
        .allow(Role.APPROVAL, Operation.VOUCHER_APPROVAL).build(), f.clock,
        WorkingCalendar.WEEKDAYS, f.audit);
    laxLedger.handover(KeyNumber.of("V4"), cashier.person(), PersonId.of("witness"), "cover",
        LedgerFixture.KEEPER);
    laxLedger.pinChanged(KeyNumber.of("V4"), cashier.person());
    guard = PolicyGuard.builder(laxLedger, f.audit).clock(f.clock).build();
    flow = VoucherFlow.seed002(laxLedger, f.clock);
    byte[] cms = step(null, VoucherFlow.Step.ENTRY, cashier);
    Holder sameHands = new Holder(cashier.person(), accountant2.token(), accountant2.key());
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> step(cms, VoucherFlow.Step.ACCOUNTING, sameHands));
    assertEquals("voucher.same-person", e.rule());
    assertEquals("seed 000 §7.1", e.source());
  }

  @Test
  void refusesABlankVoucher() throws Exception {
    try (GuardedSession s = session(cashier)) {
      assertEquals("guard.blank-document", assertThrows(PolicyViolationException.class,
          () -> flow.start(new byte[0], s, cashier.key(), SM2)).rule());
    }
  }

  @Test
  void verificationFindsATamperedVoucherAndGarbage() throws Exception {
    byte[] cms = step(null, VoucherFlow.Step.ENTRY, cashier);
    cms = step(cms, VoucherFlow.Step.ACCOUNTING, accountant);
    String text = new String(cms, StandardCharsets.ISO_8859_1);
    byte[] tampered = text.replace("1000.00", "9000.00").getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(SignatureVerificationException.class, () -> flow.verify(tampered));
    assertThrows(InvalidEncodingException.class,
        () -> flow.verify("not a voucher".getBytes(StandardCharsets.US_ASCII)));
    byte[] truncated = java.util.Arrays.copyOf(cms, cms.length - 10);
    assertThrows(InvalidEncodingException.class, () -> flow.verify(truncated));
  }
}
