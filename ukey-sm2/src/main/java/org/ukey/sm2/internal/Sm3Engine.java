package org.ukey.sm2.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.util.Memoable;

/**
 * SM3, the 256-bit hash of GB/T 32905-2016, written for speed and usable wherever BouncyCastle
 * takes a {@link org.bouncycastle.crypto.Digest}: as a drop-in for {@code new SM3Digest()} and
 * (through {@link #copy()} and {@link #Sm3Engine(Sm3Engine)}) for its copy constructor, inside
 * {@code HMac}, {@code SM2Signer} and {@code PKCS5S2ParametersGenerator}.
 *
 * <p>Following the standard:
 *
 * <ul>
 *   <li>§4.1 the initial value IV = 7380166f 4914b2b9 172442d7 da8a0600 a96f30bc 163138aa
 *       e38dee4d b0fb0e4e;
 *   <li>§4.2 the constants T<sub>j</sub> (79cc4519 for rounds 0–15, 7a879d8a for 16–63), here
 *       precomputed already rotated by j mod 32 as each round uses them;
 *   <li>§4.3 the Boolean functions FF<sub>j</sub>, GG<sub>j</sub> (XOR of three words in rounds
 *       0–15; majority and choice in 16–63) and §4.4 the permutations P<sub>0</sub>,
 *       P<sub>1</sub>;
 *   <li>§5.2 padding: a 1 bit, zeros, and the 64-bit big-endian message length in bits, so that
 *       the padded length is a multiple of 512 bits;
 *   <li>§5.3.2 message expansion of each 512-bit block to W<sub>0</sub>…W<sub>67</sub>, done on
 *       the fly in a window of sixteen {@code int} locals, each W<sub>k</sub> computed four rounds
 *       before it is first needed (W′<sub>j</sub> = W<sub>j</sub> ⊕ W<sub>j+4</sub> is formed in
 *       the round that uses it);
 *   <li>§5.3.3 the compression function CF with its 64 rounds, unrolled sixteen at a time so that
 *       the register shuffle A…H costs no moves and the window needs no indexing, and
 *       V<sub>i+1</sub> = ABCDEFGH ⊕ V<sub>i</sub>;
 *   <li>§5.4 the hash value y = V<sub>n</sub>, output big-endian.
 * </ul>
 *
 * <p>The chaining value is kept in eight {@code int} fields (in locals while a run of blocks is
 * compressed), nothing is allocated per block, words are loaded big-endian through a byte-array
 * view, and {@link #update(byte[], int, int)} compresses whole blocks straight from the caller's
 * array. Appendix A of the standard gives the known answers the tests check; BouncyCastle's
 * {@code SM3Digest} is the cross-check on random data.
 *
 * <p><b>Thread-safety:</b> not thread-safe, like any digest: one instance per thread or per
 * message; {@link #copy()} gives an independent instance.
 *
 * <p><b>Security:</b> the engine holds the hashed data's intermediate state; {@link #reset()}
 * (also done by {@link #doFinal(byte[], int)}) clears the partial block. Timing does not
 * depend on the data's values (no table look-ups indexed by data), only on its length.
 */
public final class Sm3Engine implements ExtendedDigest, Memoable {
  /** The digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int BLOCK = 64;

  private static final VarHandle BE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** T_j rotated left by j mod 32 (§4.2, as used in §5.3.3's SS1). */
  private static final int[] T = new int[64];

  static {
    for (int j = 0; j < 64; j++) {
      T[j] = Integer.rotateLeft(j < 16 ? 0x79cc4519 : 0x7a879d8a, j & 31);
    }
  }

  private int v0;
  private int v1;
  private int v2;
  private int v3;
  private int v4;
  private int v5;
  private int v6;
  private int v7;

  private final byte[] buf = new byte[BLOCK];
  private int bufLen;
  private long byteCount;

  /** A fresh engine at the initial value. */
  public Sm3Engine() {
    reset();
  }

  /**
   * A copy of another engine's state, like BouncyCastle's {@code new SM3Digest(other)}.
   *
   * @param other the engine to copy
   */
  public Sm3Engine(Sm3Engine other) {
    copyFrom(other);
  }

  @Override
  public String getAlgorithmName() {
    return "SM3";
  }

