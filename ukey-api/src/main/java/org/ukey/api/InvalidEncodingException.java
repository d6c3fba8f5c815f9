package org.ukey.api;

import java.util.Objects;

/**
 * Data from outside (DER, a seal, a certificate, an OFD package, a token's output) is not
 * well-formed. The exception says what was being read and where the problem is, so that the
 * message alone lets an operator find it: for example
 * {@code "SES_Signature.toSign.timeInfo at offset 412: expected GeneralizedTime or UTCTime, found tag 0x04"}.
 */
public class InvalidEncodingException extends UKeyException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final long offset;

  /**
   * Creates the exception.
   *
   * @param what the structure or field being read, such as {@code "SM2Signature.r"}
   * @param offset the byte offset of the problem in the input, or -1 when not known
   * @param problem what is wrong there
   */
  public InvalidEncodingException(String what, long offset, String problem) {
    this(what, offset, problem, null);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param what the structure or field being read
   * @param offset the byte offset of the problem in the input, or -1 when not known
   * @param problem what is wrong there
   * @param cause the underlying failure, or {@code null}
   */
  public InvalidEncodingException(String what, long offset, String problem, Throwable cause) {
    super(Objects.requireNonNull(what, "what")
        + (offset >= 0 ? " at offset " + offset : "") + ": " + problem, cause);
    this.what = what;
    this.offset = offset;
  }

  /**
   * The structure or field that was being read.
   *
   * @return for example {@code "TBS_Sign.timeInfo"}
   */
  public String what() {
    return what;
  }

  /**
   * The byte offset of the problem in the input.
   *
   * @return the offset, or -1 when not known
   */
  public long offset() {
    return offset;
  }
}
