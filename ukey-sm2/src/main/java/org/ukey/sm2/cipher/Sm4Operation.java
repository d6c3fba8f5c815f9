package org.ukey.sm2.cipher;

import org.ukey.api.UKeyException;

/**
 * One encryption or decryption in one SM4 mode: bytes go in through {@link #update}, the end
 * comes with {@link #doFinal}. The output written by each call is exact (no look-ahead beyond
 * what the mode needs: a padded decryption holds back one block, a GCM decryption holds back
 * the 16-byte tag).
 *
 * <p><b>Thread-safety:</b> not thread-safe; one operation per message.
 */
abstract class Sm4Operation {
  /**
   * Processes input.
   *
   * @return the number of bytes written to {@code out}; at most {@code len + 16}
   */
  abstract int update(byte[] in, int inOff, int len, byte[] out, int outOff);

  /**
   * Ends the message.
   *
   * @return the number of bytes written to {@code out}; at most 16
   * @throws UKeyException if a decryption does not authenticate or is malformed
   */
  abstract int doFinal(byte[] out, int outOff) throws UKeyException;
}
