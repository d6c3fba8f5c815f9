package org.ukey.seal;

import java.util.Objects;
import org.ukey.api.UKeyException;

/**
 * The {@link Stamper} refused to stamp, because stamping would produce a signature that does
 * not verify (GM/T 0031-2014 §6.2.2: the signer's certificate, the seal and the certificate list
 * are checked before signing).
 */
public class StampRefusedException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /** Why stamping was refused. */
  public enum Reason {
    /** The signer's certificate is not on the seal's list (GM/T 0031-2014 §6.2.2 c). */
    SIGNER_NOT_IN_CERT_LIST,
    /** The seal is not valid at the signing time (GM/T 0031-2014 §6.1.2 d). */
    SEAL_NOT_VALID_AT_SIGNING_TIME,
    /** The seal maker's signature does not verify (GM/T 0031-2014 §6.1.2 b). */
    SEAL_SIGNATURE_INVALID,
    /** The signer's certificate is not valid at the signing time (GM/T 0031-2014 §6.2.2 a). */
    SIGNER_CERTIFICATE_NOT_VALID,
    /** The signer has no certificate to put in the signature. */
    SIGNER_HAS_NO_CERTIFICATE
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message details
   */
  public StampRefusedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why stamping was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