  @Override
  public int getDigestSize() {
    return DIGEST_LENGTH;
  }

  @Override
  public int getByteLength() {
    return BLOCK;
  }

  @Override
  public void update(byte in) {
    buf[bufLen++] = in;
    byteCount++;
    if (bufLen == BLOCK) {
      compress(buf, 0, 1);
      bufLen = 0;
    }
  }

  @Override
  public void update(byte[] in, int off, int len) {
    Objects.checkFromIndexSize(off, len, in.length);
    if (len == 0) {
      return;
    }
    byteCount += len;
    if (bufLen > 0) {
      int n = Math.min(BLOCK - bufLen, len);
      System.arraycopy(in, off, buf, bufLen, n);
      bufLen += n;
      off += n;
      len -= n;
      if (bufLen < BLOCK) {
        return;
      }
      compress(buf, 0, 1);
      bufLen = 0;
    }
    int blocks = len >>> 6;
    if (blocks > 0) {
      compress(in, off, blocks);
      int n = blocks << 6;
      off += n;
      len -= n;
    }
    if (len > 0) {
      System.arraycopy(in, off, buf, 0, len);
      bufLen = len;
    }
  }

  @Override
  public int doFinal(byte[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, DIGEST_LENGTH, out.length);
    long bits = byteCount << 3;
    // §5.2: a 1 bit, then zeros up to 448 bits mod 512, then the length in 64 bits.
    buf[bufLen++] = (byte) 0x80;
    if (bufLen > BLOCK - 8) {
      Arrays.fill(buf, bufLen, BLOCK, (byte) 0);
      compress(buf, 0, 1);
      bufLen = 0;
    }
    Arrays.fill(buf, bufLen, BLOCK - 8, (byte) 0);
    BE_LONG.set(buf, BLOCK - 8, bits);
    compress(buf, 0, 1);
    BE_INT.set(out, outOff, v0);
    BE_INT.set(out, outOff + 4, v1);
    BE_INT.set(out, outOff + 8, v2);
    BE_INT.set(out, outOff + 12, v3);
    BE_INT.set(out, outOff + 16, v4);
    BE_INT.set(out, outOff + 20, v5);
    BE_INT.set(out, outOff + 24, v6);
    BE_INT.set(out, outOff + 28, v7);
    reset();
    return DIGEST_LENGTH;
  }

  @Override
  public void reset() {
    // §4.1 IV.
    v0 = 0x7380166f;
    v1 = 0x4914b2b9;
    v2 = 0x172442d7;
    v3 = 0xda8a0600;
    v4 = 0xa96f30bc;
    v5 = 0x163138aa;
    v6 = 0xe38dee4d;
    v7 = 0xb0fb0e4e;
    Arrays.fill(buf, (byte) 0);
    bufLen = 0;
    byteCount = 0;
  }

  @Override
  public Memoable copy() {
    return new Sm3Engine(this);
  }

  /**
   * Takes on another engine's state.
   *
   * @param other an {@code Sm3Engine}
   * @throws IllegalArgumentException if {@code other} is some other type
   */
  @Override
  public void reset(Memoable other) {
    if (!(other instanceof Sm3Engine o)) {
      throw new IllegalArgumentException(
          "not an Sm3Engine: " + (other == null ? "null" : other.getClass().getName()));
    }
    copyFrom(o);
  }

  private void copyFrom(Sm3Engine o) {
    v0 = o.v0;
    v1 = o.v1;
    v2 = o.v2;
    v3 = o.v3;
    v4 = o.v4;
    v5 = o.v5;
    v6 = o.v6;
    v7 = o.v7;
    System.arraycopy(o.buf, 0, buf, 0, BLOCK);
    bufLen = o.bufLen;
    byteCount = o.byteCount;
  }

  /** §4.4 P0. */
  private static int p0(int x) {
    return x ^ Integer.rotateLeft(x, 9) ^ Integer.rotateLeft(x, 17);
  }

  /** §4.4 P1. */
  private static int p1(int x) {
    return x ^ Integer.rotateLeft(x, 15) ^ Integer.rotateLeft(x, 23);
  }

