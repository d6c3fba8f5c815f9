package org.ukey.testkit.contract;

/**
 * An optional behaviour a token may claim in its {@link TokenContractFixture#features()}. The
 * contract tests of a feature the fixture does not claim are reported as skipped (aborted by an
 * assumption) with the feature's name, never silently passed.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum TokenFeature {
  /**
   * The token reports the exact number of user-PIN attempts left, in
   * {@link org.ukey.api.PinStatus#retriesLeft()} and
   * {@link org.ukey.api.PinIncorrectException#retriesLeft()} (the soft token; SKF
   * {@code SKF_GetPINInfo}). PKCS#11 has only the coarse flags, so a PKCS#11 token claims this
   * only if its profile reads a vendor count.
   */
  PIN_RETRY_COUNT,
  /**
   * The user PIN locks after {@link TokenContractFixture#pinRetryLimit()} consecutive wrong
   * PINs; then even the right PIN gets {@link org.ukey.api.PinLockedException}.
   */
  PIN_LOCK,
  /**
   * The security officer can set a new user PIN and unlock it with
   * {@link org.ukey.api.Token#unlockPin} (PKCS#11 {@code C_InitPIN}).
   */
  SO_UNLOCK,
  /**
   * The token can require the user PIN to be changed before use (initial PIN, seed 000 §11.1);
   * the fixture makes such a token with
   * {@link TokenContractFixture#openWithPinChangeRequired(java.nio.file.Path)}.
   */
  PIN_CHANGE_REQUIRED,
  /**
   * The token stores a certificate with a key ({@link org.ukey.api.Session#importCertificate}).
   */
  CERTIFICATE_STORAGE,
  /** The token destroys key pairs ({@link org.ukey.api.Session#deleteKey}). */
  KEY_DELETION,
  /**
   * Every claimed algorithm signs a digest the caller computed
   * ({@link org.ukey.api.Signer#signDigest(byte[])}: SM2's e = SM3(Z‖M), the hash of M
   * otherwise). A provider that does not claim it may refuse some algorithms with
   * {@link org.ukey.api.UnsupportedAlgorithmException} (a PKCS#11 profile whose mechanism hashes
   * the message on the token, such as {@code CKM_SHA256_RSA_PKCS}); those cases are reported as
   * skipped. Whatever it claims, a digest it does sign must verify as a signature of M.
   */
  DIGEST_SIGNING
}
