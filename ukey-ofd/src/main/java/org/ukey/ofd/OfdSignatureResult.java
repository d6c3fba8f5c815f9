package org.ukey.ofd;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ukey.seal.VerificationReport;
import org.ukey.seal.VerificationReport.Outcome;

/**
 * The verification of one signature of an OFD document: its references, its signed value (an
 * electronic seal signature, {@code Type="Seal"}, checked by the seal verifier; or a GB/T 35275
 * SignedData, {@code Type="Sign"}), its {@code Seal.esl}, and where its stamps are.
 *
 * <p>It is valid when every reference matches (no protected file changed), the signed value
 * verifies, and the {@code Seal.esl} beside it, if any, is the seal inside the signature.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id the ID in Signatures.xml
 * @param type {@code Seal} or {@code Sign}
 * @param signaturePath where the Signature.xml is
 * @param provider the provider named in it
 * @param signatureDateTime the date-time text it carries
 * @param references every reference checked
 * @param signedValue whether the signed value verifies
 * @param signedValueDetail what the signed value check found
 * @param sealReport the seal verifier's report, for a seal signature
 * @param sealFile whether Seal.esl equals the seal inside the signature (NOT_CHECKED when the
 *     signature names no Seal.esl)
 * @param stamps where the stamps are shown
 */
public record OfdSignatureResult(String id, String type, String signaturePath, String provider,
    String signatureDateTime, List<ReferenceCheck> references, Outcome signedValue,
    String signedValueDetail, Optional<VerificationReport> sealReport, Outcome sealFile,
    List<StampPosition> stamps) {

  /**
   * Copies the lists.
   *
   * @param id the ID
   * @param type the type
   * @param signaturePath the path
   * @param provider the provider
   * @param signatureDateTime the date-time
   * @param references the references
   * @param signedValue the signed value outcome
   * @param signedValueDetail its detail
   * @param sealReport the seal report
   * @param sealFile the Seal.esl outcome
   * @param stamps the stamps
   */
  public OfdSignatureResult {
    Objects.requireNonNull(id, "id");
    references = List.copyOf(references);
    stamps = List.copyOf(stamps);
    Objects.requireNonNull(signedValue, "signedValue");
    Objects.requireNonNull(sealReport, "sealReport");
    Objects.requireNonNull(sealFile, "sealFile");
  }

  /**
   * The protected files whose digest no longer matches, or that are missing.
   *
   * @return their paths, in reference order
   */
  public List<String> changedFiles() {
    return references.stream().filter(r -> r.outcome() == Outcome.FAIL)
        .map(ReferenceCheck::file).toList();
  }

  /**
   * Whether this signature is valid.
   *
   * @return true when no protected file changed, the signed value verifies and Seal.esl matches
   */
  public boolean isValid() {
    return changedFiles().isEmpty() && !references.isEmpty() && signedValue == Outcome.PASS
        && sealFile != Outcome.FAIL;
  }
}