  /**
   * §5.3: iterates CF over {@code blocks} consecutive 64-byte blocks of {@code in} from {@code
   * off}, the chaining value in locals throughout.
   */
  private void compress(byte[] in, int off, int blocks) {
    final int[] t = T;
    int s0 = v0;
    int s1 = v1;
    int s2 = v2;
    int s3 = v3;
    int s4 = v4;
    int s5 = v5;
    int s6 = v6;
    int s7 = v7;
    for (int blk = 0; blk < blocks; blk++, off += BLOCK) {
      // §5.3.2: W0..W15 big-endian; W16..W67 are expanded into this 16-word window as rounds need
      // them (W[k] replaces W[k-16], no longer needed by then).
      int w0 = (int) BE_INT.get(in, off + 0);
      int w1 = (int) BE_INT.get(in, off + 4);
      int w2 = (int) BE_INT.get(in, off + 8);
      int w3 = (int) BE_INT.get(in, off + 12);
      int w4 = (int) BE_INT.get(in, off + 16);
      int w5 = (int) BE_INT.get(in, off + 20);
      int w6 = (int) BE_INT.get(in, off + 24);
      int w7 = (int) BE_INT.get(in, off + 28);
      int w8 = (int) BE_INT.get(in, off + 32);
      int w9 = (int) BE_INT.get(in, off + 36);
      int w10 = (int) BE_INT.get(in, off + 40);
      int w11 = (int) BE_INT.get(in, off + 44);
      int w12 = (int) BE_INT.get(in, off + 48);
      int w13 = (int) BE_INT.get(in, off + 52);
      int w14 = (int) BE_INT.get(in, off + 56);
      int w15 = (int) BE_INT.get(in, off + 60);
      int a = s0;
      int b = s1;
      int c = s2;
      int d = s3;
      int e = s4;
      int f = s5;
      int g = s6;
      int h = s7;
      int a12;
      int ss1;
      // Rounds 0..15: FF = GG = x ^ y ^ z; W16..W19 are expanded as rounds 12..15 need them.
      // round 0
      a12 = Integer.rotateLeft(a, 12);
      ss1 = Integer.rotateLeft(a12 + 0x79cc4519 + e, 7);
      d = d + (w0 ^ w4) + (a ^ b ^ c) + (ss1 ^ a12);
      h = p0(h + w0 + (e ^ f ^ g) + ss1);
      b = Integer.rotateLeft(b, 9);
      f = Integer.rotateLeft(f, 19);
      // round 1
      a12 = Integer.rotateLeft(d, 12);
      ss1 = Integer.rotateLeft(a12 + 0xf3988a32 + h, 7);
      c = c + (w1 ^ w5) + (d ^ a ^ b) + (ss1 ^ a12);
      g = p0(g + w1 + (h ^ e ^ f) + ss1);
      a = Integer.rotateLeft(a, 9);
      e = Integer.rotateLeft(e, 19);
      // round 2
      a12 = Integer.rotateLeft(c, 12);
      ss1 = Integer.rotateLeft(a12 + 0xe7311465 + g, 7);
      b = b + (w2 ^ w6) + (c ^ d ^ a) + (ss1 ^ a12);
      f = p0(f + w2 + (g ^ h ^ e) + ss1);
      d = Integer.rotateLeft(d, 9);
      h = Integer.rotateLeft(h, 19);
      // round 3
      a12 = Integer.rotateLeft(b, 12);
      ss1 = Integer.rotateLeft(a12 + 0xce6228cb + f, 7);
      a = a + (w3 ^ w7) + (b ^ c ^ d) + (ss1 ^ a12);
      e = p0(e + w3 + (f ^ g ^ h) + ss1);
      c = Integer.rotateLeft(c, 9);
      g = Integer.rotateLeft(g, 19);
      // round 4
      a12 = Integer.rotateLeft(a, 12);
      ss1 = Integer.rotateLeft(a12 + 0x9cc45197 + e, 7);
      d = d + (w4 ^ w8) + (a ^ b ^ c) + (ss1 ^ a12);
      h = p0(h + w4 + (e ^ f ^ g) + ss1);
      b = Integer.rotateLeft(b, 9);
      f = Integer.rotateLeft(f, 19);
      // round 5
      a12 = Integer.rotateLeft(d, 12);
      ss1 = Integer.rotateLeft(a12 + 0x3988a32f + h, 7);
      c = c + (w5 ^ w9) + (d ^ a ^ b) + (ss1 ^ a12);
      g = p0(g + w5 + (h ^ e ^ f) + ss1);
      a = Integer.rotateLeft(a, 9);
      e = Integer.rotateLeft(e, 19);
      // round 6
      a12 = Integer.rotateLeft(c, 12);
      ss1 = Integer.rotateLeft(a12 + 0x7311465e + g, 7);
      b = b + (w6 ^ w10) + (c ^ d ^ a) + (ss1 ^ a12);
      f = p0(f + w6 + (g ^ h ^ e) + ss1);
      d = Integer.rotateLeft(d, 9);
      h = Integer.rotateLeft(h, 19);
      // round 7
      a12 = Integer.rotateLeft(b, 12);
      ss1 = Integer.rotateLeft(a12 + 0xe6228cbc + f, 7);
      a = a + (w7 ^ w11) + (b ^ c ^ d) + (ss1 ^ a12);
      e = p0(e + w7 + (f ^ g ^ h) + ss1);
      c = Integer.rotateLeft(c, 9);
      g = Integer.rotateLeft(g, 19);
      // round 8
      a12 = Integer.rotateLeft(a, 12);
      ss1 = Integer.rotateLeft(a12 + 0xcc451979 + e, 7);
      d = d + (w8 ^ w12) + (a ^ b ^ c) + (ss1 ^ a12);
      h = p0(h + w8 + (e ^ f ^ g) + ss1);
      b = Integer.rotateLeft(b, 9);
      f = Integer.rotateLeft(f, 19);
      // round 9
      a12 = Integer.rotateLeft(d, 12);
      ss1 = Integer.rotateLeft(a12 + 0x988a32f3 + h, 7);
      c = c + (w9 ^ w13) + (d ^ a ^ b) + (ss1 ^ a12);
      g = p0(g + w9 + (h ^ e ^ f) + ss1);
      a = Integer.rotateLeft(a, 9);
      e = Integer.rotateLeft(e, 19);
      // round 10
      a12 = Integer.rotateLeft(c, 12);
      ss1 = Integer.rotateLeft(a12 + 0x311465e7 + g, 7);
      b = b + (w10 ^ w14) + (c ^ d ^ a) + (ss1 ^ a12);
      f = p0(f + w10 + (g ^ h ^ e) + ss1);
      d = Integer.rotateLeft(d, 9);
      h = Integer.rotateLeft(h, 19);
      // round 11
      a12 = Integer.rotateLeft(b, 12);
      ss1 = Integer.rotateLeft(a12 + 0x6228cbce + f, 7);
      a = a + (w11 ^ w15) + (b ^ c ^ d) + (ss1 ^ a12);
      e = p0(e + w11 + (f ^ g ^ h) + ss1);
      c = Integer.rotateLeft(c, 9);
      g = Integer.rotateLeft(g, 19);
      // round 12
      w0 = p1(w0 ^ w7 ^ Integer.rotateLeft(w13, 15)) ^ Integer.rotateLeft(w3, 7) ^ w10;
      a12 = Integer.rotateLeft(a, 12);
      ss1 = Integer.rotateLeft(a12 + 0xc451979c + e, 7);
      d = d + (w12 ^ w0) + (a ^ b ^ c) + (ss1 ^ a12);
      h = p0(h + w12 + (e ^ f ^ g) + ss1);
      b = Integer.rotateLeft(b, 9);
      f = Integer.rotateLeft(f, 19);
      // round 13
      w1 = p1(w1 ^ w8 ^ Integer.rotateLeft(w14, 15)) ^ Integer.rotateLeft(w4, 7) ^ w11;
      a12 = Integer.rotateLeft(d, 12);
      ss1 = Integer.rotateLeft(a12 + 0x88a32f39 + h, 7);
      c = c + (w13 ^ w1) + (d ^ a ^ b) + (ss1 ^ a12);
      g = p0(g + w13 + (h ^ e ^ f) + ss1);
      a = Integer.rotateLeft(a, 9);
      e = Integer.rotateLeft(e, 19);
      // round 14
      w2 = p1(w2 ^ w9 ^ Integer.rotateLeft(w15, 15)) ^ Integer.rotateLeft(w5, 7) ^ w12;
      a12 = Integer.rotateLeft(c, 12);
      ss1 = Integer.rotateLeft(a12 + 0x11465e73 + g, 7);
      b = b + (w14 ^ w2) + (c ^ d ^ a) + (ss1 ^ a12);
      f = p0(f + w14 + (g ^ h ^ e) + ss1);
      d = Integer.rotateLeft(d, 9);
      h = Integer.rotateLeft(h, 19);
      // round 15
      w3 = p1(w3 ^ w10 ^ Integer.rotateLeft(w0, 15)) ^ Integer.rotateLeft(w6, 7) ^ w13;
      a12 = Integer.rotateLeft(b, 12);
      ss1 = Integer.rotateLeft(a12 + 0x228cbce6 + f, 7);
      a = a + (w15 ^ w3) + (b ^ c ^ d) + (ss1 ^ a12);
      e = p0(e + w15 + (f ^ g ^ h) + ss1);
      c = Integer.rotateLeft(c, 9);
      g = Integer.rotateLeft(g, 19);
      // Rounds 16..63, sixteen per pass: FF = majority, GG = choice; round j + i expands W[j + i + 4].
      for (int j = 16; j < 64; j += 16) {
        // round j
        w4 = p1(w4 ^ w11 ^ Integer.rotateLeft(w1, 15)) ^ Integer.rotateLeft(w7, 7) ^ w14;
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + t[j] + e, 7);
        d = d + (w0 ^ w4) + ((a & b) | ((a | b) & c)) + (ss1 ^ a12);
        h = p0(h + w0 + (g ^ (e & (f ^ g))) + ss1);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        // round j + 1
        w5 = p1(w5 ^ w12 ^ Integer.rotateLeft(w2, 15)) ^ Integer.rotateLeft(w8, 7) ^ w15;
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 1] + h, 7);
        c = c + (w1 ^ w5) + ((d & a) | ((d | a) & b)) + (ss1 ^ a12);
        g = p0(g + w1 + (f ^ (h & (e ^ f))) + ss1);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        // round j + 2
        w6 = p1(w6 ^ w13 ^ Integer.rotateLeft(w3, 15)) ^ Integer.rotateLeft(w9, 7) ^ w0;
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 2] + g, 7);
        b = b + (w2 ^ w6) + ((c & d) | ((c | d) & a)) + (ss1 ^ a12);
        f = p0(f + w2 + (e ^ (g & (h ^ e))) + ss1);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        // round j + 3
        w7 = p1(w7 ^ w14 ^ Integer.rotateLeft(w4, 15)) ^ Integer.rotateLeft(w10, 7) ^ w1;
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 3] + f, 7);
        a = a + (w3 ^ w7) + ((b & c) | ((b | c) & d)) + (ss1 ^ a12);
        e = p0(e + w3 + (h ^ (f & (g ^ h))) + ss1);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
        // round j + 4
        w8 = p1(w8 ^ w15 ^ Integer.rotateLeft(w5, 15)) ^ Integer.rotateLeft(w11, 7) ^ w2;
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 4] + e, 7);
        d = d + (w4 ^ w8) + ((a & b) | ((a | b) & c)) + (ss1 ^ a12);
        h = p0(h + w4 + (g ^ (e & (f ^ g))) + ss1);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        // round j + 5
        w9 = p1(w9 ^ w0 ^ Integer.rotateLeft(w6, 15)) ^ Integer.rotateLeft(w12, 7) ^ w3;
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 5] + h, 7);
        c = c + (w5 ^ w9) + ((d & a) | ((d | a) & b)) + (ss1 ^ a12);
        g = p0(g + w5 + (f ^ (h & (e ^ f))) + ss1);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        // round j + 6
        w10 = p1(w10 ^ w1 ^ Integer.rotateLeft(w7, 15)) ^ Integer.rotateLeft(w13, 7) ^ w4;
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 6] + g, 7);
        b = b + (w6 ^ w10) + ((c & d) | ((c | d) & a)) + (ss1 ^ a12);
        f = p0(f + w6 + (e ^ (g & (h ^ e))) + ss1);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        // round j + 7
        w11 = p1(w11 ^ w2 ^ Integer.rotateLeft(w8, 15)) ^ Integer.rotateLeft(w14, 7) ^ w5;
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 7] + f, 7);
        a = a + (w7 ^ w11) + ((b & c) | ((b | c) & d)) + (ss1 ^ a12);
        e = p0(e + w7 + (h ^ (f & (g ^ h))) + ss1);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
        // round j + 8
        w12 = p1(w12 ^ w3 ^ Integer.rotateLeft(w9, 15)) ^ Integer.rotateLeft(w15, 7) ^ w6;
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 8] + e, 7);
        d = d + (w8 ^ w12) + ((a & b) | ((a | b) & c)) + (ss1 ^ a12);
        h = p0(h + w8 + (g ^ (e & (f ^ g))) + ss1);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        // round j + 9
        w13 = p1(w13 ^ w4 ^ Integer.rotateLeft(w10, 15)) ^ Integer.rotateLeft(w0, 7) ^ w7;
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 9] + h, 7);
        c = c + (w9 ^ w13) + ((d & a) | ((d | a) & b)) + (ss1 ^ a12);
        g = p0(g + w9 + (f ^ (h & (e ^ f))) + ss1);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        // round j + 10
        w14 = p1(w14 ^ w5 ^ Integer.rotateLeft(w11, 15)) ^ Integer.rotateLeft(w1, 7) ^ w8;
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 10] + g, 7);
        b = b + (w10 ^ w14) + ((c & d) | ((c | d) & a)) + (ss1 ^ a12);
        f = p0(f + w10 + (e ^ (g & (h ^ e))) + ss1);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        // round j + 11
        w15 = p1(w15 ^ w6 ^ Integer.rotateLeft(w12, 15)) ^ Integer.rotateLeft(w2, 7) ^ w9;
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 11] + f, 7);
        a = a + (w11 ^ w15) + ((b & c) | ((b | c) & d)) + (ss1 ^ a12);
        e = p0(e + w11 + (h ^ (f & (g ^ h))) + ss1);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
        // round j + 12
        w0 = p1(w0 ^ w7 ^ Integer.rotateLeft(w13, 15)) ^ Integer.rotateLeft(w3, 7) ^ w10;
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 12] + e, 7);
        d = d + (w12 ^ w0) + ((a & b) | ((a | b) & c)) + (ss1 ^ a12);
        h = p0(h + w12 + (g ^ (e & (f ^ g))) + ss1);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        // round j + 13
        w1 = p1(w1 ^ w8 ^ Integer.rotateLeft(w14, 15)) ^ Integer.rotateLeft(w4, 7) ^ w11;
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 13] + h, 7);
        c = c + (w13 ^ w1) + ((d & a) | ((d | a) & b)) + (ss1 ^ a12);
        g = p0(g + w13 + (f ^ (h & (e ^ f))) + ss1);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        // round j + 14
        w2 = p1(w2 ^ w9 ^ Integer.rotateLeft(w15, 15)) ^ Integer.rotateLeft(w5, 7) ^ w12;
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 14] + g, 7);
        b = b + (w14 ^ w2) + ((c & d) | ((c | d) & a)) + (ss1 ^ a12);
        f = p0(f + w14 + (e ^ (g & (h ^ e))) + ss1);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        // round j + 15
        w3 = p1(w3 ^ w10 ^ Integer.rotateLeft(w0, 15)) ^ Integer.rotateLeft(w6, 7) ^ w13;
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + t[j + 15] + f, 7);
        a = a + (w15 ^ w3) + ((b & c) | ((b | c) & d)) + (ss1 ^ a12);
        e = p0(e + w15 + (h ^ (f & (g ^ h))) + ss1);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
      }
      // §5.3.3: V(i+1) = ABCDEFGH xor V(i); after a multiple of four rounds the names are home.
      s0 ^= a;
      s1 ^= b;
      s2 ^= c;
      s3 ^= d;
      s4 ^= e;
      s5 ^= f;
      s6 ^= g;
      s7 ^= h;
    }
    v0 = s0;
    v1 = s1;
    v2 = s2;
    v3 = s3;
    v4 = s4;
    v5 = s5;
    v6 = s6;
    v7 = s7;
  }
}
