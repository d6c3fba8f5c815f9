package org.ukey.pkcs11.internal;

/**
 * One way a token can decrypt one {@link org.ukey.api.EncryptionAlgorithm}.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param mechanism the {@code CKM_} value
 * @param oaepSha256 whether the mechanism takes OAEP parameters for SHA-256 / MGF1-SHA-256
 * @param layout for SM2, the ciphertext layout the token takes; {@code NONE} otherwise
 */
record DecryptWay(long mechanism, boolean oaepSha256, Layout layout) {

  /** SM2 ciphertext layouts the token may take. */
  enum Layout {
    NONE("none"),
    C1C3C2("c1c3c2"),
    C1C2C3("c1c2c3");

    private final String word;

    Layout(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }
}
