package org.ukey.sm2.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 *   <li>§5.3.2 message expansion of each 512-bit block to W<sub>0</sub>…W<sub>67</sub>
 *       (W′<sub>j</sub> = W<sub>j</sub> ⊕ W<sub>j+4</sub> is formed in the round that uses it);
 *   <li>§5.3.3 the compression function CF with its 64 rounds, here unrolled four at a time so
 *       that the register shuffle A…H costs no moves, and V<sub>i+1</sub> = ABCDEFGH ⊕
 *       V<sub>i</sub>;
 *   <li>§5.4 the hash value y = V<sub>n</sub>, output big-endian.
 * </ul>
 *
 * <p>The chaining value is kept in eight {@code int} fields, the expansion in one reused {@code
 * int[68]} (no allocation per block), words are loaded big-endian through a byte-array view, and
 * {@link #update(byte[], int, int)} compresses whole blocks straight from the caller's array.
 * Appendix A of the standard gives the known answers the tests check.
 *
 * <p><b>Thread-safety:</b> not thread-safe, like any digest: one instance per thread or per
 * message; {@link #copy()} gives an independent instance.
 *
 * <p><b>Security:</b> the engine holds the hashed data's intermediate state; {@link #reset()}
 * (also done by {@link #doFinal(byte[], int)}) clears the partial block and the expansion.
 * Timing does not depend on the data's values (no table look-ups indexed by data), only on its
 * length.
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
  private final int[] w = new int[68];

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
      java.util.Arrays.fill(buf, bufLen, BLOCK, (byte) 0);
      compress(buf, 0, 1);
      bufLen = 0;
    }
    java.util.Arrays.fill(buf, bufLen, BLOCK - 8, (byte) 0);
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
    java.util.Arrays.fill(buf, (byte) 0);
    java.util.Arrays.fill(w, 0);
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
    final int[] w = this.w;
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
      // §5.3.2 expansion.
      for (int j = 0; j < 16; j++) {
        w[j] = (int) BE_INT.get(in, off + (j << 2));
      }
      for (int j = 16; j < 68; j++) {
        w[j] =
            p1(w[j - 16] ^ w[j - 9] ^ Integer.rotateLeft(w[j - 3], 15))
                ^ Integer.rotateLeft(w[j - 13], 7)
                ^ w[j - 6];
      }
      int a = s0;
      int b = s1;
      int c = s2;
      int d = s3;
      int e = s4;
      int f = s5;
      int g = s6;
      int h = s7;
      // §5.3.3, rounds 0..15: FF = GG = X ^ Y ^ Z. Each round writes TT1 into the word that
      // becomes A and P0(TT2) into the one that becomes E; the names rotate every round.
      for (int j = 0; j < 16; j += 4) {
        int a12;
        int ss1;
        int wj;

        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + e + t[j], 7);
        wj = w[j];
        d += (a ^ b ^ c) + (ss1 ^ a12) + (wj ^ w[j + 4]);
        h = p0(h + (e ^ f ^ g) + ss1 + wj);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);

        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + h + t[j + 1], 7);
        wj = w[j + 1];
        c += (d ^ a ^ b) + (ss1 ^ a12) + (wj ^ w[j + 5]);
        g = p0(g + (h ^ e ^ f) + ss1 + wj);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);

        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + g + t[j + 2], 7);
        wj = w[j + 2];
        b += (c ^ d ^ a) + (ss1 ^ a12) + (wj ^ w[j + 6]);
        f = p0(f + (g ^ h ^ e) + ss1 + wj);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);

        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + f + t[j + 3], 7);
        wj = w[j + 3];
        a += (b ^ c ^ d) + (ss1 ^ a12) + (wj ^ w[j + 7]);
        e = p0(e + (f ^ g ^ h) + ss1 + wj);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
      }
      // Rounds 16..63: FF = majority (x & y) | ((x | y) & z), GG = choice z ^ (x & (y ^ z)).
      for (int j = 16; j < 64; j += 4) {
        int a12;
        int ss1;
        int wj;

        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + e + t[j], 7);
        wj = w[j];
        d += ((a & b) | ((a | b) & c)) + (ss1 ^ a12) + (wj ^ w[j + 4]);
        h = p0(h + (g ^ (e & (f ^ g))) + ss1 + wj);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);

        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + h + t[j + 1], 7);
        wj = w[j + 1];
        c += ((d & a) | ((d | a) & b)) + (ss1 ^ a12) + (wj ^ w[j + 5]);
        g = p0(g + (f ^ (h & (e ^ f))) + ss1 + wj);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);

        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + g + t[j + 2], 7);
        wj = w[j + 2];
        b += ((c & d) | ((c | d) & a)) + (ss1 ^ a12) + (wj ^ w[j + 6]);
        f = p0(f + (e ^ (g & (h ^ e))) + ss1 + wj);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);

        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + f + t[j + 3], 7);
        wj = w[j + 3];
        a += ((b & c) | ((b | c) & d)) + (ss1 ^ a12) + (wj ^ w[j + 7]);
        e = p0(e + (h ^ (f & (g ^ h))) + ss1 + wj);
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
