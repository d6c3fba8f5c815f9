package org.ukey.sm2.soft;

import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 (GB/T 32907-2016) in GCM mode with a 96-bit nonce and a 128-bit tag, the authenticated
 * encryption the soft token uses for its wrapped data key and its key store (SM4-GCM as in
 * RFC 8998, and GCM as GB/T 36624-2018 lists it).
 *
 * <p><b>Thread-safety:</b> stateless; a cipher object per call.
 */
final class Sm4Gcm {
  static final int KEY_LENGTH = 16;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Sm4Gcm() {}

  static byte[] newNonce() {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Encrypts and authenticates; the result is the ciphertext followed by the tag. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    GCMModeCipher gcm = cipher(true, key, nonce, aad);
    byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption cannot fail", e);
    }
    return out;
  }

  /**
   * Checks the tag and decrypts.
   *
   * @throws InvalidCipherTextException if the key, nonce, additional data or ciphertext is not
   *     what was sealed
   */
  static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed)
      throws InvalidCipherTextException {
    if (sealed.length < TAG_LENGTH) {
      throw new InvalidCipherTextException("sealed data shorter than the tag");
    }
    GCMModeCipher gcm = cipher(false, key, nonce, aad);
    byte[] out = new byte[gcm.getOutputSize(sealed.length)];
    int n = gcm.processBytes(sealed, 0, sealed.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      // BouncyCastle's GCM decrypts into the output before the tag check fails: wipe it.
      java.util.Arrays.fill(out, (byte) 0);
      throw e;
    }
    return out;
  }

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
    return gcm;
  }
}
