package org.ukey.sm2.cipher;

import static org.ukey.sm2.cipher.Sm4Engine.BLOCK_SIZE;
import static org.ukey.sm2.cipher.Sm4Engine.INT_BE;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables8kGCMMultiplier;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * GCM (NIST SP 800-38D; for SM4, RFC 8998 §3.2 and GB/T 36624-2018): CTR encryption from
 * inc32(J0) and a 16-byte GHASH tag over the AAD and the ciphertext. The ciphertext is
 * {@code C ‖ T}. GHASH multiplies with BouncyCastle's 8 KiB-table multiplier.
 */
final class Sm4GcmOperation extends Sm4Operation {
  static final int TAG_SIZE = 16;
  /** SP 800-38D §5.2.1.1: at most 2^39 − 256 bits of plaintext under one IV. */
  private static final long MAX_TEXT = (1L << 36) - 32;

  private final Sm4Engine engine;
  private final boolean encrypt;
  private final GCMMultiplier multiplier = new Tables8kGCMMultiplier();
  private final byte[] hash = new byte[BLOCK_SIZE];
  private final byte[] tagMask = new byte[BLOCK_SIZE];
  private final byte[] keystream = new byte[BLOCK_SIZE];
  private final byte[] block = new byte[BLOCK_SIZE];
  private final byte[] held = new byte[TAG_SIZE];
  private final long aadLength;
  private int partial;
  private int heldLength;
  private long textLength;
  private final int c0;
  private final int c1;
  private final int c2;
  private int c3;

  Sm4GcmOperation(Sm4Engine engine, boolean encrypt, byte[] iv, byte[] aad) {
    this.engine = engine;
    this.encrypt = encrypt;
    byte[] h = new byte[BLOCK_SIZE];
    engine.encryptInts(0, 0, 0, 0, h, 0);
    multiplier.init(h);
    byte[] j0 = new byte[BLOCK_SIZE];
    if (iv.length == 12) {
      System.arraycopy(iv, 0, j0, 0, 12);
      j0[15] = 1;
    } else {
      // J0 = GHASH(IV ‖ 0^(s+64) ‖ [len(IV)]_64), SP 800-38D §7.1 step 2.
      absorb(j0, iv, 0, iv.length);
      byte[] lengths = new byte[BLOCK_SIZE];
      long bits = (long) iv.length * 8;
      INT_BE.set(lengths, 8, (int) (bits >>> 32));
      INT_BE.set(lengths, 12, (int) bits);
      xorBlock(j0, lengths, 0);
      multiplier.multiplyH(j0);
    }
    engine.encryptInts((int) INT_BE.get(j0, 0), (int) INT_BE.get(j0, 4),
        (int) INT_BE.get(j0, 8), (int) INT_BE.get(j0, 12), tagMask, 0);
    c0 = (int) INT_BE.get(j0, 0);
    c1 = (int) INT_BE.get(j0, 4);
    c2 = (int) INT_BE.get(j0, 8);
    c3 = (int) INT_BE.get(j0, 12) + 1;
    absorb(hash, aad, 0, aad.length);
    aadLength = aad.length;
  }

  /** GHASH of whole data padded with zeros to a block boundary into {@code x}. */
  private void absorb(byte[] x, byte[] data, int off, int len) {
    int i = 0;
    for (; i + BLOCK_SIZE <= len; i += BLOCK_SIZE) {
      xorBlock(x, data, off + i);
      multiplier.multiplyH(x);
    }
    if (i < len) {
      for (int j = 0; i + j < len; j++) {
        x[j] ^= data[off + i + j];
      }
      multiplier.multiplyH(x);
    }
  }

  private static void xorBlock(byte[] x, byte[] data, int off) {
    INT_BE.set(x, 0, (int) INT_BE.get(x, 0) ^ (int) INT_BE.get(data, off));
    INT_BE.set(x, 4, (int) INT_BE.get(x, 4) ^ (int) INT_BE.get(data, off + 4));
    INT_BE.set(x, 8, (int) INT_BE.get(x, 8) ^ (int) INT_BE.get(data, off + 8));
    INT_BE.set(x, 12, (int) INT_BE.get(x, 12) ^ (int) INT_BE.get(data, off + 12));
  }

