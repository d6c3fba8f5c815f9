package org.ukey.policy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.sm2.Sm3;

/**
 * A {@link Session} under a {@link PolicyGuard}: every signature, stamp and decryption is checked
 * against the ledger and the rules before it happens and audited after, and the session is
 * logged out when left idle past the guard's limit (seed 000 ch.3 item 1).
 *
 * <p>{@link #signer(TokenKey, SignatureAlgorithm)} signs as {@link Operation#SIGN};
 * {@link #signer(TokenKey, SignatureAlgorithm, Operation)} names the operation (a voucher step,
 * a payment); {@link #sealSigner} stamps a seal under an {@link ApprovalTicket}. Guarded signers
 * refuse {@link Signer#signDigest(byte[])}: every check needs the message.
 *
 * <p><b>Thread-safety:</b> thread-safe, like the session it wraps.
 */
public final class GuardedSession implements Session {
  private final PolicyGuard guard;
  private final GuardedToken token;
  private final Session session;
  private final PolicyGuard.Context ctx;
  private Instant lastUse;
  private boolean closed;

  GuardedSession(PolicyGuard guard, GuardedToken token, Session session,
      PolicyGuard.Context ctx) {
    this.guard = guard;
    this.token = token;
    this.session = session;
    this.ctx = ctx;
    this.lastUse = guard.clock.instant();
  }

  /**
   * The logged-in person.
   *
   * @return the person
   */
  public PersonId person() {
    return ctx.person();
  }

  /**
   * The ledger record of a key on this session's token.
   *
   * @param key the key
   * @return its record
   * @throws PolicyViolationException if the key is not in the ledger
   * @throws UKeyException if the ledger fails
   */
  public KeyRecord record(TokenKey key) throws UKeyException {
    touch();
    return guard.resolve(ctx, key);
  }

  @Override
  public GuardedToken token() {
    return token;
  }

  @Override
  public List<TokenKey> keys() throws UKeyException {
    touch();
    return session.keys();
  }

  @Override
  public TokenKey key(String label) throws UKeyException {
    touch();
    return session.key(label);
  }

  @Override
  public TokenKey keyById(byte[] id) throws UKeyException {
    touch();
    return session.keyById(id);
  }

  @Override
  public TokenKey generateKey(KeySpec spec, String label) throws UKeyException {
    touch();
    TokenKey k = session.generateKey(spec, label);
    guard.record(ctx, null, Operation.KEY_MANAGEMENT, null, AuditOutcome.SUCCEEDED, null,
        "generated key '" + label + "' " + spec);
    return k;
  }

