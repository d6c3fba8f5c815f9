package org.ukey.seal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts recorded when a seal is filed, as seed 002's registry book (电子印章备案登记本) has
 * them: effective date (生效日期), copies (份数), who handed it over (交接方) and who received it
 * (接收方), remarks (备注), and when the filing file was generated (生成时间; the seal's creation
 * time unless given).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param effectiveDate when the seal takes effect
 * @param copies how many copies were handed over, at least 1 (seed 002 §6(2): 一式两份)
 * @param handedOverBy who handed it over
 * @param receivedBy who received it
 * @param note remarks
 * @param generatedAt when the filing file was generated, if not the seal's creation time
 */
public record FilingDetails(LocalDate effectiveDate, int copies, String handedOverBy,
    String receivedBy, String note, Optional<Instant> generatedAt) {

  /**
   * Validates the fields.
   *
   * @param effectiveDate effective date
   * @param copies copies
   * @param handedOverBy handed over by
   * @param receivedBy received by
   * @param note remarks
   * @param generatedAt generation time
   */
  public FilingDetails {
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be at least 1");
    }
    handedOverBy = Objects.requireNonNullElse(handedOverBy, "");
    receivedBy = Objects.requireNonNullElse(receivedBy, "");
    note = Objects.requireNonNullElse(note, "");
    generatedAt = Objects.requireNonNullElse(generatedAt, Optional.empty());
  }

  /**
   * Details with two copies (seed 002 §6(2)) and nothing else but the effective date.
   *
   * @param effectiveDate when the seal takes effect
   * @return the details
   */
  public static FilingDetails of(LocalDate effectiveDate) {
    return new FilingDetails(effectiveDate, 2, "", "", "", Optional.empty());
  }
}
