package org.ukey.sm2.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The SM4 block cipher (GB/T 32907-2016, formerly GM/T 0002-2012): 128-bit blocks, 128-bit
 * keys, 32 rounds. Round keys are expanded once per key; a block is four {@code int}s and no
 * call allocates.
 *
 * <p>Each round computes T(x) = L(τ(x)) (§6.2): τ applies the S-box to the four bytes of x and L
 * is x ⊕ (x⋘2) ⊕ (x⋘10) ⊕ (x⋘18) ⊕ (x⋘24). Because L is linear and commutes with byte
 * rotations, T is the XOR of four table look-ups, T0[b0] ⊕ T1[b1] ⊕ T2[b2] ⊕ T3[b3], where
 * Tj[b] = L(S[b] shifted to byte j); the four 1 KiB tables are built at class load from the
 * S-box.
 *
 * <p><b>Security:</b> the table look-ups are indexed by secret-dependent bytes, so this
 * implementation is cache-timing sensitive, as are BouncyCastle's {@code SM4Engine} and most
 * software SM4 without AES-NI/SM4-NI tricks. Do not use it where an attacker can run code on
 * the same CPU and measure cache timing at high resolution.
 *
 * <p><b>Thread-safety:</b> immutable after construction; thread-safe.
 */
final class Sm4Engine {
  static final int BLOCK_SIZE = 16;
  static final int KEY_SIZE = 16;

  static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** The S-box, GB/T 32907-2016 §6.2 Table 1 (identical in GM/T 0002-2012 §6.2). */
  private static final byte[] SBOX = hex(
      "d690e9fecce13db716b614c228fb2c052b679a762abe04c3aa441326498606999c4250f491ef987a33540b43"
      + "edcfac62e4b31ca9c908e89580df94fa758f3fa64707a7fcf37317ba83593c19e6854fa8686b81b27164da8b"
      + "f8eb0f4b70569d351e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89eeabf8ad2"
      + "40c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e31df6e22e8266ca60c02923ab0d534e6f"
      + "d5db3745defd8e2f03ff6a726d6c5b518d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012"
      + "b8e5b4b08969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948");

