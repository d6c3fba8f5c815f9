package org.ukey.sm2.cipher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * SM4 (GB/T 32907-2016, SM4分组密码算法) encryption and decryption in one mode under one key:
 * ECB and CBC with PKCS#7 padding (or none), CTR, and GCM with additional authenticated data.
 * Messages are handled whole ({@code byte[]}) or streamed between an {@link InputStream} and an
 * {@link OutputStream} in constant memory.
 *
 * <pre>{@code
 * Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, key);      // round keys computed once
 * byte[] ct = gcm.encrypt(nonce12, aad, plaintext);        // C ‖ 16-byte tag
 * byte[] pt = gcm.decrypt(nonce12, aad, ct);               // throws if the tag does not match
 * }</pre>
 *
 * <p>Lengths are checked: the key is 16 bytes; the IV is empty (ECB), 16 bytes (CBC, CTR) or 1
 * to 128 bytes (GCM, 12 recommended); AAD is for GCM only. A wrong length is a programming
 * error and throws {@link IllegalArgumentException}. A ciphertext that is malformed throws
 * {@link InvalidEncodingException}; one that does not authenticate or unpad throws
 * {@link DecryptionFailedException}.
 *
 * <p>The block cipher is this SDK's own table-driven implementation (round keys expanded once,
 * {@code int} arithmetic, no per-block allocation); GHASH uses BouncyCastle's table multiplier.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe; every call is a separate operation.
 *
 * <p><b>Security:</b> the S-box look-ups make SM4 cache-timing sensitive (as BouncyCastle's
 * {@code SM4Engine} is). Never reuse an IV with the same key in CTR or GCM: it reveals the XOR of
 * the plaintexts and, in GCM, lets an attacker forge. ECB and CBC are not authenticated; a CBC
 * decryption that reports padding errors to an attacker is a padding oracle, so authenticate
 * CBC ciphertexts (SM3-HMAC, {@link Sm3Hmac}) before decrypting them, or use GCM. A streamed
 * GCM decryption writes plaintext before the tag is checked at the end: when it throws, discard
 * everything written. The object holds the expanded key in memory until it is garbage
 * collected.
 */
public final class Sm4Cipher {
  /** Largest GCM IV accepted; SP 800-38D allows more, nobody uses more. */
  private static final int MAX_GCM_IV = 128;
  private static final int STREAM_CHUNK = 64 * 1024;

  private final Sm4Mode mode;
  private final Sm4Engine engine;
  private final boolean padding;

  private Sm4Cipher(Sm4Mode mode, Sm4Engine engine, boolean padding) {
    this.mode = mode;
    this.engine = engine;
    this.padding = padding;
  }

