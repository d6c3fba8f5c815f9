package org.ukey.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ukey.api.InvalidEncodingException;
import org.ukey.policy.internal.Fields;

/**
 * One entry of the ledger's log: something that happened to one key, when, done by whom, with its
 * details. The ledger's records ({@link KeyRecord}) are what these events add up to, so the
 * history of every key is kept whole (seed 000 §20: 全生命周期台账).
 *
 * <p>Stored in the canonical {@link Fields} encoding; {@link #decode(byte[])} refuses anything
 * else.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param seq the position in the ledger's log, from 1
 * @param time when it was recorded
 * @param keyNo the key
 * @param action what happened
 * @param actor who recorded it (the ledger keeper, an approver, the holder)
 * @param details the action's details, by the names in this class
 */
public record LedgerEvent(long seq, Instant time, KeyNumber keyNo, LedgerAction action,
    PersonId actor, SortedMap<String, String> details) {
  /** Detail: the key's purpose (类型). */
  public static final String PURPOSE = "purpose";
  /** Detail: the holder's post. */
  public static final String ROLE = "role";
  /** Detail: the holder. */
  public static final String HOLDER = "holder";
  /** Detail: the certificate serial (证书号), hex. */
  public static final String CERT_SERIAL = "certSerial";
  /** Detail: the token's serial number. */
  public static final String TOKEN_SERIAL = "tokenSerial";
  /** Detail: the key's public key, base64 SubjectPublicKeyInfo. */
  public static final String PUBLIC_KEY = "publicKey";
  /** Detail: first day of validity (ISO date). */
  public static final String VALID_FROM = "validFrom";
  /** Detail: last day of validity (ISO date). */
  public static final String VALID_TO = "validTo";
  /** Detail: use and scope (用途、使用范围). */
  public static final String USAGE = "usage";
  /** Detail: free text reason. */
  public static final String REASON = "reason";
  /** Detail: the approval level. */
  public static final String LEVEL = "level";
  /** Detail: the person receiving a handover. */
  public static final String TO = "to";
  /** Detail: the witness (监交人) of a handover or destruction. */
  public static final String WITNESS = "witness";
  /** Detail: who checked the holder's identity at issue (seed 000 §10.1). */
  public static final String IDENTITY_CHECKED_BY = "identityCheckedBy";
  /** Detail: the reference of an approval made outside the ledger (paper form). */
  public static final String APPROVAL_REF = "approvalRef";
  /** Detail: the date a handover is due (ISO date). */
  public static final String DUE_BY = "dueBy";
  /** Detail: how a key was destroyed. */
  public static final String METHOD = "method";
  /** Detail: on a reissue, the key number replaced. */
  public static final String REPLACES = "replaces";
  /** Detail: the fault's description. */
  public static final String FAULT = "fault";

  private static final String WHAT = "ledger event";
  private static final java.util.Set<String> HEADER_NAMES =
      java.util.Set.of("seq", "time", "key", "action", "actor");

  /**
   * Validates and copies the fields.
   *
   * @param seq the position, from 1
   * @param time when
   * @param keyNo the key
   * @param action what happened
   * @param actor who
   * @param details the details
   */
  public LedgerEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("seq < 1");
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(keyNo, "keyNo");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
  }

  /**
   * A detail.
   *
   * @param name the detail's name
   * @return its value, or empty
   */
  public Optional<String> detail(String name) {
    return Optional.ofNullable(details.get(name));
  }

  /**
   * The canonical encoding.
   *
   * @return the bytes
   */
  public byte[] encode() {
    Fields.Builder b = Fields.builder().put("seq", seq).put("time", time.toEpochMilli())
        .put("key", keyNo.value()).put("action", action.name()).put("actor", actor.value());
    for (Map.Entry<String, String> e : details.entrySet()) {
      b.put("d." + e.getKey(), e.getValue());
    }
    return b.build().encode();
  }

  /**
   * Decodes an event.
   *
   * @param encoded the bytes
   * @return the event
   * @throws InvalidEncodingException if they are not a canonical ledger event
   */
  public static LedgerEvent decode(byte[] encoded) throws InvalidEncodingException {
    Fields f = Fields.decode(WHAT, encoded);
    TreeMap<String, String> details = new TreeMap<>();
    for (Map.Entry<String, String> e : f.asMap().entrySet()) {
      if (e.getKey().startsWith("d.")) {
        details.put(e.getKey().substring(2), e.getValue());
      } else if (!HEADER_NAMES.contains(e.getKey())) {
        throw new InvalidEncodingException(WHAT + "." + e.getKey(), -1, "unknown field");
      }
    }
    try {
      return new LedgerEvent(f.requireLong(WHAT, "seq"),
          Instant.ofEpochMilli(f.requireLong(WHAT, "time")),
          new KeyNumber(f.require(WHAT, "key")),
          LedgerAction.valueOf(f.require(WHAT, "action")),
          new PersonId(f.require(WHAT, "actor")), details);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(WHAT, -1, "bad value: " + e.getMessage(), e);
    }
  }
}