  @Override
  int update(byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (encrypt) {
      return crypt(in, inOff, len, out, outOff);
    }
    // Decryption keeps the last 16 bytes back: they may be the tag.
    if (heldLength + len <= TAG_SIZE) {
      System.arraycopy(in, inOff, held, heldLength, len);
      heldLength += len;
      return 0;
    }
    int written = 0;
    int fromHeld = Math.min(heldLength, heldLength + len - TAG_SIZE);
    if (fromHeld > 0) {
      written = crypt(held, 0, fromHeld, out, outOff);
      System.arraycopy(held, fromHeld, held, 0, heldLength - fromHeld);
      heldLength -= fromHeld;
    }
    int fromInput = len - (TAG_SIZE - heldLength);
    if (fromInput > 0) {
      written += crypt(in, inOff, fromInput, out, outOff + written);
    } else {
      fromInput = 0;
    }
    System.arraycopy(in, inOff + fromInput, held, heldLength, len - fromInput);
    heldLength += len - fromInput;
    return written;
  }

  /** CTR with inc32 and GHASH over the ciphertext, for any length and alignment. */
  private int crypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
    textLength += len;
    if (textLength > MAX_TEXT) {
      throw new IllegalStateException("SM4-GCM message longer than 2^36 - 32 bytes");
    }
    int done = 0;
    while (partial > 0 && done < len) {
      byte c = encrypt ? (byte) (in[inOff + done] ^ keystream[partial]) : in[inOff + done];
      byte p = encrypt ? c : (byte) (c ^ keystream[partial]);
      block[partial++] = c;
      out[outOff + done++] = encrypt ? c : p;
      if (partial == BLOCK_SIZE) {
        xorBlock(hash, block, 0);
        multiplier.multiplyH(hash);
        partial = 0;
      }
    }
    for (; len - done >= 2 * BLOCK_SIZE; done += 2 * BLOCK_SIZE) {
      // Two blocks per step so the cipher's round chains interleave; inc32 wraps mod 2^32.
      if (!encrypt) {
        xorBlock(hash, in, inOff + done);
        multiplier.multiplyH(hash);
        xorBlock(hash, in, inOff + done + BLOCK_SIZE);
        multiplier.multiplyH(hash);
      }
      engine.encryptXor2(c0, c1, c2, c3, c0, c1, c2, c3 + 1, in, inOff + done, out,
          outOff + done);
      c3 += 2;
      if (encrypt) {
        xorBlock(hash, out, outOff + done);
        multiplier.multiplyH(hash);
        xorBlock(hash, out, outOff + done + BLOCK_SIZE);
        multiplier.multiplyH(hash);
      }
    }
    for (; len - done >= BLOCK_SIZE; done += BLOCK_SIZE) {
      if (!encrypt) {
        xorBlock(hash, in, inOff + done);
        multiplier.multiplyH(hash);
      }
      engine.encryptXor(c0, c1, c2, c3++, in, inOff + done, out, outOff + done);
      if (encrypt) {
        xorBlock(hash, out, outOff + done);
        multiplier.multiplyH(hash);
      }
    }
    if (done < len) {
      engine.encryptInts(c0, c1, c2, c3++, keystream, 0);
      Arrays.fill(block, (byte) 0);
      while (done < len) {
        byte c = encrypt ? (byte) (in[inOff + done] ^ keystream[partial]) : in[inOff + done];
        byte p = encrypt ? c : (byte) (c ^ keystream[partial]);
        block[partial++] = c;
        out[outOff + done++] = encrypt ? c : p;
      }
    }
    return len;
  }

  @Override
  int doFinal(byte[] out, int outOff) throws UKeyException {
    if (!encrypt && heldLength < TAG_SIZE) {
      throw new InvalidEncodingException("SM4-GCM ciphertext", -1,
          "shorter than the 16-byte authentication tag");
    }
    if (partial > 0) {
      for (int i = partial; i < BLOCK_SIZE; i++) {
        block[i] = 0;
      }
      xorBlock(hash, block, 0);
      multiplier.multiplyH(hash);
    }
    byte[] lengths = new byte[BLOCK_SIZE];
    long aadBits = aadLength * 8;
    long textBits = textLength * 8;
    INT_BE.set(lengths, 0, (int) (aadBits >>> 32));
    INT_BE.set(lengths, 4, (int) aadBits);
    INT_BE.set(lengths, 8, (int) (textBits >>> 32));
    INT_BE.set(lengths, 12, (int) textBits);
    xorBlock(hash, lengths, 0);
    multiplier.multiplyH(hash);
    xorBlock(hash, tagMask, 0);
    Arrays.fill(keystream, (byte) 0);
    if (encrypt) {
      System.arraycopy(hash, 0, out, outOff, TAG_SIZE);
      return TAG_SIZE;
    }
    if (!MessageDigest.isEqual(hash, held)) {
      throw new DecryptionFailedException(
          "SM4-GCM authentication tag does not match: wrong key, IV or AAD, or tampered");
    }
    return 0;
  }
}
