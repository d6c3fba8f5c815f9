package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/** The guard over the real soft token (keys encrypted in a directory), not a test double. */
class PolicyGuardSoftTokenTest {
  private static final byte[] DOC = "付款凭证 No.18: 2,000.00 元".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void guardsTheSoftTokenFromFirstPinChangeToAFrozenKey() throws Exception {
    PersonId zhang = PersonId.of("zhang");
    try (LedgerFixture f = new LedgerFixture(dir.resolve("store"));
        SoftTokenProvider provider = SoftTokens.open(dir.resolve("store"));
        Pin initial = Pin.of("Initial#2026".toCharArray());
        Pin so = Pin.of("Officer#2026".toCharArray());
        Pin weak = Pin.of("Admin@123".toCharArray());
        Pin good = Pin.of("Cashier#Z2026".toCharArray())) {
      Token token = provider.createToken("cashier", initial, so, SoftTokenOptions.builder()
          .mustChangePin(true).scryptCost(10, 8, 1).build());
      String serial = token.info().serialNumber();
      f.ledger.issue(new KeyLedger.Issue(KeyNumber.of("E1"), KeyPurpose.OPERATION, Role.ENTRY,
          zhang, "e1", serial, null, null, f.today().plusDays(365), null, PersonId.of("clerk"),
          "paper"), LedgerFixture.KEEPER);
      PolicyGuard guard = PolicyGuard.builder(f.ledger, f.audit).clock(f.clock)
          .pinHistory(PinHistory.in(f.store, 10)).build();
      GuardedToken guarded = guard.token(token, zhang, "PC-1");

      // seed 000 §11.1: the initial PIN must be changed, and not to a weak one (§11.2).
      assertThrows(PinChangeRequiredException.class, () -> guarded.login(initial));
      assertEquals("pin.weak", assertThrows(PolicyViolationException.class,
          () -> guarded.changePin(initial, weak)).rule());
      guarded.changePin(initial, good);
      assertFalse(f.ledger.get(KeyNumber.of("E1")).pinChangeRequired());

      // Someone else may not use zhang's UKey (seed 000 §22.1).
      assertEquals("guard.holder", assertThrows(PolicyViolationException.class,
          () -> guard.token(token, PersonId.of("li"), "PC-1").login(good)).rule());

      try (GuardedSession s = guarded.login(good)) {
        TokenKey key = s.generateKey(KeySpec.sm2(), "entry");
        Signer signer = s.signer(key, SignatureAlgorithm.SM3_WITH_SM2, Operation.VOUCHER_ENTRY);
        SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, DOC,
            signer.sign(DOC));
        f.ledger.freeze(KeyNumber.of("E1"), "lost?", LedgerFixture.KEEPER);
        assertEquals("guard.key-not-active", assertThrows(PolicyViolationException.class,
            () -> signer.sign(DOC)).rule());
      }

      List<String> trail = new ArrayList<>();
      for (byte[] b : f.store.auditRecords(0, 1000)) {
        AuditEvent e = AuditEntry.decode(b).event();
        trail.add(e.operation() + ":" + e.outcome());
      }
      assertTrue(trail.containsAll(List.of("login:REFUSED", "pin.change:REFUSED",
          "pin.change:SUCCEEDED", "login:SUCCEEDED", "key.manage:SUCCEEDED",
          "voucher.entry:SUCCEEDED", "voucher.entry:REFUSED", "logout:NOTED")), trail.toString());
      assertTrue(f.audit.verify(null).intact());
    }
  }
}