  /** System parameter FK, §7.3. */
  private static final int[] FK = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};

  private static final int[] T0 = new int[256];
  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      int s = SBOX[b] & 0xff;
      int l = linear(s << 24);
      T0[b] = l;
      T1[b] = Integer.rotateRight(l, 8);
      T2[b] = Integer.rotateRight(l, 16);
      T3[b] = Integer.rotateRight(l, 24);
    }
  }

  private final int[] encryptionKeys = new int[32];
  private final int[] decryptionKeys = new int[32];

  /**
   * Expands a key.
   *
   * @param key 16 bytes; not retained
   */
  Sm4Engine(byte[] key) {
    if (key.length != KEY_SIZE) {
      throw new IllegalArgumentException("SM4 key must be 16 bytes, was " + key.length);
    }
    // Key expansion, §7.3: K0..K3 = MK ⊕ FK; rk_i = K_{i+4} = K_i ⊕ T'(K_{i+1} ⊕ K_{i+2} ⊕
    // K_{i+3} ⊕ CK_i), where T' uses L'(x) = x ⊕ (x⋘13) ⊕ (x⋘23) and
    // CK_i has bytes ck_{i,j} = (4i + j) × 7 mod 256.
    int k0 = (int) INT_BE.get(key, 0) ^ FK[0];
    int k1 = (int) INT_BE.get(key, 4) ^ FK[1];
    int k2 = (int) INT_BE.get(key, 8) ^ FK[2];
    int k3 = (int) INT_BE.get(key, 12) ^ FK[3];
    for (int i = 0; i < 32; i++) {
      int ck = 0;
      for (int j = 0; j < 4; j++) {
        ck = (ck << 8) | (((4 * i + j) * 7) & 0xff);
      }
      int x = tau(k1 ^ k2 ^ k3 ^ ck);
      int rk = k0 ^ x ^ Integer.rotateLeft(x, 13) ^ Integer.rotateLeft(x, 23);
      encryptionKeys[i] = rk;
      decryptionKeys[31 - i] = rk;
      k0 = k1;
      k1 = k2;
      k2 = k3;
      k3 = rk;
    }
  }

  /** The round keys, for the known-answer test of the key schedule. */
  int[] roundKeys() {
    return encryptionKeys.clone();
  }

  void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
    crypt(encryptionKeys, in, inOff, out, outOff);
  }

  void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
    crypt(decryptionKeys, in, inOff, out, outOff);
  }

  /**
   * Encrypts the block {@code (x0, x1, x2, x3)} and XORs the result with 16 bytes of {@code in}
   * into {@code out}: the keystream step of CTR and GCM without a keystream buffer. {@code in}
   * and {@code out} may be the same region.
   */
  void encryptXor(int x0, int x1, int x2, int x3, byte[] in, int inOff, byte[] out, int outOff) {
    int[] rk = encryptionKeys;
    for (int i = 0; i < 32; i += 4) {
      // The word computed last is XORed in last, so the rest is ready before it is.
      x0 ^= t(x1 ^ x2 ^ rk[i] ^ x3);
      x1 ^= t(x2 ^ x3 ^ rk[i + 1] ^ x0);
      x2 ^= t(x3 ^ x0 ^ rk[i + 2] ^ x1);
      x3 ^= t(x0 ^ x1 ^ rk[i + 3] ^ x2);
    }
    INT_BE.set(out, outOff, x3 ^ (int) INT_BE.get(in, inOff));
    INT_BE.set(out, outOff + 4, x2 ^ (int) INT_BE.get(in, inOff + 4));
    INT_BE.set(out, outOff + 8, x1 ^ (int) INT_BE.get(in, inOff + 8));
    INT_BE.set(out, outOff + 12, x0 ^ (int) INT_BE.get(in, inOff + 12));
  }

  /**
   * {@link #encryptXor} for two blocks at once, {@code (x0..x3)} and {@code (y0..y3)} over 32
   * bytes: the two independent round chains interleave, which hides the table look-ups'
   * latency (CTR and GCM have independent blocks).
   */
  void encryptXor2(int x0, int x1, int x2, int x3, int y0, int y1, int y2, int y3, byte[] in,
      int inOff, byte[] out, int outOff) {
    int[] rk = encryptionKeys;
    for (int i = 0; i < 32; i += 4) {
      int k0 = rk[i];
      int k1 = rk[i + 1];
      int k2 = rk[i + 2];
      int k3 = rk[i + 3];
      x0 ^= t(x1 ^ x2 ^ k0 ^ x3);
      y0 ^= t(y1 ^ y2 ^ k0 ^ y3);
      x1 ^= t(x2 ^ x3 ^ k1 ^ x0);
      y1 ^= t(y2 ^ y3 ^ k1 ^ y0);
      x2 ^= t(x3 ^ x0 ^ k2 ^ x1);
      y2 ^= t(y3 ^ y0 ^ k2 ^ y1);
      x3 ^= t(x0 ^ x1 ^ k3 ^ x2);
      y3 ^= t(y0 ^ y1 ^ k3 ^ y2);
    }
    INT_BE.set(out, outOff, x3 ^ (int) INT_BE.get(in, inOff));
    INT_BE.set(out, outOff + 4, x2 ^ (int) INT_BE.get(in, inOff + 4));
    INT_BE.set(out, outOff + 8, x1 ^ (int) INT_BE.get(in, inOff + 8));
    INT_BE.set(out, outOff + 12, x0 ^ (int) INT_BE.get(in, inOff + 12));
    INT_BE.set(out, outOff + 16, y3 ^ (int) INT_BE.get(in, inOff + 16));
    INT_BE.set(out, outOff + 20, y2 ^ (int) INT_BE.get(in, inOff + 20));
    INT_BE.set(out, outOff + 24, y1 ^ (int) INT_BE.get(in, inOff + 24));
    INT_BE.set(out, outOff + 28, y0 ^ (int) INT_BE.get(in, inOff + 28));
  }

  /** Encrypts the block {@code (x0, x1, x2, x3)} into 16 bytes of {@code out}. */
  void encryptInts(int x0, int x1, int x2, int x3, byte[] out, int outOff) {
    int[] rk = encryptionKeys;
    for (int i = 0; i < 32; i += 4) {
      // The word computed last is XORed in last, so the rest is ready before it is.
      x0 ^= t(x1 ^ x2 ^ rk[i] ^ x3);
      x1 ^= t(x2 ^ x3 ^ rk[i + 1] ^ x0);
      x2 ^= t(x3 ^ x0 ^ rk[i + 2] ^ x1);
      x3 ^= t(x0 ^ x1 ^ rk[i + 3] ^ x2);
    }
    INT_BE.set(out, outOff, x3);
    INT_BE.set(out, outOff + 4, x2);
    INT_BE.set(out, outOff + 8, x1);
    INT_BE.set(out, outOff + 12, x0);
  }

  /**
   * Decrypts 16 bytes of {@code in} and XORs the result with {@code (m0, m1, m2, m3)} into
   * {@code out}: one CBC decryption step. {@code in} and {@code out} may be the same region.
   */
  void decryptXor(byte[] in, int inOff, byte[] out, int outOff, int m0, int m1, int m2, int m3) {
    int[] rk = decryptionKeys;
    int x0 = (int) INT_BE.get(in, inOff);
    int x1 = (int) INT_BE.get(in, inOff + 4);
    int x2 = (int) INT_BE.get(in, inOff + 8);
    int x3 = (int) INT_BE.get(in, inOff + 12);
    for (int i = 0; i < 32; i += 4) {
      // The word computed last is XORed in last, so the rest is ready before it is.
      x0 ^= t(x1 ^ x2 ^ rk[i] ^ x3);
      x1 ^= t(x2 ^ x3 ^ rk[i + 1] ^ x0);
      x2 ^= t(x3 ^ x0 ^ rk[i + 2] ^ x1);
      x3 ^= t(x0 ^ x1 ^ rk[i + 3] ^ x2);
    }
    INT_BE.set(out, outOff, x3 ^ m0);
    INT_BE.set(out, outOff + 4, x2 ^ m1);
    INT_BE.set(out, outOff + 8, x1 ^ m2);
    INT_BE.set(out, outOff + 12, x0 ^ m3);
  }

  /**
   * The round function F and reverse transform R, §7.1–7.2: X_{i+4} = X_i ⊕ T(X_{i+1} ⊕ X_{i+2}
   * ⊕ X_{i+3} ⊕ rk_i); output (X35, X34, X33, X32). Decryption is the same with the round keys
   * reversed.
   */
  private static void crypt(int[] rk, byte[] in, int inOff, byte[] out, int outOff) {
    int x0 = (int) INT_BE.get(in, inOff);
    int x1 = (int) INT_BE.get(in, inOff + 4);
    int x2 = (int) INT_BE.get(in, inOff + 8);
    int x3 = (int) INT_BE.get(in, inOff + 12);
    for (int i = 0; i < 32; i += 4) {
      // The word computed last is XORed in last, so the rest is ready before it is.
      x0 ^= t(x1 ^ x2 ^ rk[i] ^ x3);
      x1 ^= t(x2 ^ x3 ^ rk[i + 1] ^ x0);
      x2 ^= t(x3 ^ x0 ^ rk[i + 2] ^ x1);
      x3 ^= t(x0 ^ x1 ^ rk[i + 3] ^ x2);
    }
    INT_BE.set(out, outOff, x3);
    INT_BE.set(out, outOff + 4, x2);
    INT_BE.set(out, outOff + 8, x1);
    INT_BE.set(out, outOff + 12, x0);
  }

  private static int t(int x) {
    // Two levels of XOR rather than three: the four look-ups run in parallel.
    return (T0[x >>> 24] ^ T1[(x >>> 16) & 0xff]) ^ (T2[(x >>> 8) & 0xff] ^ T3[x & 0xff]);
  }

  private static int tau(int x) {
    return (SBOX[x >>> 24] & 0xff) << 24 | (SBOX[(x >>> 16) & 0xff] & 0xff) << 16
        | (SBOX[(x >>> 8) & 0xff] & 0xff) << 8 | (SBOX[x & 0xff] & 0xff);
  }

  private static int linear(int b) {
    return b ^ Integer.rotateLeft(b, 2) ^ Integer.rotateLeft(b, 10) ^ Integer.rotateLeft(b, 18)
        ^ Integer.rotateLeft(b, 24);
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
