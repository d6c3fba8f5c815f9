package org.ukey.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditEvent;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.AuditTrail;
import org.ukey.policy.DutyRules;
import org.ukey.policy.KeyLedger;
import org.ukey.policy.KeyNumber;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.KeyState;
import org.ukey.policy.Operation;
import org.ukey.policy.PersonId;
import org.ukey.policy.WorkingCalendar;
import org.ukey.policy.store.FilePolicyStore;
import org.ukey.sm2.Sm3;

/**
 * The CLI's policy store: the audit trail ({@code <store>/audit/}) and the key ledger
 * ({@code <store>/ledger/}) beside the soft token directory, opened on first use and closed when
 * the run ends. Every key use through the CLI (sign, decrypt, stamp, PIN change, a failed login)
 * is recorded here unless {@code --no-audit} is given (CLI.md "Policy").
 *
 * <p><b>Thread-safety:</b> one per run, on one thread.
 */
final class CliPolicy implements AutoCloseable {
  /** Names the acting person when {@code --person} is absent. */
  static final String PERSON_VARIABLE = "UKEY_PERSON";
  /** Names the terminal recorded in the audit trail; the host name when absent. */
  static final String TERMINAL_VARIABLE = "UKEY_TERMINAL";

  private final UkeyCommand ukey;
  private final Clock clock = Clock.systemDefaultZone();
  private FilePolicyStore store;
  private AuditTrail audit;
  private KeyLedger ledger;

  CliPolicy(UkeyCommand ukey) {
    this.ukey = ukey;
  }

  /** The directory holding {@code audit/} and {@code ledger/}: the soft token store. */
  Path directory() {
    return ukey.providers().storeDirectory();
  }

  /** Who is acting: {@code --person}, else {@code $UKEY_PERSON}, else the login name. */
  PersonId person() throws CliException {
    String p = ukey.person;
    if (p == null || p.isBlank()) {
      p = ukey.environment().env().get(PERSON_VARIABLE);
    }
    if (p == null || p.isBlank()) {
      p = ukey.environment().env().getOrDefault("USER",
          ukey.environment().env().getOrDefault("LOGNAME", System.getProperty("user.name")));
    }
    try {
      return PersonId.of(p);
    } catch (IllegalArgumentException e) {
      throw new CliException("--person: " + e.getMessage());
    }
  }

  FilePolicyStore store() throws UKeyException {
    if (store == null) {
      store = FilePolicyStore.open(directory());
    }
    return store;
  }

  AuditTrail audit() throws UKeyException {
    if (audit == null) {
      audit = AuditTrail.in(store(), clock);
    }
    return audit;
  }

  KeyLedger ledger() throws UKeyException {
    if (ledger == null) {
      ledger = KeyLedger.open(store(), DutyRules.town000(), clock, WorkingCalendar.WEEKDAYS,
          audit());
    }
    return ledger;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Records one use of a token key, unless {@code --no-audit}. The key is named by its ledger
   * number when the ledger knows its certificate or its token.
   *
   * @param op what was done
   * @param token the token, or {@code null}
   * @param key the key, or {@code null}
   * @param digest SM3 of the document, or {@code null}
   * @param outcome how it ended
   * @param reason one line; never a secret
   * @throws UKeyException if the record cannot be written (the caller then fails)
   * @throws CliException if {@code --person} is unusable
   */
  void record(Operation op, Token token, TokenKey key, byte[] digest, AuditOutcome outcome,
      String reason) throws UKeyException, CliException {
    if (ukey.noAudit) {
      return;
    }
    String serial = null;
    if (token != null) {
      try {
        serial = token.info().serialNumber();
      } catch (UKeyException e) {
        serial = null; // a removed token: record the use without its serial
      }
    }
    audit().record(new AuditEvent(clock.instant(), person(), terminal(), serial,
        ledgerNumber(serial, key).orElse(null), op, digest, outcome, null, reason));
  }

  /**
   * Notes in the ledger that the holder changed the PIN of a token's keys, which clears the
   * initial-PIN flag (seed 000 §11.1). Tokens the ledger does not know are left alone.
   *
   * @param token the token
   * @throws UKeyException if the ledger fails
   * @throws CliException if {@code --person} is unusable
   */
  void pinChanged(Token token) throws UKeyException, CliException {
    for (KeyRecord r : ledger().byTokenSerial(token.info().serialNumber())) {
      if ((r.state() == KeyState.ACTIVE || r.state() == KeyState.FROZEN)
          && r.pinChangeRequired()) {
        ledger().pinChanged(r.keyNo(), person());
      }
    }
  }

  /** Records a failed attempt while another failure is on its way out; never masks it. */
  void recordFailure(Operation op, Token token, TokenKey key, Exception failure) {
    try {
      record(op, token, key, null, AuditOutcome.FAILED, Failures.oneLine(
          Failures.describe(failure)));
    } catch (UKeyException | CliException e) {
      failure.addSuppressed(e);
    }
  }

  private Optional<KeyNumber> ledgerNumber(String tokenSerial, TokenKey key)
      throws UKeyException {
    Optional<X509Certificate> cert = key == null ? Optional.empty() : key.certificate();
    if (cert.isPresent()) {
      Optional<KeyRecord> r = ledger().byCertSerial(cert.get().getSerialNumber().toString(16));
      if (r.isPresent()) {
        return Optional.of(r.get().keyNo());
      }
    }
    if (tokenSerial != null) {
      List<KeyRecord> onToken = ledger().byTokenSerial(tokenSerial);
      if (onToken.size() == 1) {
        return Optional.of(onToken.get(0).keyNo());
      }
    }
    return Optional.empty();
  }

  /**
   * The terminal recorded with each use (seed 000 ch.3 item 2: which workstation): {@code
   * $UKEY_TERMINAL} when set, else this machine's host name, else {@code "unknown"}.
   */
  String terminal() {
    String t = ukey.environment().env().get(TERMINAL_VARIABLE);
    return t == null || t.isBlank() ? LocalHost.NAME : t.strip();
  }

  /** The host name, looked up once per process (the lookup may ask DNS). */
  private static final class LocalHost {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        String name = InetAddress.getLocalHost().getHostName();
        return name == null || name.isBlank() ? "unknown" : name;
      } catch (UnknownHostException | SecurityException e) {
        return "unknown";
      }
    }
  }

  /** A stream that computes the SM3 of what is read through it, for the audit record. */
  static final class Digesting extends FilterInputStream {
    private final Digest sm3 = Sm3.newDigest();

    Digesting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        sm3.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        sm3.update(buf, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip would leave bytes out of the audit digest");
    }

    byte[] digest() {
      byte[] out = new byte[sm3.getDigestSize()];
      sm3.doFinal(out, 0);
      return out;
    }
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
