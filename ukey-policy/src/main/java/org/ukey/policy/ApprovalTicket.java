package org.ukey.policy;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.policy.internal.Fields;

/**
 * An approval to stamp one document with one seal (用章审批, seed 003 §11–12: "电子印章的使用审批
 * 流程与实物印章的使用审批流程一致，经批准同意后方可进行签章"; seed 000 §22.4: "无审批使用电子印章 Ukey"
 * is a violation). Signed by the approver's own key, bound to the document's SM3 digest, the seal
 * key, the person who may stamp, and a deadline.
 *
 * <p>{@link PolicyGuard} accepts a ticket only if its signature verifies under the approver's key
 * recorded in the ledger, the approver's post may approve seal use, the approver is not the one
 * stamping, and digest, seal, stamper and deadline all match.
 *
 * <p>The signed message is the {@link Fields} encoding of {@code type="ukey-seal-approval", id,
 * digest (hex), seal, stamper, approver, approverKey, issued, until (epoch ms), alg}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class ApprovalTicket {
  private static final String TYPE = "ukey-seal-approval";
  private static final String WHAT = "approval ticket";
  private static final HexFormat HEX = HexFormat.of();

  private final Fields tbs;
  private final byte[] signature;

  private ApprovalTicket(Fields tbs, byte[] signature) {
    this.tbs = tbs;
    this.signature = signature;
  }

  /**
   * Signs an approval. Use a signer from the approver's {@link GuardedSession} with
   * {@link Operation#SEAL_APPROVE}, so that the approval itself is checked and audited.
   *
   * @param id the approval's reference (the form number)
   * @param documentDigest SM3 of the document to stamp
   * @param sealKey the seal key that may stamp it
   * @param stamper who may stamp it
   * @param approver who approves
   * @param approverKey the approver's key in the ledger
   * @param issued when
   * @param until the deadline
   * @param signer the approver's signer
   * @return the ticket
   * @throws UKeyException if signing is refused or fails
   */
  public static ApprovalTicket sign(String id, byte[] documentDigest, KeyNumber sealKey,
      PersonId stamper, PersonId approver, KeyNumber approverKey, Instant issued, Instant until,
      Signer signer) throws UKeyException {
    Objects.requireNonNull(documentDigest, "documentDigest");
    if (documentDigest.length != 32) {
      throw new IllegalArgumentException("documentDigest must be SM3 (32 bytes)");
    }
    if (!until.isAfter(issued)) {
      throw new IllegalArgumentException("until must be after issued");
    }
    Fields tbs = Fields.builder().put("type", TYPE).put("id", Objects.requireNonNull(id))
        .put("digest", HEX.formatHex(documentDigest)).put("seal", sealKey.value())
        .put("stamper", stamper.value()).put("approver", approver.value())
        .put("approverKey", approverKey.value()).put("issued", issued.toEpochMilli())
        .put("until", until.toEpochMilli()).put("alg", signer.algorithm().name()).build();
    return new ApprovalTicket(tbs, signer.sign(tbs.encode()));
  }

  byte[] signedBytes() {
    return tbs.encode();
  }

  byte[] signature() {
    return signature.clone();
  }

  /** The reference. @return the id */
  public String id() {
    return tbs.get("id").orElseThrow();
  }

  /** SM3 of the approved document. @return a fresh copy */
  public byte[] documentDigest() {
    return HEX.parseHex(tbs.get("digest").orElseThrow());
  }

  boolean approves(byte[] digest) {
    return MessageDigest.isEqual(documentDigest(), digest);
  }

  /** The seal key that may stamp. @return the key */
  public KeyNumber sealKey() {
    return new KeyNumber(tbs.get("seal").orElseThrow());
  }

  /** Who may stamp. @return the person */
  public PersonId stamper() {
    return new PersonId(tbs.get("stamper").orElseThrow());
  }

  /** Who approved. @return the person */
  public PersonId approver() {
    return new PersonId(tbs.get("approver").orElseThrow());
  }

  /** The approver's key in the ledger. @return the key */
  public KeyNumber approverKey() {
    return new KeyNumber(tbs.get("approverKey").orElseThrow());
  }

  /** When approved. @return the time */
  public Instant issued() {
    return Instant.ofEpochMilli(Long.parseLong(tbs.get("issued").orElseThrow()));
  }

  /** The deadline. @return the time */
  public Instant until() {
    return Instant.ofEpochMilli(Long.parseLong(tbs.get("until").orElseThrow()));
  }

  /**
   * The signature algorithm, when known.
   *
   * @return the algorithm
   */
  public java.util.Optional<SignatureAlgorithm> algorithm() {
    return SignatureAlgorithm.byName(tbs.get("alg").orElseThrow());
  }

  /**
   * The stored or transmitted form.
   *
   * @return the bytes
   */
  public byte[] encode() {
    return Fields.builder().putAll(tbs.asMap()).put("sig", HEX.formatHex(signature)).build()
        .encode();
  }

  /**
   * Reads a ticket (not yet verified: the guard does that).
   *
   * @param encoded the bytes
   * @return the ticket
   * @throws InvalidEncodingException if malformed
   */
  public static ApprovalTicket decode(byte[] encoded) throws InvalidEncodingException {
    Fields all = Fields.decode(WHAT, encoded);
    if (!TYPE.equals(all.require(WHAT, "type"))) {
      throw new InvalidEncodingException(WHAT + ".type", -1, "not a seal approval");
    }
    Fields.Builder b = Fields.builder();
    all.asMap().forEach((k, v) -> {
      if (!k.equals("sig")) {
        b.put(k, v);
      }
    });
    Fields tbs = b.build();
    try {
      for (String f : new String[] {"id", "digest", "seal", "stamper", "approver",
          "approverKey", "alg"}) {
        tbs.require(WHAT, f);
      }
      tbs.requireLong(WHAT, "issued");
      tbs.requireLong(WHAT, "until");
      new KeyNumber(tbs.get("seal").get());
      new KeyNumber(tbs.get("approverKey").get());
      new PersonId(tbs.get("stamper").get());
      new PersonId(tbs.get("approver").get());
      if (HEX.parseHex(tbs.get("digest").get()).length != 32) {
        throw new InvalidEncodingException(WHAT + ".digest", -1, "must be 32 bytes");
      }
      return new ApprovalTicket(tbs, HEX.parseHex(all.require(WHAT, "sig")));
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(WHAT, -1, "bad value: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ApprovalTicket[" + id() + ", seal " + sealKey() + " for " + stamper() + ", by "
        + approver() + ", until " + until() + "]";
  }
}
