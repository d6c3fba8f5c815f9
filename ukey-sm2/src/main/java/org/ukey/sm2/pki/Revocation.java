package org.ukey.sm2.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a CRL: a certificate serial number, when it was revoked, and why if the CRL
 * says. The date lets a caller judge "revoked before or after the signing time" — a seal
 * signed before its certificate was revoked stays valid.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class Revocation {
  private final BigInteger serialNumber;
  private final Instant revokedAt;
  private final Integer reason;

  Revocation(BigInteger serialNumber, Instant revokedAt, Integer reason) {
    this.serialNumber = Objects.requireNonNull(serialNumber);
    this.revokedAt = Objects.requireNonNull(revokedAt);
    this.reason = reason;
  }

  /**
   * The revoked certificate's serial number.
   *
   * @return the serial
   */
  public BigInteger serialNumber() {
    return serialNumber;
  }

  /**
   * The revocation date (RFC 5280 §5.3 {@code revocationDate}).
   *
   * @return the instant
   */
  public Instant revokedAt() {
    return revokedAt;
  }

  /**
   * The CRL reason code (RFC 5280 §5.3.1: 1 keyCompromise, 2 cACompromise, 3 affiliationChanged,
   * 4 superseded, 5 cessationOfOperation, 6 certificateHold, …), when given.
   *
   * @return the code
   */
  public Optional<Integer> reasonCode() {
    return Optional.ofNullable(reason);
  }

  /**
   * Whether the certificate counted as revoked at an instant (revoked at or before it).
   *
   * @param instant the instant
   * @return true when {@code revokedAt() <= instant}
   */
  public boolean revokedBy(Instant instant) {
    return !revokedAt.isAfter(instant);
  }

  @Override
  public String toString() {
    return "Revocation[serial=" + serialNumber.toString(16) + ", at=" + revokedAt
        + (reason != null ? ", reason=" + reason : "") + "]";
  }
}
