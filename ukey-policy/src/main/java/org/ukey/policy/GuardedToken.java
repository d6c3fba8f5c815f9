package org.ukey.policy;

import java.util.List;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.UKeyException;

/**
 * A {@link Token} used by one person at one terminal under a {@link PolicyGuard}: logins check
 * the ledger and the initial-PIN rule, PIN changes check the {@link PinPolicy}, and every attempt
 * (a wrong PIN included) is audited and counted for anomaly detection.
 *
 * <p><b>Security:</b> PINs are passed through and never kept, logged or audited.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class GuardedToken implements Token {
  private final PolicyGuard guard;
  private final Token token;
  private final PersonId person;
  private final String terminal;

  GuardedToken(PolicyGuard guard, Token token, PersonId person, String terminal) {
    this.guard = guard;
    this.token = token;
    this.person = person;
    this.terminal = terminal;
  }

  /**
   * The person using this token.
   *
   * @return the person
   */
  public PersonId person() {
    return person;
  }

  /**
   * The terminal.
   *
   * @return the terminal id, or {@code null}
   */
  public String terminal() {
    return terminal;
  }

  @Override
  public TokenInfo info() throws UKeyException {
    return token.info();
  }

  @Override
  public boolean isPresent() {
    return token.isPresent();
  }

  /**
   * Logs in after checking that the UKey's keys in the ledger are this person's and usable
   * here, and that the initial PIN was changed (seed 000 §11.1, seed 001 §23). A wrong PIN is
   * audited and counted (seed 000 §19).
   *
   * @param userPin the PIN
   * @return a {@link GuardedSession}
   * @throws PinChangeRequiredException if the initial or reset PIN must be changed first
   * @throws PolicyViolationException if the ledger or a rule refuses
   * @throws UKeyException as {@link Token#login}
   */
  @Override
  public GuardedSession login(Pin userPin) throws UKeyException {
    TokenInfo info = token.info();
    String serial = info.serialNumber();
    PolicyGuard.Context ctx = context(serial);
    checkLogin(serial);
    boolean mustChange = info.pinStatus().mustChange() || guard.ledger.byTokenSerial(serial)
        .stream().anyMatch(r -> r.state().held() && r.pinChangeRequired());
    if (mustChange) {
      PolicyViolationException why = SeedRules.PIN_MUST_CHANGE.violation("UKey " + serial
          + " still has its initial or reset PIN; change it first");
      guard.refused(ctx, null, Operation.LOGIN, null, why);
      throw new PinChangeRequiredException(why.getMessage());
    }
    Session s;
    try {
      s = token.login(userPin);
    } catch (PinIncorrectException e) {
      guard.record(ctx, null, Operation.LOGIN, null, AuditOutcome.FAILED, null,
          "wrong PIN" + e.retriesLeft().stream().mapToObj(n -> ", " + n + " tries left")
              .findFirst().orElse(""));
      guard.wrongPin(ctx);
      throw e;
    } catch (UKeyException e) {
      guard.record(ctx, null, Operation.LOGIN, null, AuditOutcome.FAILED, null,
          e.getClass().getSimpleName());
      throw e;
    }
    try {
      return opened(s, serial);
    } catch (UKeyException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The ledger's view of this UKey at login: every held key must be this person's. */
  void checkLogin(String serial) throws UKeyException {
    PolicyGuard.Context ctx = context(serial);
    List<KeyRecord> records = guard.ledger.byTokenSerial(serial);
    try {
      for (KeyRecord r : records) {
        if (r.state().held() && !r.holder().equals(person)) {
          throw SeedRules.GUARD_HOLDER.violation("UKey " + serial + " is held by " + r.holder()
              + ", not " + person);
        }
      }
      if (!records.isEmpty() && records.stream().noneMatch(r -> r.state().usable())) {
        throw SeedRules.GUARD_NOT_ACTIVE.violation("no key on UKey " + serial
            + " is ACTIVE in the ledger");
      }
      guard.checkPlaceAndTime(ctx);
    } catch (PolicyViolationException e) {
      throw guard.refused(ctx, null, Operation.LOGIN, null, e);
    }
  }

  GuardedSession opened(Session s, String serial) throws UKeyException {
    PolicyGuard.Context ctx = context(serial);
    guard.record(ctx, null, Operation.LOGIN, null, AuditOutcome.SUCCEEDED, null, null);
    for (KeyRecord r : guard.ledger.byTokenSerial(serial)) {
      if (r.state().usable() && guard.used(ctx, r)) {
        s.close();
        throw guard.refused(ctx, r.keyNo(), Operation.LOGIN, null,
            SeedRules.GUARD_NOT_ACTIVE.violation("key " + r.keyNo()
                + " was frozen on an anomaly"));
      }
    }
    GuardedSession g = new GuardedSession(guard, this, s, ctx);
    guard.opened(g);
    return g;
  }

  /**
   * Changes the PIN after checking the new one against the {@link PinPolicy} and the PIN
   * history; only the holder changes their PIN (seed 000 §11.3). Records the change in the
   * ledger, which clears the initial-PIN flag (seed 000 §11.1).
   *
   * @param oldPin the current PIN
   * @param newPin the new PIN
   * @throws PolicyViolationException naming the PIN rule broken (never the PIN)
   * @throws UKeyException as {@link Token#changePin}
   */
  @Override
  public void changePin(Pin oldPin, Pin newPin) throws UKeyException {
    String serial = token.info().serialNumber();
    PolicyGuard.Context ctx = context(serial);
    List<KeyRecord> records = guard.ledger.byTokenSerial(serial);
    try {
      for (KeyRecord r : records) {
        if (r.state().held() && !r.holder().equals(person)) {
          throw SeedRules.GUARD_HOLDER.violation("only the holder " + r.holder()
              + " changes the PIN of UKey " + serial);
        }
      }
      guard.pinPolicy.check(newPin, oldPin, guard.pinHistory == null ? PinHistory.NONE
          : guard.pinHistory.load(serial));
    } catch (PolicyViolationException e) {
      throw guard.refused(ctx, null, Operation.PIN_CHANGE, null, e);
    }
    try {
      token.changePin(oldPin, newPin);
    } catch (PinIncorrectException e) {
      guard.record(ctx, null, Operation.PIN_CHANGE, null, AuditOutcome.FAILED, null,
          "wrong PIN");
      guard.wrongPin(ctx);
      throw e;
    } catch (UKeyException e) {
      guard.record(ctx, null, Operation.PIN_CHANGE, null, AuditOutcome.FAILED, null,
          e.getClass().getSimpleName());
      throw e;
    }
    if (guard.pinHistory != null) {
      guard.pinHistory.remember(serial, oldPin, guard.pinPolicy.historyDepth());
    }
    for (KeyRecord r : records) {
      if (r.state() == KeyState.ACTIVE || r.state() == KeyState.FROZEN) {
        guard.ledger.pinChanged(r.keyNo(), person);
      }
    }
    guard.record(ctx, null, Operation.PIN_CHANGE, null, AuditOutcome.SUCCEEDED, null, null);
  }

  /**
   * Resets a locked PIN with the SO PIN, checking the new PIN against the policy; the holder must
   * then change it (seed 000 §11.3), which the ledger records.
   *
   * @param soPin the SO PIN
   * @param newUserPin the new user PIN
   * @throws PolicyViolationException if the new PIN breaks a PIN rule
   * @throws UKeyException as {@link Token#unlockPin}
   */
  @Override
  public void unlockPin(Pin soPin, Pin newUserPin) throws UKeyException {
    String serial = token.info().serialNumber();
    PolicyGuard.Context ctx = context(serial);
    try {
      guard.pinPolicy.check(newUserPin);
    } catch (PolicyViolationException e) {
      throw guard.refused(ctx, null, Operation.PIN_UNLOCK, null, e);
    }
    try {
      token.unlockPin(soPin, newUserPin);
    } catch (UKeyException e) {
      guard.record(ctx, null, Operation.PIN_UNLOCK, null, AuditOutcome.FAILED, null,
          e.getClass().getSimpleName());
      throw e;
    }
    for (KeyRecord r : guard.ledger.byTokenSerial(serial)) {
      if (r.state() == KeyState.ACTIVE || r.state() == KeyState.FROZEN) {
        guard.ledger.pinReset(r.keyNo(), person);
      }
    }
    guard.record(ctx, null, Operation.PIN_UNLOCK, null, AuditOutcome.SUCCEEDED, null, null);
  }

  Token delegate() {
    return token;
  }

  private PolicyGuard.Context context(String serial) {
    return new PolicyGuard.Context(person, terminal, serial);
  }

  @Override
  public String toString() {
    return "GuardedToken[" + token + " for " + person + "]";
  }
}
