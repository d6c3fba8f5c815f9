package org.ukey.seal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One entry of a registry's history — a seal filed, changed, revoked or imported from another
 * party's filing package (seed 002 §6(5), §12: every change and revocation is filed again) — with
 * the columns of seed 002's registry book (电子印章备案登记本), so that the book is the history.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param sequence the entry's number (序号), from 1, in the order recorded
 * @param at when it was recorded (备案日期)
 * @param kind what happened
 * @param esId the seal
 * @param party the party the seal belongs to
 * @param sealDigest the SM3 digest (hex) of the seal bytes concerned
 * @param content what was filed (内容), such as {@code 备案 某某局公章 (esID 1234)}
 * @param copies how many copies were handed over (份数)
 * @param generatedAt when the filing file was generated (生成时间, kept to the minute in the book)
 * @param effectiveDate when the seal takes effect (生效日期)
 * @param handedOverBy who handed it over (交接方)
 * @param receivedBy who received it (接收方)
 * @param note remarks (备注): the reason for a change or revocation, the package it came from
 */
public record RegistryEvent(long sequence, Instant at, Kind kind, String esId, Party party,
    String sealDigest, String content, int copies, Instant generatedAt, LocalDate effectiveDate,
    String handedOverBy, String receivedBy, String note) {

  /** What happened. */
  public enum Kind {
    /** A seal was filed (备案). */
    FILED("备案"),
    /** A filed seal was replaced by a changed one (变更). */
    CHANGED("变更"),
    /** A filed seal was revoked (注销). */
    REVOKED("注销"),
    /** A seal was filed from another party's signed filing package. */
    IMPORTED("导入备案");

    private final String chinese;

    Kind(String chinese) {
      this.chinese = chinese;
    }

    /**
     * The word the registry book uses.
     *
     * @return for example {@code 备案}
     */
    public String chinese() {
      return chinese;
    }
  }

  /**
   * Validates the fields.
   *
   * @param sequence the number
   * @param at the time
   * @param kind the kind
   * @param esId the seal id
   * @param party the party
   * @param sealDigest the seal digest
   * @param content what was filed
   * @param copies copies
   * @param generatedAt generation time
   * @param effectiveDate effective date
   * @param handedOverBy handed over by
   * @param receivedBy received by
   * @param note remarks
   */
  public RegistryEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(esId, "esId");
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(sealDigest, "sealDigest");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    handedOverBy = Objects.requireNonNullElse(handedOverBy, "");
    receivedBy = Objects.requireNonNullElse(receivedBy, "");
    note = Objects.requireNonNullElse(note, "");
  }
}
