package org.ukey.seal;

import java.util.stream.Collectors;
import org.ukey.api.SignatureVerificationException;

/**
 * A seal or seal signature did not verify. Carries the whole {@link VerificationReport}; the
 * message names every failed check.
 */
public class SealVerificationException extends SignatureVerificationException {
  private static final long serialVersionUID = 1L;

  private final transient VerificationReport report;

  /**
   * Creates the exception from a report that is not valid.
   *
   * @param report the report
   */
  public SealVerificationException(VerificationReport report) {
    super(message(report));
    this.report = report;
  }

  /**
   * The report.
   *
   * @return the report (not kept across serialization)
   */
  public VerificationReport report() {
    return report;
  }

  private static String message(VerificationReport report) {
    String failed = report.failures().stream()
        .map(c -> c.id() + " (" + c.detail() + ")").collect(Collectors.joining("; "));
    if (failed.isEmpty()) {
      failed = report.checks().stream()
          .filter(c -> c.outcome() != VerificationReport.Outcome.PASS)
          .map(c -> c.id() + " not checked (" + c.detail() + ")")
          .collect(Collectors.joining("; "));
    }
    return "seal verification failed: " + failed;
  }
}
