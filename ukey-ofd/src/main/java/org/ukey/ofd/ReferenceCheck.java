package org.ukey.ofd;

import java.util.Objects;
import org.ukey.seal.VerificationReport.Outcome;

/**
 * One {@code Reference} of a {@code Signature.xml} checked: the file's digest recomputed with the
 * {@code CheckMethod} and compared with its {@code CheckValue} (GB/T 33190-2016 §18).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param file the file's path in the package
 * @param checkMethod the method as written ({@code SM3}, an OID such as
 *     {@code 1.2.156.10197.1.401} or {@code 1.2.156.10197.1.401.2})
 * @param outcome PASS when the digest matches, FAIL when it does not, the file is missing or the
 *     method is unknown
 * @param detail what was found
 */
public record ReferenceCheck(String file, String checkMethod, Outcome outcome, String detail) {
  /**
   * Validates the fields.
   *
   * @param file the file
   * @param checkMethod the method
   * @param outcome the outcome
   * @param detail the detail
   */
  public ReferenceCheck {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(checkMethod, "checkMethod");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }
}
