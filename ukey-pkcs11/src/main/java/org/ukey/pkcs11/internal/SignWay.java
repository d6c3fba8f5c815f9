package org.ukey.pkcs11.internal;

/**
 * One way a token can make a signature of one algorithm: the mechanism, what the SDK feeds it,
 * and what comes out.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param mechanism the {@code CKM_} value
 * @param input what {@code C_Sign} is given
 * @param output the form of an (EC)DSA/SM2 signature as the token returns it; {@code NONE} for
 *     RSA
 * @param pss whether the mechanism takes {@code CK_RSA_PKCS_PSS_PARAMS}
 * @param multiPart whether {@code C_SignUpdate} may be used (for {@code MESSAGE} input)
 * @param maxSinglePart the longest input one call may carry, 0 for no limit
 */
record SignWay(long mechanism, Input input, Output output, boolean pss, boolean multiPart,
    int maxSinglePart) {

  /** What the token is given to sign. */
  enum Input {
    /** The message; the token hashes it (for example {@code CKM_SHA256_RSA_PKCS}). */
    MESSAGE("message"),
    /** The message digest, computed by the SDK ({@code CKM_ECDSA}, {@code CKM_RSA_PKCS_PSS}). */
    DIGEST("digest"),
    /** DER {@code DigestInfo} of the digest, RFC 8017 §9.2 ({@code CKM_RSA_PKCS}). */
    DIGEST_INFO("digest-info"),
    /** SM2: e = SM3(Z‖M), Z computed by the SDK with the algorithm's user ID (GM/T 0009 §8). */
    E("e"),
    /** SM2: the message; the token computes Z with the default ID and hashes Z‖M. */
    MESSAGE_Z("message-z"),
    /** SM2: the message; the token computes Z from the user ID passed as the parameter. */
    MESSAGE_ID("message-id");

    private final String word;

    Input(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }

    boolean sm2Only() {
      return this == E || this == MESSAGE_Z || this == MESSAGE_ID;
    }

    boolean tokenHashes() {
      return this == MESSAGE || this == MESSAGE_Z || this == MESSAGE_ID;
    }
  }

  /** The form of an (EC)DSA or SM2 signature the token returns. */
  enum Output {
    /** Not an (EC)DSA/SM2 signature (RSA). */
    NONE("none"),
    /** r‖s, each half the field length (the PKCS#11 convention for {@code CKM_ECDSA}). */
    RAW("raw"),
    /** DER {@code SEQUENCE { r, s }} (X9.62). */
    DER("der"),
    /** Either, told apart per signature (for vendors whose documentation does not say). */
    AUTO("auto");

    private final String word;

    Output(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }
}