  /**
   * A cipher for a mode and key; ECB and CBC pad with PKCS#7.
   *
   * @param mode the mode
   * @param key 16 bytes; copied into round keys, not retained
   * @return the cipher
   * @throws IllegalArgumentException if the key is not 16 bytes
   */
  public static Sm4Cipher create(Sm4Mode mode, byte[] key) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(key, "key");
    return new Sm4Cipher(mode, new Sm4Engine(key), mode.isBlockMode());
  }

  /**
   * The same cipher without padding (ECB and CBC only): messages must then be whole blocks, as
   * for keys wrapped in a GM/T 0009 {@code SM2EnvelopedKey} or {@code openssl enc -nopad}.
   *
   * @return a cipher sharing this one's round keys
   * @throws IllegalStateException if the mode is CTR or GCM, which never pad
   */
  public Sm4Cipher withoutPadding() {
    if (!mode.isBlockMode()) {
      throw new IllegalStateException(mode + " does not pad");
    }
    return new Sm4Cipher(mode, engine, false);
  }

  /**
   * The mode.
   *
   * @return the mode
   */
  public Sm4Mode mode() {
    return mode;
  }

  /**
   * Whether ECB/CBC messages are PKCS#7 padded.
   *
   * @return true unless {@link #withoutPadding()} was used or the mode never pads
   */
  public boolean isPadded() {
    return padding;
  }

  /**
   * Encrypts a message without AAD.
   *
   * @param iv the IV (see the class description); {@code null} or empty for ECB
   * @param plaintext the message
   * @return the ciphertext (GCM: with the 16-byte tag appended)
   */
  public byte[] encrypt(byte[] iv, byte[] plaintext) {
    return encrypt(iv, null, plaintext);
  }

  /**
   * Encrypts a message.
   *
   * @param iv the IV; {@code null} or empty for ECB
   * @param aad additional authenticated data for GCM; {@code null} or empty otherwise
   * @param plaintext the message
   * @return the ciphertext (GCM: with the 16-byte tag appended)
   */
  public byte[] encrypt(byte[] iv, byte[] aad, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    Sm4Operation op = start(true, iv, aad);
    int len = plaintext.length;
    int outLen;
    if (padding) {
      outLen = (len / 16 + 1) * 16;
    } else if (mode == Sm4Mode.GCM) {
      outLen = len + Sm4GcmOperation.TAG_SIZE;
    } else {
      if (mode.isBlockMode() && len % 16 != 0) {
        throw new IllegalArgumentException("SM4-" + mode + " without padding needs a multiple"
            + " of 16 bytes, was " + len);
      }
      outLen = len;
    }
    byte[] out = new byte[outLen];
    int n = op.update(plaintext, 0, len, out, 0);
    try {
      op.doFinal(out, n);
    } catch (UKeyException e) {
      throw new IllegalStateException("encryption cannot fail", e);
    }
    return out;
  }

  /**
   * Decrypts a message without AAD.
   *
   * @param iv the IV; {@code null} or empty for ECB
   * @param ciphertext the ciphertext
   * @return the plaintext
   * @throws InvalidEncodingException if the length cannot be a ciphertext of this mode
   * @throws DecryptionFailedException if the GCM tag or the padding is wrong
   */
  public byte[] decrypt(byte[] iv, byte[] ciphertext) throws UKeyException {
    return decrypt(iv, null, ciphertext);
  }

  /**
   * Decrypts a message.
   *
   * @param iv the IV; {@code null} or empty for ECB
   * @param aad additional authenticated data for GCM; {@code null} or empty otherwise
   * @param ciphertext the ciphertext
   * @return the plaintext
   * @throws InvalidEncodingException if the length cannot be a ciphertext of this mode
   * @throws DecryptionFailedException if the GCM tag or the padding is wrong
   */
  public byte[] decrypt(byte[] iv, byte[] aad, byte[] ciphertext) throws UKeyException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Sm4Operation op = start(false, iv, aad);
    int len = ciphertext.length;
    String what = "SM4-" + mode + " ciphertext";
    if (mode.isBlockMode() && (len % 16 != 0 || (padding && len == 0))) {
      throw new InvalidEncodingException(what, -1, "length " + len
          + " is not a " + (padding ? "positive " : "") + "multiple of the 16-byte block");
    }
    if (mode == Sm4Mode.GCM && len < Sm4GcmOperation.TAG_SIZE) {
      throw new InvalidEncodingException(what, -1,
          "length " + len + " is shorter than the 16-byte authentication tag");
    }
    byte[] out = new byte[mode == Sm4Mode.GCM ? len - Sm4GcmOperation.TAG_SIZE : len];
    int n = op.update(ciphertext, 0, len, out, 0);
    try {
      n += op.doFinal(out, n);
    } catch (UKeyException e) {
      Arrays.fill(out, (byte) 0);
      throw e;
    }
    if (n == out.length) {
      return out;
    }
    byte[] trimmed = Arrays.copyOf(out, n);
    Arrays.fill(out, (byte) 0);
    return trimmed;
  }

  /**
   * Encrypts everything read from {@code in} to {@code out}, in constant memory. Reads to the
   * end; closes neither stream.
   *
   * @param iv the IV; {@code null} or empty for ECB
   * @param aad additional authenticated data for GCM; {@code null} or empty otherwise
   * @param in the plaintext
   * @param out receives the ciphertext (GCM: followed by the tag)
   * @return the number of bytes written
   * @throws IOException if reading or writing fails
   */
  public long encrypt(byte[] iv, byte[] aad, InputStream in, OutputStream out)
      throws IOException {
    try {
      return stream(start(true, iv, aad), in, out);
    } catch (UKeyException e) {
      throw new IllegalStateException("encryption cannot fail", e);
    }
  }

  /**
   * Decrypts everything read from {@code in} to {@code out}, in constant memory. Reads to the
   * end; closes neither stream.
   *
   * <p><b>Security:</b> in GCM the plaintext is written as it is decrypted and the tag is
   * checked at the end; if this throws, everything written is unauthenticated and must be
   * discarded (write to a temporary file and move it into place only on success).
   *
   * @param iv the IV; {@code null} or empty for ECB
   * @param aad additional authenticated data for GCM; {@code null} or empty otherwise
   * @param in the ciphertext
   * @param out receives the plaintext
   * @return the number of bytes written
   * @throws IOException if reading or writing fails
   * @throws InvalidEncodingException if the length cannot be a ciphertext of this mode
   * @throws DecryptionFailedException if the GCM tag or the padding is wrong
   */
  public long decrypt(byte[] iv, byte[] aad, InputStream in, OutputStream out)
      throws IOException, UKeyException {
    return stream(start(false, iv, aad), in, out);
  }

  private static long stream(Sm4Operation op, InputStream in, OutputStream out)
      throws IOException, UKeyException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    byte[] buf = new byte[STREAM_CHUNK];
    byte[] result = new byte[STREAM_CHUNK + 32];
    long total = 0;
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        int m = op.update(buf, 0, n, result, 0);
        out.write(result, 0, m);
        total += m;
      }
      int m = op.doFinal(result, 0);
      out.write(result, 0, m);
      return total + m;
    } finally {
      Arrays.fill(buf, (byte) 0);
      Arrays.fill(result, (byte) 0);
    }
  }

  private Sm4Operation start(boolean encrypt, byte[] iv, byte[] aad) {
    byte[] nonce = iv == null ? new byte[0] : iv;
    byte[] data = aad == null ? new byte[0] : aad;
    if (mode != Sm4Mode.GCM && data.length != 0) {
      throw new IllegalArgumentException("SM4-" + mode + " takes no AAD; only GCM does");
    }
    switch (mode) {
      case ECB:
        if (nonce.length != 0) {
          throw new IllegalArgumentException("SM4-ECB takes no IV, was given " + nonce.length
              + " bytes");
        }
        return new Sm4BlockOperation(engine, encrypt, false, padding, nonce);
      case CBC:
        requireIv(nonce, 16);
        return new Sm4BlockOperation(engine, encrypt, true, padding, nonce);
      case CTR:
        requireIv(nonce, 16);
        return new Sm4CtrOperation(engine, nonce);
      default:
        if (nonce.length < 1 || nonce.length > MAX_GCM_IV) {
          throw new IllegalArgumentException("SM4-GCM IV must be 1 to " + MAX_GCM_IV
              + " bytes (12 recommended), was " + nonce.length);
        }
        return new Sm4GcmOperation(engine, encrypt, nonce, data);
    }
  }

  private void requireIv(byte[] iv, int length) {
    if (iv.length != length) {
      throw new IllegalArgumentException("SM4-" + mode + " IV must be " + length
          + " bytes, was " + iv.length);
    }
  }

  @Override
  public String toString() {
    return "Sm4Cipher[" + mode + (mode.isBlockMode() ? (padding ? "/PKCS7" : "/NoPadding") : "")
        + "]";
  }
}
