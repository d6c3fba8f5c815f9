package org.ukey.cli;

import org.ukey.api.UKeyException;
import org.ukey.policy.KeyLedger;
import org.ukey.policy.KeyNumber;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.PersonId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey ledger freeze|unfreeze|revoke|destroy|return --key-no N --reason TEXT}: one step of
 * a key's lifecycle. A step the lifecycle does not allow from the key's state is refused, citing
 * the article (exit 2).
 */
abstract class LedgerChangeCommand extends VerbCommand {
  @Option(names = "--key-no", required = true, paramLabel = "N", description = "Key number.")
  String keyNo;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
  String reason;

  abstract KeyRecord change(KeyLedger ledger, KeyNumber n, PersonId actor) throws UKeyException;

  abstract String done();

  @Override
  int run(UkeyCommand ukey) throws Exception {
    CliPolicy policy = ukey.policy();
    KeyNumber n;
    try {
      n = KeyNumber.of(keyNo);
    } catch (IllegalArgumentException e) {
      throw new CliException("--key-no: " + e.getMessage());
    }
    KeyRecord r = change(policy.ledger(), n, policy.person());
    ukey.print(LedgerViews.record(r, false), "Key " + r.keyNo() + " " + done() + "; now "
        + r.state() + ".");
    return Failures.OK;
  }

  /** Freeze (冻结, seed 001 §17). */
  @Command(name = "freeze", description = "Freeze a key (seed 001 §17).")
  static final class Freeze extends LedgerChangeCommand {
    @Override
    KeyRecord change(KeyLedger l, KeyNumber n, PersonId a) throws UKeyException {
      return l.freeze(n, reason, a);
    }

    @Override
    String done() {
      return "frozen";
    }
  }

  /** Unfreeze (解冻, seed 001 §17). */
  @Command(name = "unfreeze", description = "Unfreeze a key (seed 001 §17).")
  static final class Unfreeze extends LedgerChangeCommand {
    @Override
    KeyRecord change(KeyLedger l, KeyNumber n, PersonId a) throws UKeyException {
      return l.unfreeze(n, reason, a);
    }

    @Override
    String done() {
      return "unfrozen";
    }
  }

  /** Revoke (注销, seed 000 §16.2, seed 001 §18). */
  @Command(name = "revoke", description = "Revoke a key (seed 000 §16.2; seed 001 §18).")
  static final class Revoke extends LedgerChangeCommand {
    @Override
    KeyRecord change(KeyLedger l, KeyNumber n, PersonId a) throws UKeyException {
      return l.revoke(n, reason, a);
    }

    @Override
    String done() {
      return "revoked";
    }
  }

  /** Destroy (销毁, seed 000 §16.3); the reason is recorded as the method. */
  @Command(name = "destroy", description = "Destroy a returned, revoked key (seed 000 §16.3).")
  static final class Destroy extends LedgerChangeCommand {
    @Option(names = "--witness", paramLabel = "PERSON", description = "Who watched.")
    String witness;

    @Override
    KeyRecord change(KeyLedger l, KeyNumber n, PersonId a) throws UKeyException {
      return l.destroy(n, reason, witness == null ? null : PersonId.of(witness), a);
    }

    @Override
    String done() {
      return "destroyed";
    }
  }

  /** Return (回收, seed 000 §16.1). */
  @Command(name = "return", description = "Take a key back (seed 000 §16.1).")
  static final class Return extends LedgerChangeCommand {
    @Override
    KeyRecord change(KeyLedger l, KeyNumber n, PersonId a) throws UKeyException {
      return l.returnKey(n, reason, a);
    }

    @Override
    String done() {
      return "returned";
    }
  }
}