  @Override
  public TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String label)
      throws UKeyException {
    touch();
    TokenKey k = session.importKey(privateKey, certificate, label);
    guard.record(ctx, null, Operation.KEY_MANAGEMENT, null, AuditOutcome.SUCCEEDED, null,
        "imported key '" + label + "'");
    return k;
  }

  @Override
  public TokenKey importCertificate(TokenKey key, X509Certificate certificate)
      throws UKeyException {
    touch();
    TokenKey k = session.importCertificate(key, certificate);
    guard.record(ctx, null, Operation.KEY_MANAGEMENT, null, AuditOutcome.SUCCEEDED, null,
        "stored certificate " + certificate.getSerialNumber().toString(16) + " with key '"
            + key.label() + "'");
    return k;
  }

  @Override
  public void deleteKey(TokenKey key) throws UKeyException {
    touch();
    session.deleteKey(key);
    guard.record(ctx, null, Operation.KEY_MANAGEMENT, null, AuditOutcome.SUCCEEDED, null,
        "deleted key '" + key.label() + "'");
  }

  /**
   * A signer for plain signatures ({@link Operation#SIGN}).
   *
   * @param key the key
   * @param algorithm the algorithm
   * @return a guarded signer
   * @throws PolicyViolationException if the key may not sign now
   * @throws UKeyException if the token or ledger fails
   */
  @Override
  public Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException {
    return signer(key, algorithm, Operation.SIGN);
  }

  /**
   * A signer for a named operation; each signature is checked and audited.
   *
   * @param key the key
   * @param algorithm the algorithm
   * @param op the operation the signatures are for
   * @return a guarded signer
   * @throws PolicyViolationException if the key may not do {@code op} now
   * @throws UKeyException if the token or ledger fails
   */
  public Signer signer(TokenKey key, SignatureAlgorithm algorithm, Operation op)
      throws UKeyException {
    if (op.equals(Operation.SEAL_STAMP)) {
      throw new IllegalArgumentException("use sealSigner for seal stamping");
    }
    return guardedSigner(key, algorithm, op, null);
  }

  /**
   * A signer that stamps a seal on the one document an approval names (seed 000 §22.4, seed 003
   * §12). Blank documents are refused.
   *
   * @param key the seal key
   * @param algorithm the algorithm
   * @param ticket the approval
   * @return a guarded signer
   * @throws PolicyViolationException if the key may not stamp or the approval is not valid
   * @throws UKeyException if the token or ledger fails
   */
  public Signer sealSigner(TokenKey key, SignatureAlgorithm algorithm, ApprovalTicket ticket)
      throws UKeyException {
    return guardedSigner(key, algorithm, Operation.SEAL_STAMP, ticket);
  }

  private Signer guardedSigner(TokenKey key, SignatureAlgorithm algorithm, Operation op,
      ApprovalTicket ticket) throws UKeyException {
    touch();
    KeyRecord r = check(key, op, null, ticket, null);
    Signer inner = session.signer(key, algorithm);
    return new GuardedSigner(inner, key, r.keyNo(), op, ticket);
  }

  @Override
  public byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
      throws UKeyException {
    touch();
    byte[] digest = Sm3.digest(ciphertext);
    KeyRecord r = check(key, Operation.DECRYPT, digest, null, null);
    try {
      byte[] plain = session.decrypt(key, algorithm, ciphertext);
      guard.record(ctx, r.keyNo(), Operation.DECRYPT, digest, AuditOutcome.SUCCEEDED, null,
          null);
      return plain;
    } catch (UKeyException e) {
      guard.record(ctx, r.keyNo(), Operation.DECRYPT, digest, AuditOutcome.FAILED, null,
          e.getClass().getSimpleName());
      throw e;
    }
  }

  @Override
  public byte[] generateRandom(int length) throws UKeyException {
    touch();
    return session.generateRandom(length);
  }

  @Override
  public boolean isOpen() {
    synchronized (this) {
      if (closed) {
        return false;
      }
    }
    return session.isOpen();
  }

  /** Logs out and audits the logout. Idempotent; never throws. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    guard.closed(this);
    session.close();
    try {
      guard.record(ctx, null, Operation.LOGOUT, null, AuditOutcome.NOTED, null, null);
    } catch (UKeyException e) {
      org.slf4j.LoggerFactory.getLogger(GuardedSession.class)
          .warn("could not audit a logout", e);
    }
  }

  /** Logs out if idle past the limit. */
  boolean expireIfIdle() {
    Duration limit = guard.idleLimit;
    synchronized (this) {
      if (closed || limit == null
          || Duration.between(lastUse, guard.clock.instant()).compareTo(limit) <= 0) {
        return false;
      }
      closed = true;
    }
    guard.closed(this);
    session.close();
    try {
      guard.record(ctx, null, Operation.LOGOUT, null, AuditOutcome.NOTED,
          SeedRules.GUARD_IDLE.id(), "logged out after " + limit + " idle");
    } catch (UKeyException e) {
      org.slf4j.LoggerFactory.getLogger(GuardedSession.class)
          .warn("could not audit an idle logout", e);
    }
    return true;
  }

  private void touch() throws UKeyException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("session is closed");
      }
    }
    if (expireIfIdle()) {
      throw guard.refused(ctx, null, Operation.LOGOUT, null, SeedRules.GUARD_IDLE.violation(
          "the session was idle longer than " + guard.idleLimit + " and was logged out"));
    }
    synchronized (this) {
      lastUse = guard.clock.instant();
    }
  }

  /** Every check of one use; refusals are audited. */
  private KeyRecord check(TokenKey key, Operation op, byte[] digest, ApprovalTicket ticket,
      Boolean blank) throws UKeyException {
    KeyRecord r = null;
    try {
      r = guard.resolve(ctx, key);
      guard.checkUse(ctx, r, op);
      if (op.equals(Operation.SEAL_STAMP)) {
        guard.checkApproval(ctx, r, ticket, digest);
      }
      if (Boolean.TRUE.equals(blank) && needsContent(op)) {
        throw SeedRules.GUARD_BLANK_DOCUMENT.violation(op + " of an empty or blank document");
      }
    } catch (PolicyViolationException e) {
      throw guard.refused(ctx, r == null ? null : r.keyNo(), op, digest, e);
    }
    if (digest != null && guard.used(ctx, r)) {
      throw guard.refused(ctx, r.keyNo(), op, digest, SeedRules.GUARD_NOT_ACTIVE.violation(
          "key " + r.keyNo() + " was frozen on an anomaly"));
    }
    return r;
  }

  /** Audits a refusal decided outside the guard (a voucher's order) and returns it. */
  PolicyViolationException refuse(Operation op, byte[] digest, PolicyViolationException e)
      throws UKeyException {
    return guard.refused(ctx, null, op, digest, e);
  }

  private static boolean needsContent(Operation op) {
    return op.equals(Operation.SEAL_STAMP) || op.id().startsWith("voucher.")
        || op.equals(Operation.PAYMENT) || op.equals(Operation.PAYMENT_REVIEW);
  }

  /** Whether a document is empty or only white space and NULs (空白文件). */
  static boolean blank(byte[] doc) {
    for (byte b : doc) {
      if (!isBlankByte(b)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlankByte(int b) {
    return b == 0 || b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
  }

  @Override
  public String toString() {
    return "GuardedSession[" + ctx.person() + "@" + ctx.terminal() + " on "
        + ctx.tokenSerial() + "]";
  }

  /** Checks and audits each signature. */
  private final class GuardedSigner implements Signer {
    private final Signer inner;
    private final TokenKey key;
    private final KeyNumber keyNo;
    private final Operation op;
    private final ApprovalTicket ticket;

    GuardedSigner(Signer inner, TokenKey key, KeyNumber keyNo, Operation op,
        ApprovalTicket ticket) {
      this.inner = inner;
      this.key = key;
      this.keyNo = keyNo;
      this.op = op;
      this.ticket = ticket;
    }

    @Override
    public SignatureAlgorithm algorithm() {
      return inner.algorithm();
    }

    @Override
    public PublicKey publicKey() {
      return inner.publicKey();
    }

    @Override
    public Optional<X509Certificate> certificate() {
      return inner.certificate();
    }

    @Override
    public byte[] sign(byte[] message) throws UKeyException {
      touch();
      byte[] digest = Sm3.digest(message);
      check(key, op, digest, ticket, blank(message));
      return signAudited(digest, () -> inner.sign(message));
    }

    @Override
    public byte[] sign(InputStream message) throws IOException, UKeyException {
      touch();
      // Everything that does not need the content is checked before reading it; the digest
      // and blankness are learnt while the token hashes, and a refused signature is dropped.
      check(key, op, null, ticket, null);
      Tee tee = new Tee(message);
      byte[] sig;
      try {
        sig = inner.sign(tee);
      } catch (UKeyException e) {
        guard.record(ctx, keyNo, op, null, AuditOutcome.FAILED, null,
            e.getClass().getSimpleName());
        throw e;
      }
      byte[] digest = tee.digest();
      check(key, op, digest, ticket, tee.blank);
      guard.record(ctx, keyNo, op, digest, AuditOutcome.SUCCEEDED, null, null);
      return sig;
    }

    /**
     * Refused, and audited as refused with no document digest: the policy's checks need the
     * message, which a digest does not show. The audit records the document's SM3 (seed 000
     * §4, 全程留痕), a seal's approval names the document by its SM3 (seed 000 §22.4), and blank
     * documents are refused; none of this can be judged from SM3(Z‖M) or a SHA-2 hash. The
     * rule cited is the one the operation depends on most: the approval for a seal, the
     * blank-document rule for vouchers and payments, the audit otherwise.
     *
     * @throws PolicyViolationException always
     */
    @Override
    public byte[] signDigest(byte[] digest) throws UKeyException {
      Objects.requireNonNull(digest, "digest");
      touch();
      PolicyRule rule = op.equals(Operation.SEAL_STAMP) ? SeedRules.GUARD_SEAL_APPROVAL
          : needsContent(op) ? SeedRules.GUARD_BLANK_DOCUMENT : SeedRules.GUARD_AUDIT;
      throw guard.refused(ctx, keyNo, op, null, rule.violation(op.id() + " of a digest"
          + " computed by the caller: the policy needs the message itself (its SM3 is audited"
          + (op.equals(Operation.SEAL_STAMP) ? " and must match the approval" : "")
          + (needsContent(op) ? ", and a blank document is refused" : "")
          + "); sign the message, not its digest"));
    }

    private byte[] signAudited(byte[] digest, SignCall call) throws UKeyException {
      byte[] sig;
      try {
        sig = call.sign();
      } catch (UKeyException e) {
        guard.record(ctx, keyNo, op, digest, AuditOutcome.FAILED, null,
            e.getClass().getSimpleName());
        throw e;
      }
      guard.record(ctx, keyNo, op, digest, AuditOutcome.SUCCEEDED, null, null);
      return sig;
    }

    @Override
    public String toString() {
      return "GuardedSigner[" + keyNo + ", " + op + ", " + inner.algorithm() + "]";
    }
  }

  @FunctionalInterface
  private interface SignCall {
    byte[] sign() throws UKeyException;
  }

  /** Passes a stream through while computing its SM3 and whether it is blank. */
  private static final class Tee extends FilterInputStream {
    private final Digest sm3 = Sm3.newDigest();
    boolean blank = true;

    Tee(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        sm3.update((byte) b);
        blank &= isBlankByte(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        sm3.update(buf, off, n);
        for (int i = off; blank && i < off + n; i++) {
          blank = isBlankByte(buf[i]);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip would leave bytes out of the digest");
    }

    byte[] digest() {
      byte[] out = new byte[Sm3.DIGEST_LENGTH];
      sm3.doFinal(out, 0);
      return out;
    }
  }
}
