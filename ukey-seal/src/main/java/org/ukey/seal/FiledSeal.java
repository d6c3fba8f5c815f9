package org.ukey.seal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A seal as filed (备案) in a {@link SealRegistry}: the seal's exact bytes and the facts of
 * seed 002's registry book (电子印章备案登记本: 内容, 份数, 生成时间, 生效日期, 备案日期, 交接方, 接收方,
 * 备注).
 *
 * <p><b>Thread-safety:</b> immutable; {@link #sealBytes()} returns a copy.
 *
 * @param esId the seal id
 * @param party the party the seal belongs to
 * @param state filed, superseded by a change, or revoked
 * @param sealBytes the seal as filed
 * @param generatedAt when the filing file was generated from the seal system (to the minute,
 *     seed 002 annex)
 * @param effectiveDate when the seal takes effect (生效日期)
 * @param filingDate when it was filed here (备案日期)
 * @param copies how many copies were handed over (份数)
 * @param handedOverBy who handed it over (交接方)
 * @param receivedBy who received it (接收方)
 * @param note remarks (备注), such as the reason for a change or revocation
 */
public record FiledSeal(String esId, Party party, State state, byte[] sealBytes,
    Instant generatedAt, LocalDate effectiveDate, Instant filingDate, int copies,
    String handedOverBy, String receivedBy, String note) {

  /** Where a filed seal stands. */
  public enum State {
    /** In force: verification may require seals to equal this copy. */
    FILED,
    /** Replaced by a changed seal (seed 002 §6(5), §12(1)). */
    SUPERSEDED,
    /** Revoked (注销, seed 002 §12). */
    REVOKED
  }

  /**
   * Validates and copies.
   *
   * @param esId the seal id
   * @param party the party
   * @param state the state
   * @param sealBytes the seal
   * @param generatedAt generation time
   * @param effectiveDate effective date
   * @param filingDate filing time
   * @param copies copies
   * @param handedOverBy handed over by
   * @param receivedBy received by
   * @param note remarks
   */
  public FiledSeal {
    Objects.requireNonNull(esId, "esId");
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(state, "state");
    sealBytes = Objects.requireNonNull(sealBytes, "sealBytes").clone();
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    Objects.requireNonNull(filingDate, "filingDate");
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be at least 1");
    }
    handedOverBy = Objects.requireNonNullElse(handedOverBy, "");
    receivedBy = Objects.requireNonNullElse(receivedBy, "");
    note = Objects.requireNonNullElse(note, "");
  }

  /**
   * The seal as filed.
   *
   * @return a copy
   */
  @Override
  public byte[] sealBytes() {
    return sealBytes.clone();
  }

  /**
   * The same record in another state.
   *
   * @param newState the state
   * @param newNote the remark explaining it
   * @return the record
   */
  FiledSeal withState(State newState, String newNote) {
    return new FiledSeal(esId, party, newState, sealBytes, generatedAt, effectiveDate, filingDate,
        copies, handedOverBy, receivedBy, newNote);
  }
}
