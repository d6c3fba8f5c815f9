package org.ukey.policy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.policy.internal.Fields;
import org.ukey.sm2.Sm3;

/**
 * One entry of the audit trail: an {@link AuditEvent} with its place in the chain.
 *
 * <p>{@code hash = SM3(canonical fields of the entry, including seq and prev)}, where {@code prev}
 * is the previous entry's hash (32 zero bytes for the first) and the canonical fields are the
 * {@link Fields} encoding of {@code seq, time (epoch ms), person, terminal, token, key, op, digest
 * (hex), outcome, rule, reason, prev (hex)}, absent values left out. Changing, removing, adding
 * or moving an entry breaks the chain at that point; a signed {@link AuditCheckpoint} pins the
 * chain so that rewriting it whole is caught too.
 *
 * <p>Stores write new entries with {@link #first(AuditEvent)} and {@link #next(AuditEvent)}
 * inside their append lock, and keep {@link #encode()}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class AuditEntry {
  /** The {@code prev} of the first entry. */
  static final byte[] GENESIS = new byte[Sm3.DIGEST_LENGTH];
  private static final String WHAT = "audit entry";
  private static final HexFormat HEX = HexFormat.of();

  private final long seq;
  private final AuditEvent event;
  private final byte[] prev;
  private final byte[] hash;

  private AuditEntry(long seq, AuditEvent event, byte[] prev, byte[] hash) {
    this.seq = seq;
    this.event = event;
    this.prev = prev;
    this.hash = hash;
  }

  /**
   * The first entry of a trail.
   *
   * @param event the event
   * @return the entry, seq 1
   */
  public static AuditEntry first(AuditEvent event) {
    return chain(1, event, GENESIS);
  }

  /**
   * The entry that follows this one.
   *
   * @param event the event
   * @return the entry, seq + 1, chained to this one's hash
   */
  public AuditEntry next(AuditEvent event) {
    return chain(seq + 1, event, hash);
  }

  private static AuditEntry chain(long seq, AuditEvent event, byte[] prev) {
    Objects.requireNonNull(event, "event");
    byte[] body = fields(seq, event, prev).build().encode();
    return new AuditEntry(seq, event, prev.clone(), Sm3.digest(body));
  }

  private static Fields.Builder fields(long seq, AuditEvent e, byte[] prev) {
    return Fields.builder().put("seq", seq).put("time", e.time().toEpochMilli())
        .put("person", e.person() == null ? null : e.person().value())
        .put("terminal", e.terminal()).put("token", e.tokenSerial())
        .put("key", e.keyNo() == null ? null : e.keyNo().value())
        .put("op", e.operation().id())
        .put("digest", e.documentDigest() == null ? null : HEX.formatHex(e.documentDigest()))
        .put("outcome", e.outcome().name()).put("rule", e.rule()).put("reason", e.reason())
        .put("prev", HEX.formatHex(prev));
  }

  /**
   * The position in the chain, from 1.
   *
   * @return the sequence number
   */
  public long seq() {
    return seq;
  }

  /**
   * What happened.
   *
   * @return the event
   */
  public AuditEvent event() {
    return event;
  }

  /**
   * The previous entry's hash, as recorded in this entry.
   *
   * @return a fresh copy
   */
  public byte[] prev() {
    return prev.clone();
  }

  /**
   * This entry's hash.
   *
   * @return a fresh copy
   */
  public byte[] hash() {
    return hash.clone();
  }

  boolean chainsTo(byte[] previousHash) {
    return java.security.MessageDigest.isEqual(prev, previousHash);
  }

  boolean hashIs(byte[] h) {
    return java.security.MessageDigest.isEqual(hash, h);
  }

  /**
   * The stored form: the canonical fields plus the recorded hash.
   *
   * @return the bytes
   */
  public byte[] encode() {
    return fields(seq, event, prev).put("hash", HEX.formatHex(hash)).build().encode();
  }

  /**
   * Reads a stored entry without judging it: the recorded hash is kept as recorded, and
   * {@link #recordedHashMatches()} tells whether it is the hash of the content.
   *
   * @param encoded the stored bytes
   * @return the entry
   * @throws InvalidEncodingException if the bytes are not a well-formed entry
   */
  public static AuditEntry decode(byte[] encoded) throws InvalidEncodingException {
    Fields f = Fields.decode(WHAT, encoded);
    try {
      String digest = f.get("digest").orElse(null);
      AuditEvent e = new AuditEvent(Instant.ofEpochMilli(f.requireLong(WHAT, "time")),
          f.get("person").map(PersonId::new).orElse(null), f.get("terminal").orElse(null),
          f.get("token").orElse(null), f.get("key").map(KeyNumber::new).orElse(null),
          new Operation(f.require(WHAT, "op")), digest == null ? null : HEX.parseHex(digest),
          AuditOutcome.valueOf(f.require(WHAT, "outcome")), f.get("rule").orElse(null),
          f.get("reason").orElse(null));
      byte[] prev = HEX.parseHex(f.require(WHAT, "prev"));
      byte[] hash = HEX.parseHex(f.require(WHAT, "hash"));
      if (prev.length != Sm3.DIGEST_LENGTH || hash.length != Sm3.DIGEST_LENGTH) {
        throw new InvalidEncodingException(WHAT, -1, "prev and hash must be 32 bytes");
      }
      long seq = f.requireLong(WHAT, "seq");
      if (seq < 1) {
        throw new InvalidEncodingException(WHAT + ".seq", -1, "must be 1 or more");
      }
      return new AuditEntry(seq, e, prev, hash);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(WHAT, -1, "bad value: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the recorded hash is the SM3 of this entry's content (false means the entry was
   * edited after it was written).
   *
   * @return true when consistent
   */
  public boolean recordedHashMatches() {
    return Arrays.equals(hash, chain(seq, event, prev).hash);
  }

  /**
   * The entry as ordered fields for export (JSON, CSV): every field, hex digests, ISO time.
   *
   * @return an ordered map of strings and numbers
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("time", event.time().toString());
    m.put("person", event.person() == null ? null : event.person().value());
    m.put("terminal", event.terminal());
    m.put("token", event.tokenSerial());
    m.put("key", event.keyNo() == null ? null : event.keyNo().value());
    m.put("operation", event.operation().id());
    m.put("digest", event.documentDigest() == null ? null
        : HEX.formatHex(event.documentDigest()));
    m.put("outcome", event.outcome().name());
    m.put("rule", event.rule());
    m.put("reason", event.reason());
    m.put("prev", HEX.formatHex(prev));
    m.put("hash", HEX.formatHex(hash));
    return m;
  }

  @Override
  public String toString() {
    return "AuditEntry[" + seq + " " + event + "]";
  }
}
