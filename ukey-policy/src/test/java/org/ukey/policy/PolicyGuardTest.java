package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.policy.testing.SoftTestToken;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.Sm3;

class PolicyGuardTest {
  private static final String PIN = "Songzhu#2026x";
  private static final byte[] DOC = "付款凭证 No.17: 1,000.00 元".getBytes(StandardCharsets.UTF_8);
  private static final PersonId ZHANG = PersonId.of("zhang");
  private static final PersonId BOSS = PersonId.of("boss");

  @TempDir
  Path dir;
  LedgerFixture f;
  SoftTestToken entryToken;
  TokenKey entryKey;
  SoftTestToken sealToken;
  TokenKey sealKey;
  SoftTestToken bossToken;
  TokenKey bossKey;
  List<AnomalyAlert> alerts = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    f = new LedgerFixture(dir);
    entryToken = new SoftTestToken("TK-ENTRY", PIN, false);
    entryKey = entryToken.addKey("entry", "e0001");
    sealToken = new SoftTestToken("TK-SEAL", PIN, false);
    sealKey = sealToken.addKey("seal", "5ea1");
    bossToken = new SoftTestToken("TK-BOSS", PIN, false);
    bossKey = bossToken.addKey("approve", "b055");
    issue("E1", ZHANG, Role.ENTRY, KeyPurpose.OPERATION, entryToken, entryKey, "e0001");
    issue("S1", ZHANG, Role.SEAL_KEEPER, KeyPurpose.SEAL, sealToken, sealKey, "5ea1");
    issue("B1", BOSS, Role.APPROVAL, KeyPurpose.OPERATION, bossToken, bossKey, "b055");
  }

  private void issue(String no, PersonId who, Role role, KeyPurpose purpose, SoftTestToken t,
      TokenKey k, String serial) throws Exception {
    KeyNumber n = KeyNumber.of(no);
    f.ledger.issue(new KeyLedger.Issue(n, purpose, role, who, serial, t.serial(),
        k.publicKey().getEncoded(), null, f.today().plusDays(365), null, PersonId.of("clerk"),
        "paper"), LedgerFixture.KEEPER);
    f.ledger.pinChanged(n, who);
  }

  private PolicyGuard.Builder guard() {
    return PolicyGuard.builder(f.ledger, f.audit).clock(f.clock);
  }

  private GuardedSession login(PolicyGuard g, SoftTestToken t, PersonId who, String terminal)
      throws Exception {
    try (Pin p = Pin.of(PIN.toCharArray())) {
      return g.token(t, who, terminal).login(p);
    }
  }

  private List<AuditEntry> audit() throws Exception {
    List<AuditEntry> out = new ArrayList<>();
    for (byte[] b : f.store.auditRecords(0, 10_000)) {
      out.add(AuditEntry.decode(b));
    }
    return out;
  }

  private AuditEntry lastAudit() throws Exception {
    List<AuditEntry> all = audit();
    return all.get(all.size() - 1);
  }

  @Test
  void signsForTheHolderOfAnActiveKeyAndAuditsIt() throws Exception {
    try (GuardedSession s = login(guard().build(), entryToken, ZHANG, "PC-1")) {
      Signer signer = s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2,
          Operation.VOUCHER_ENTRY);
      byte[] sig = signer.sign(DOC);
      SoftVerifiers.verify(entryKey.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, DOC, sig);
      AuditEntry e = lastAudit();
      assertEquals(AuditOutcome.SUCCEEDED, e.event().outcome());
      assertEquals(KeyNumber.of("E1"), e.event().keyNo());
      assertEquals("PC-1", e.event().terminal());
      assertEquals("TK-ENTRY", e.event().tokenSerial());
      assertTrue(java.util.Arrays.equals(Sm3.digest(DOC), e.event().documentDigest()));
      // A stream is signed the same way and audited with the same digest.
      signer.sign(new ByteArrayInputStream(DOC));
      assertTrue(java.util.Arrays.equals(Sm3.digest(DOC), lastAudit().event().documentDigest()));
    }
  }

  @Test
  void refusesAFrozenKeyCitingTheArticle() throws Exception {
    GuardedSession s = login(guard().build(), entryToken, ZHANG, "PC-1");
    Signer signer = s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2);
    f.ledger.freeze(KeyNumber.of("E1"), "holiday", LedgerFixture.KEEPER); // seed 001 §17
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> signer.sign(DOC));
    assertEquals("guard.key-not-active", e.rule());
    assertTrue(e.source().contains("seed 001 §17"));
    assertEquals(AuditOutcome.REFUSED, lastAudit().event().outcome());
    assertEquals("guard.key-not-active", lastAudit().event().rule());
  }

  @Test
  void refusesAnExpiredKey() throws Exception {
    GuardedSession s = login(guard().build(), entryToken, ZHANG, "PC-1");
    f.clock.advance(Duration.ofDays(367));
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2));
    assertEquals("guard.key-expired", e.rule());
    assertEquals("seed 001 §14", e.source());
  }

  @Test
  void refusesAKeyOfSomeoneElse() throws Exception {
    // seed 000 §22.1: 转借、共用、代他人使用 Ukey
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> login(guard().build(), entryToken, PersonId.of("li"), "PC-1"));
    assertEquals("guard.holder", e.rule());
    assertTrue(e.source().contains("seed 000 §22.1"));
    assertEquals(AuditOutcome.REFUSED, lastAudit().event().outcome());
  }

  @Test
  void refusesAnOperationThePostMayNotDo() throws Exception {
    try (GuardedSession s = login(guard().build(), entryToken, ZHANG, "PC-1")) {
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2, Operation.VOUCHER_APPROVAL));
      assertEquals("role.operation", e.rule());
    }
  }

  private ApprovalTicket approval(PolicyGuard g, byte[] doc) throws Exception {
    try (GuardedSession boss = login(g, bossToken, BOSS, "PC-9")) {
      Signer approve = boss.signer(bossKey, SignatureAlgorithm.SM3_WITH_SM2,
          Operation.SEAL_APPROVE);
      return ApprovalTicket.sign("APP-17", Sm3.digest(doc), KeyNumber.of("S1"), ZHANG, BOSS,
          KeyNumber.of("B1"), f.clock.instant(), f.clock.instant().plus(Duration.ofHours(2)),
          approve);
    }
  }

  @Test
  void stampsASealOnlyWithAValidApprovalForThatDocument() throws Exception {
    // seed 000 §22.4 and seed 003 §12: 经批准同意后方可进行签章
    PolicyGuard g = guard().build();
    ApprovalTicket ticket = ApprovalTicket.decode(approval(g, DOC).encode());
    try (GuardedSession s = login(g, sealToken, ZHANG, "PC-1")) {
      PolicyViolationException none = assertThrows(PolicyViolationException.class,
          () -> s.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, null));
      assertEquals("guard.seal-approval", none.rule());
      assertTrue(none.source().contains("seed 003 §12"));
      Signer stamper = s.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, ticket);
      stamper.sign(DOC);
      PolicyViolationException other = assertThrows(PolicyViolationException.class,
          () -> stamper.sign("another document".getBytes(StandardCharsets.UTF_8)));
      assertEquals("guard.seal-approval", other.rule());
      f.clock.advance(Duration.ofHours(3));
      assertEquals("guard.seal-approval", assertThrows(PolicyViolationException.class,
          () -> stamper.sign(DOC)).rule());
    }
  }

  @Test
  void refusesAnApprovalNotSignedByTheApproversKey() throws Exception {
    PolicyGuard g = guard().build();
    try (GuardedSession s = login(g, sealToken, ZHANG, "PC-1")) {
      Signer own = s.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, approval(g, DOC));
      // Signed by a key that is not the approver's B1.
      java.security.KeyPair stranger = org.ukey.sm2.SoftKeys.generate(org.ukey.api.KeySpec.sm2());
      ApprovalTicket forged = ApprovalTicket.sign("APP-18", Sm3.digest(DOC), KeyNumber.of("S1"),
          ZHANG, BOSS, KeyNumber.of("B1"), f.clock.instant(),
          f.clock.instant().plus(Duration.ofHours(1)),
          org.ukey.sm2.SoftSigners.create(stranger.getPrivate(), stranger.getPublic(), null,
              SignatureAlgorithm.SM3_WITH_SM2));
      own.sign(DOC);
      assertEquals("guard.seal-approval", assertThrows(PolicyViolationException.class,
          () -> s.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, forged)).rule());
    }
  }

  @Test
  void refusesToStampABlankDocument() throws Exception {
    PolicyGuard g = guard().build();
    byte[] blank = "  \n\t ".getBytes(StandardCharsets.US_ASCII);
    ApprovalTicket ticket = approval(g, blank);
    try (GuardedSession s = login(g, sealToken, ZHANG, "PC-1")) {
      Signer stamper = s.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, ticket);
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> stamper.sign(blank));
      assertEquals("guard.blank-document", e.rule());
      assertEquals("seed 000 §22.4", e.source());
      assertEquals("guard.blank-document", assertThrows(PolicyViolationException.class,
          () -> stamper.sign(new ByteArrayInputStream(blank))).rule());
    }
  }

  @Test
  void refusesToSignACallersDigestBecauseThePolicyNeedsTheMessage() throws Exception {
    PolicyGuard g = guard().build();
    ApprovalTicket ticket = approval(g, DOC);
    try (GuardedSession entry = login(g, entryToken, ZHANG, "PC-1");
        GuardedSession seal = login(g, sealToken, ZHANG, "PC-1")) {
      byte[] e = org.ukey.sm2.Sm2.digestForSigning(SignatureAlgorithm.defaultSm2UserId(),
          (java.security.interfaces.ECPublicKey) entryKey.publicKey(), DOC);
      Object[][] cases = {
          {entry.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2), "guard.audit", "E1"},
          {entry.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2, Operation.VOUCHER_ENTRY),
              "guard.blank-document", "E1"},
          {seal.sealSigner(sealKey, SignatureAlgorithm.SM3_WITH_SM2, ticket),
              "guard.seal-approval", "S1"}};
      for (Object[] c : cases) {
        Signer signer = (Signer) c[0];
        int before = audit().size();
        assertFalse(signer.signsDigests(), "a guarded signer says it does not sign digests");
        PolicyViolationException refused = assertThrows(PolicyViolationException.class,
            () -> signer.signDigest(e), signer::toString);
        assertEquals(c[1], refused.rule());
        assertTrue(refused.getMessage().contains("needs the message"), refused.getMessage());
        // One entry, the refusal: nothing was signed, and no document digest is claimed.
        List<AuditEntry> added = audit().subList(before, audit().size());
        assertEquals(1, added.size(), added::toString);
        assertEquals(AuditOutcome.REFUSED, added.get(0).event().outcome());
        assertEquals(c[1], added.get(0).event().rule());
        assertEquals(KeyNumber.of((String) c[2]), added.get(0).event().keyNo());
        assertNull(added.get(0).event().documentDigest());
      }
      // The message itself still signs through the same guarded signer.
      Signer signer = entry.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2);
      SoftVerifiers.verify(entryKey.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, DOC,
          signer.sign(DOC));
      assertEquals(AuditOutcome.SUCCEEDED, lastAudit().event().outcome());
    }
  }

  @Test
  void refusesUseOutsideAllowedHoursAndFromUnknownTerminals() throws Exception {
    PolicyGuard g = guard().allowedTerminals(Set.of("PC-1"))
        .allowedHours(LocalTime.of(8, 0), LocalTime.of(18, 0)).build();
    login(g, entryToken, ZHANG, "PC-1").close(); // 09:00 on PC-1: allowed
    PolicyViolationException t = assertThrows(PolicyViolationException.class,
        () -> login(g, entryToken, ZHANG, "HOME-LAPTOP"));
    assertEquals("guard.terminal", t.rule());
    assertTrue(t.source().contains("seed 002 §10(一)"));
    f.clock.advance(Duration.ofHours(11)); // 20:00
    PolicyViolationException h = assertThrows(PolicyViolationException.class,
        () -> login(g, entryToken, ZHANG, "PC-1"));
    assertEquals("guard.hours", h.rule());
    assertEquals("seed 000 §12.2", h.source());
  }

  @Test
  void logsOutASessionLeftIdle() throws Exception {
    PolicyGuard g = guard().idleLimit(Duration.ofMinutes(5)).build();
    GuardedSession s = login(g, entryToken, ZHANG, "PC-1");
    s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
    f.clock.advance(Duration.ofMinutes(4));
    s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
    f.clock.advance(Duration.ofMinutes(6));
    PolicyViolationException e = assertThrows(PolicyViolationException.class,
        () -> s.keys());
    assertEquals("guard.idle", e.rule());
    assertFalse(s.isOpen());
    assertThrows(IllegalStateException.class, () -> s.keys());
    GuardedSession other = login(g, entryToken, ZHANG, "PC-1");
    f.clock.advance(Duration.ofMinutes(6));
    assertEquals(1, g.expireIdleSessions());
    assertFalse(other.isOpen());
  }

  @Test
  void forcesTheInitialPinToBeChangedAndChecksTheNewPin() throws Exception {
    // seed 000 §11.1, seed 001 §23: change the default PIN at first use
    SoftTestToken fresh = new SoftTestToken("TK-NEW", "12345678", true);
    TokenKey k = fresh.addKey("acc", "acc1");
    f.ledger.issue(new KeyLedger.Issue(KeyNumber.of("A1"), KeyPurpose.OPERATION,
        Role.ACCOUNTING, PersonId.of("li"), "acc1", "TK-NEW", k.publicKey().getEncoded(), null,
        f.today().plusDays(365), null, PersonId.of("clerk"), "paper"), LedgerFixture.KEEPER);
    PolicyGuard g = guard().pinHistory(PinHistory.in(f.store, 10)).build();
    GuardedToken t = g.token(fresh, PersonId.of("li"), "PC-2");
    try (Pin initial = Pin.of("12345678".toCharArray());
        Pin weak = Pin.of("Admin@123".toCharArray());
        Pin good = Pin.of("Caiwu#Li2026".toCharArray())) {
      assertThrows(PinChangeRequiredException.class, () -> t.login(initial));
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> t.changePin(initial, weak));
      assertEquals("pin.weak", e.rule());
      assertFalse(lastAudit().event().toString().contains("Admin@123"));
      t.changePin(initial, good);
      assertFalse(f.ledger.get(KeyNumber.of("A1")).pinChangeRequired());
      try (GuardedSession s = t.login(good)) {
        assertTrue(s.isOpen());
      }
      // A previous PIN cannot come back (the history remembers it).
      try (Pin next = Pin.of("Caiwu#Li2027".toCharArray())) {
        t.changePin(good, next);
        assertEquals("pin.reused", assertThrows(PolicyViolationException.class,
            () -> t.changePin(next, good)).rule());
      }
    }
  }

  @Test
  void repeatedWrongPinsRaiseAnAlertAndFreezeTheKey() throws Exception {
    // seed 000 §19: 密码泄露/异常登录 → 临时停用
    PolicyGuard g = guard().anomalies(AnomalyDetector.builder()
        .wrongPins(3, Duration.ofMinutes(10)).freeze(true).build(), alerts::add).build();
    GuardedToken t = g.token(entryToken, ZHANG, "PC-1");
    for (int i = 0; i < 3; i++) {
      try (Pin wrong = Pin.of(("Wrong#Pin" + i).toCharArray())) {
        assertThrows(PinIncorrectException.class, () -> t.login(wrong));
      }
    }
    assertEquals(1, alerts.size());
    assertEquals("anomaly.wrong-pins", alerts.get(0).rule().id());
    assertTrue(alerts.get(0).frozen());
    assertEquals(KeyState.FROZEN, f.ledger.get(KeyNumber.of("E1")).state());
    assertEquals("guard.key-not-active", assertThrows(PolicyViolationException.class,
        () -> login(g, entryToken, ZHANG, "PC-1")).rule());
    assertTrue(audit().stream().filter(e -> e.event().outcome() == AuditOutcome.FAILED)
        .count() >= 3, "every wrong PIN is audited");
  }

  @Test
  void oneKeyOnTwoTerminalsAtOnceRaisesAnAlert() throws Exception {
    // seed 000 §17.1: 疑似冒用
    PolicyGuard g = guard().anomalies(AnomalyDetector.builder()
        .twoTerminals(Duration.ofMinutes(5)).usualHours(LocalTime.of(8, 0),
            LocalTime.of(18, 0)).build(), alerts::add).build();
    try (GuardedSession a = login(g, entryToken, ZHANG, "PC-1");
        GuardedSession b = login(g, entryToken, ZHANG, "PC-7")) {
      a.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
      b.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
    }
    assertTrue(alerts.stream().anyMatch(x -> x.rule().id().equals("anomaly.two-terminals")),
        alerts.toString());
    assertFalse(alerts.stream().anyMatch(x -> x.rule().id().equals("anomaly.unusual-hours")));
    f.clock.advance(Duration.ofHours(12)); // 21:00
    try (GuardedSession late = login(g, entryToken, ZHANG, "PC-1")) {
      late.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
    }
    assertTrue(alerts.stream().anyMatch(x -> x.rule().id().equals("anomaly.unusual-hours")));
  }

  @Test
  void aWrappedSessionIsGuardedToo() throws Exception {
    try (Pin p = Pin.of(PIN.toCharArray())) {
      org.ukey.api.Session raw = entryToken.login(p);
      PolicyGuard g = guard().build();
      assertEquals("guard.holder", assertThrows(PolicyViolationException.class,
          () -> g.wrap(raw, PersonId.of("li"), "PC-1")).rule());
      try (GuardedSession s = g.wrap(raw, ZHANG, "PC-1")) {
        s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2).sign(DOC);
      }
    }
  }

  @Test
  void refusesAUseThatCannotBeAudited(@TempDir Path elsewhere) throws Exception {
    // seed 000 §4 全程留痕: a signature whose record cannot be written is not handed out.
    PolicyStore auditStore = org.ukey.policy.store.FilePolicyStore.open(elsewhere);
    PolicyGuard g = PolicyGuard.builder(f.ledger, AuditTrail.in(auditStore, f.clock))
        .clock(f.clock).build();
    GuardedSession s = login(g, entryToken, ZHANG, "PC-1");
    Signer signer = s.signer(entryKey, SignatureAlgorithm.SM3_WITH_SM2);
    signer.sign(DOC);
    auditStore.close();
    assertThrows(PolicyStoreException.class, () -> signer.sign(DOC));
  }

  @Test
  void aKeyNotInTheLedgerIsRefused() throws Exception {
    TokenKey stray = entryToken.addKey("stray", "777");
    try (GuardedSession s = login(guard().build(), entryToken, ZHANG, "PC-1")) {
      assertEquals("ledger.unknown-key", assertThrows(PolicyViolationException.class,
          () -> s.signer(stray, SignatureAlgorithm.SM3_WITH_SM2)).rule());
    }
  }
}
