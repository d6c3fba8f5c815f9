package org.ukey.policy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.Verifier;
import org.ukey.policy.internal.Fields;

/**
 * An auditor's signature over the audit trail up to one entry: "entries 1 to {@code seq} end in
 * {@code hash}". Whoever can write the trail can recompute a hash chain; nobody but the auditor
 * can sign a checkpoint, so entries behind the last checkpoint can be neither changed nor cut off
 * without {@link AuditTrail#verify} finding it.
 *
 * <p>The signed message is the {@link Fields} encoding of {@code type="ukey-audit-checkpoint",
 * seq, hash (hex), time (epoch ms), auditor, alg}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class AuditCheckpoint {
  private static final String TYPE = "ukey-audit-checkpoint";
  private static final String WHAT = "audit checkpoint";
  private static final HexFormat HEX = HexFormat.of();

  private final long seq;
  private final byte[] hash;
  private final Instant time;
  private final PersonId auditor;
  private final String algorithm;
  private final byte[] signature;

  private AuditCheckpoint(long seq, byte[] hash, Instant time, PersonId auditor,
      String algorithm, byte[] signature) {
    this.seq = seq;
    this.hash = hash;
    this.time = time;
    this.auditor = auditor;
    this.algorithm = algorithm;
    this.signature = signature;
  }

  /**
   * Signs a checkpoint over an entry.
   *
   * @param entry the last entry covered
   * @param time when
   * @param auditor who signs
   * @param signer the auditor's key (any {@link Signer}: a UKey, an HSM, a soft key)
   * @return the checkpoint
   * @throws UKeyException if signing fails
   */
  public static AuditCheckpoint sign(AuditEntry entry, Instant time, PersonId auditor,
      Signer signer) throws UKeyException {
    Objects.requireNonNull(entry, "entry");
    String alg = signer.algorithm().name();
    byte[] tbs = tbs(entry.seq(), entry.hash(), time, auditor, alg);
    return new AuditCheckpoint(entry.seq(), entry.hash(), time, auditor, alg, signer.sign(tbs));
  }

  private static byte[] tbs(long seq, byte[] hash, Instant time, PersonId auditor, String alg) {
    return Fields.builder().put("type", TYPE).put("seq", seq).put("hash", HEX.formatHex(hash))
        .put("time", time.toEpochMilli()).put("auditor", auditor.value()).put("alg", alg)
        .build().encode();
  }

  /**
   * Verifies the auditor's signature.
   *
   * @param verifier the auditor's verifier; its algorithm must be the one recorded
   * @throws SignatureVerificationException if the signature does not verify
   */
  public void verifySignature(Verifier verifier) throws SignatureVerificationException {
    if (!verifier.algorithm().name().equals(algorithm)) {
      throw new SignatureVerificationException("checkpoint " + seq + " was signed with "
          + algorithm + ", not " + verifier.algorithm().name());
    }
    verifier.verify(tbs(seq, hash, time, auditor, algorithm), signature);
  }

  /** The last entry covered. @return its seq */
  public long seq() {
    return seq;
  }

  /** The hash of that entry. @return a fresh copy */
  public byte[] hash() {
    return hash.clone();
  }

  /** When it was signed. @return the time */
  public Instant time() {
    return time;
  }

  /** Who signed it. @return the auditor */
  public PersonId auditor() {
    return auditor;
  }

  /**
   * The algorithm's stable name.
   *
   * @return for example {@code "SM3_WITH_SM2"}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The algorithm, if the SDK knows it.
   *
   * @return the algorithm with default parameters
   */
  public java.util.Optional<SignatureAlgorithm> signatureAlgorithm() {
    return SignatureAlgorithm.byName(algorithm);
  }

  /**
   * The stored form.
   *
   * @return the bytes
   */
  public byte[] encode() {
    return Fields.builder().put("type", TYPE).put("seq", seq).put("hash", HEX.formatHex(hash))
        .put("time", time.toEpochMilli()).put("auditor", auditor.value()).put("alg", algorithm)
        .put("sig", HEX.formatHex(signature)).build().encode();
  }

  /**
   * Reads a stored checkpoint.
   *
   * @param encoded the bytes
   * @return the checkpoint (not yet verified)
   * @throws InvalidEncodingException if malformed
   */
  public static AuditCheckpoint decode(byte[] encoded) throws InvalidEncodingException {
    Fields f = Fields.decode(WHAT, encoded);
    if (!TYPE.equals(f.require(WHAT, "type"))) {
      throw new InvalidEncodingException(WHAT + ".type", -1, "not a checkpoint");
    }
    try {
      byte[] hash = HEX.parseHex(f.require(WHAT, "hash"));
      if (hash.length != 32) {
        throw new InvalidEncodingException(WHAT + ".hash", -1, "must be 32 bytes");
      }
      return new AuditCheckpoint(f.requireLong(WHAT, "seq"), hash,
          Instant.ofEpochMilli(f.requireLong(WHAT, "time")),
          new PersonId(f.require(WHAT, "auditor")), f.require(WHAT, "alg"),
          HEX.parseHex(f.require(WHAT, "sig")));
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(WHAT, -1, "bad value: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AuditCheckpoint[seq " + seq + ", " + time + ", by " + auditor + "]";
  }
}
