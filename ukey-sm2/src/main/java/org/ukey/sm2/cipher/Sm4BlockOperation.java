package org.ukey.sm2.cipher;

import static org.ukey.sm2.cipher.Sm4Engine.BLOCK_SIZE;
import static org.ukey.sm2.cipher.Sm4Engine.INT_BE;

import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * ECB and CBC (GB/T 17964-2021 §6–7, the GM block-cipher modes; NIST SP 800-38A §6.1–6.2), with
 * or without PKCS#7 padding (RFC 5652 §6.3, as {@code openssl enc} pads).
 */
final class Sm4BlockOperation extends Sm4Operation {
  private final Sm4Engine engine;
  private final boolean encrypt;
  private final boolean cbc;
  private final boolean padding;
  private final String name;
  private final byte[] buffer = new byte[BLOCK_SIZE];
  private int buffered;
  private int v0;
  private int v1;
  private int v2;
  private int v3;

  Sm4BlockOperation(Sm4Engine engine, boolean encrypt, boolean cbc, boolean padding, byte[] iv) {
    this.engine = engine;
    this.encrypt = encrypt;
    this.cbc = cbc;
    this.padding = padding;
    this.name = cbc ? "SM4-CBC ciphertext" : "SM4-ECB ciphertext";
    if (cbc) {
      v0 = (int) INT_BE.get(iv, 0);
      v1 = (int) INT_BE.get(iv, 4);
      v2 = (int) INT_BE.get(iv, 8);
      v3 = (int) INT_BE.get(iv, 12);
    }
  }

  @Override
  int update(byte[] in, int inOff, int len, byte[] out, int outOff) {
    int written = 0;
    // A padded decryption must keep the last block back until doFinal, to strip the padding.
    boolean holdBack = !encrypt && padding;
    if (buffered > 0 || len < BLOCK_SIZE) {
      int take = Math.min(BLOCK_SIZE - buffered, len);
      if (buffered == BLOCK_SIZE && holdBack && len > 0) {
        take = 0;
      }
      System.arraycopy(in, inOff, buffer, buffered, take);
      buffered += take;
      inOff += take;
      len -= take;
      if (buffered == BLOCK_SIZE && (!holdBack || len > 0)) {
        block(buffer, 0, out, outOff);
        written = BLOCK_SIZE;
        outOff += BLOCK_SIZE;
        buffered = 0;
      }
      if (len == 0) {
        return written;
      }
    }
    int full = len / BLOCK_SIZE * BLOCK_SIZE;
    if (holdBack && full == len) {
      full -= BLOCK_SIZE;
    }
    for (int i = 0; i < full; i += BLOCK_SIZE) {
      block(in, inOff + i, out, outOff + i);
    }
    int rest = len - full;
    System.arraycopy(in, inOff + full, buffer, 0, rest);
    buffered = rest;
    return written + full;
  }

  private void block(byte[] in, int inOff, byte[] out, int outOff) {
    if (!cbc) {
      if (encrypt) {
        engine.encryptBlock(in, inOff, out, outOff);
      } else {
        engine.decryptBlock(in, inOff, out, outOff);
      }
      return;
    }
    if (encrypt) {
      engine.encryptInts(v0 ^ (int) INT_BE.get(in, inOff), v1 ^ (int) INT_BE.get(in, inOff + 4),
          v2 ^ (int) INT_BE.get(in, inOff + 8), v3 ^ (int) INT_BE.get(in, inOff + 12), out,
          outOff);
      v0 = (int) INT_BE.get(out, outOff);
      v1 = (int) INT_BE.get(out, outOff + 4);
      v2 = (int) INT_BE.get(out, outOff + 8);
      v3 = (int) INT_BE.get(out, outOff + 12);
    } else {
      int c0 = (int) INT_BE.get(in, inOff);
      int c1 = (int) INT_BE.get(in, inOff + 4);
      int c2 = (int) INT_BE.get(in, inOff + 8);
      int c3 = (int) INT_BE.get(in, inOff + 12);
      engine.decryptXor(in, inOff, out, outOff, v0, v1, v2, v3);
      v0 = c0;
      v1 = c1;
      v2 = c2;
      v3 = c3;
    }
  }

  @Override
  int doFinal(byte[] out, int outOff) throws UKeyException {
    if (encrypt) {
      if (!padding) {
        if (buffered != 0) {
          throw new IllegalArgumentException("SM4 without padding needs a multiple of 16 bytes");
        }
        return 0;
      }
      int pad = BLOCK_SIZE - buffered;
      for (int i = buffered; i < BLOCK_SIZE; i++) {
        buffer[i] = (byte) pad;
      }
      block(buffer, 0, out, outOff);
      buffered = 0;
      return BLOCK_SIZE;
    }
    if (!padding) {
      if (buffered != 0) {
        throw new InvalidEncodingException(name, -1,
            "length is not a multiple of the 16-byte block");
      }
      return 0;
    }
    if (buffered != BLOCK_SIZE) {
      throw new InvalidEncodingException(name, -1,
          "length is not a positive multiple of the 16-byte block");
    }
    block(buffer, 0, buffer, 0);
    buffered = 0;
    // PKCS#7: the last byte p is 1..16 and the last p bytes all equal p. Checked without an
    // early exit so that the time taken does not say which byte was wrong.
    int pad = buffer[BLOCK_SIZE - 1] & 0xff;
    int bad = (pad - 1) >>> 31 | (BLOCK_SIZE - pad) >>> 31;
    for (int i = 0; i < BLOCK_SIZE; i++) {
      int inPad = (BLOCK_SIZE - 1 - i - pad) >>> 31; // 1 when i >= 16 - pad
      bad |= inPad & (((buffer[i] & 0xff) ^ pad) + 0xff) >>> 8;
    }
    if (bad != 0) {
      java.util.Arrays.fill(buffer, (byte) 0);
      throw new DecryptionFailedException(
          (cbc ? "SM4-CBC" : "SM4-ECB") + " padding is invalid: wrong key or IV, or tampered");
    }
    int n = BLOCK_SIZE - pad;
    System.arraycopy(buffer, 0, out, outOff, n);
    java.util.Arrays.fill(buffer, (byte) 0);
    return n;
  }
}
