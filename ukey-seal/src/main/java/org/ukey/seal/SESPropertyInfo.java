package org.ukey.seal;

import java.time.Instant;
import java.util.Objects;

/**
 * The seal's properties: {@code SES_ESPropertyInfo} — type, name, the list of certificates
 * allowed to stamp, and the creation date and validity window.
 *
 * <p>GM/T 0031-2014 §6.1.1: {@code type INTEGER, name UTF8String, certList SEQUENCE OF cert,
 * createDate UTCTime, validStart UTCTime, validEnd UTCTime}. GB/T 38540-2020 adds
 * {@code certListType INTEGER} before the list and uses GeneralizedTime. Either time type is
 * accepted on reading, as real files mix them.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param type the seal type code (see {@link SealKind} for the mapping this SDK uses)
 * @param name the seal name, such as {@code 某某局公章}
 * @param certList the certificates (or digests) of those who may stamp with the seal
 * @param createDate when the seal was made
 * @param validStart the first instant the seal is valid
 * @param validEnd the last instant the seal is valid
 */
public record SESPropertyInfo(int type, String name, SESCertList certList, Instant createDate,
    Instant validStart, Instant validEnd) {

  /**
   * Validates the fields.
   *
   * @param type the seal type code
   * @param name the seal name
   * @param certList the certificate list
   * @param createDate when the seal was made
   * @param validStart the start of validity
   * @param validEnd the end of validity
   */
  public SESPropertyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certList, "certList");
    Objects.requireNonNull(createDate, "createDate");
    Objects.requireNonNull(validStart, "validStart");
    Objects.requireNonNull(validEnd, "validEnd");
  }

  /**
   * Whether an instant is inside the validity window (both ends included).
   *
   * @param t the instant
   * @return true when {@code validStart <= t <= validEnd}
   */
  public boolean isValidAt(Instant t) {
    return !t.isBefore(validStart) && !t.isAfter(validEnd);
  }
}
