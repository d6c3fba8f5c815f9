package org.ukey.sm2.engine;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.WNafUtil;
import org.bouncycastle.math.ec.custom.gm.SM2P256V1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * sm2p256v1 (GB/T 32918.5-2017) on a fast path: BouncyCastle's optimized field arithmetic
 * ({@link SM2P256V1Field}, the field of the curve {@code CustomNamedCurves} returns) under our
 * own point arithmetic in Jacobian coordinates, in place on {@code int[8]} limbs, so an
 * operation allocates one small scratch object instead of thousands of field elements.
 *
 * <p><b>Signing</b> computes [k]G from a fixed-base signed-window table built once per JVM:
 * k (made odd: x([k]G) = x([n−k]G)) is recoded into {@value #SIGN_WINDOWS} odd digits of
 * {@value #SIGN_WIDTH} bits, window j holds (2i+1)·2^(6j)·G for i in [0, 32), and [k]G is the
 * sum of one entry per window: {@value #SIGN_WINDOWS} mixed additions and no doubling
 * (BouncyCastle's comb does 43 doublings and 43 additions). Every lookup reads every entry of
 * its window and keeps the wanted one by masking, and a digit's sign is applied by masking, so
 * memory access does not depend on k; the remaining data-dependent branches are those of
 * BouncyCastle's own field arithmetic and the exceptional cases of point addition, as in
 * BouncyCastle.
 *
 * <p><b>Verifying</b> computes [s]G + [t]Q in variable time (only public values are involved)
 * and compares x in projective form (X == x·Z²), with no field inversion. [t]Q comes first:
 * with wNAF over odd multiples of Q for a new verifier, and, once a verifier has been used
 * {@value #COMB_AFTER_USES} times, with a Lim–Lee comb of Q ({@value #COMB_WIDTH} teeth,
 * {@value #COMB_COLUMNS} columns) that the verifier keeps. [s]G is then added from a second,
 * wider fixed-base table ({@value #VERIFY_WIDTH}-bit windows) without further doublings.
 *
 * <p>Formulas: "dbl-2001-b" and "madd-2007-bl" of the Explicit-Formulas Database
 * (hyperelliptic.org/EFD, short Weierstrass, Jacobian, a = −3); tables are normalized to affine
 * with Montgomery's simultaneous inversion.
 *
 * <p><b>Thread-safety:</b> immutable; the tables are built once per JVM, lazily, and only read
 * afterwards. Each operation works in its own scratch space.
 */
final class Sm2P256Group extends Sm2Group {
  static final Sm2P256Group INSTANCE = new Sm2P256Group();

  /**
   * Bits per signed digit of the signing table: 43 windows of 32 entries (88 KiB). Measured
   * against 4, 5 and 7 bits: wider windows save additions, but every lookup scans its window.
   */
  static final int SIGN_WIDTH = 6;
  /** Windows of the signing table: ceil(256 / width). */
  static final int SIGN_WINDOWS = (256 + SIGN_WIDTH - 1) / SIGN_WIDTH;
  /** Bits per signed digit of the verification table of G: 32 windows, 4096 points (256 KiB). */
  static final int VERIFY_WIDTH = 8;
  /** wNAF width for the public point of a new verifier: odd multiples up to 15·Q. */
  static final int WNAF_WIDTH = 5;
  /** Teeth of a verifier's comb: 2^8 − 1 points, 16 KiB per kept verifier. */
  static final int COMB_WIDTH = 8;
  /** Columns of a verifier's comb: ceil(256 / teeth), so 31 doublings per verification. */
  static final int COMB_COLUMNS = (256 + COMB_WIDTH - 1) / COMB_WIDTH;
  /** A verifier builds its comb on this use, once it has shown that it is kept. */
  static final int COMB_AFTER_USES = 4;

  /** An affine point in a table: x, then y. */
  private static final int AFFINE = 16;
  /** A Jacobian point in a work buffer: X, Y, Z. */
  private static final int JACOBIAN = 24;

  private static final int[] P =
      Nat256.fromBigInteger(SM2P256V1.getCurve().getField().getCharacteristic());
  private static final int[] N = Nat256.fromBigInteger(SM2P256V1.getN());
  private static final int[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};
  /** p − n: an x-coordinate x1 ≥ n has x1 − n below this. */
  private static final BigInteger P_MINUS_N =
      SM2P256V1.getCurve().getField().getCharacteristic().subtract(SM2P256V1.getN());

  private Sm2P256Group() {
    super(SM2P256V1);
  }

  /** The signing table of G, built on first use and shared by every thread of the JVM. */
  private static final class SignTable {
    static final Windows TABLE = new Windows(SIGN_WIDTH);
  }

  /** The verification table of G, built on first use: a signing-only JVM never builds it. */
  private static final class VerifyTable {
    static final Windows TABLE = new Windows(VERIFY_WIDTH);
  }

  /**
   * A fixed-base signed-window table of G: window j holds (2i+1)·2^(width·j)·G for i in
   * [0, 2^(width−1)), affine.
   */
  private static final class Windows {
    final int width;
    final int windows;
    final int entries;
    final int[] points;

    Windows(int width) {
      this.width = width;
      this.windows = (256 + width - 1) / width;
      this.entries = 1 << (width - 1);
      int[] jacobian = new int[windows * entries * JACOBIAN];
      Scratch s = new Scratch();
      int[] bx = Nat256.fromBigInteger(SM2P256V1.getG().getAffineXCoord().toBigInteger());
      int[] by = Nat256.fromBigInteger(SM2P256V1.getG().getAffineYCoord().toBigInteger());
      int[] tx = new int[8];
      int[] ty = new int[8];
      for (int w = 0; w < windows; w++) {
        // 2B in affine form, the step between odd multiples of the window's base B.
        s.load(bx, by);
        twice(s);
        s.toAffine(tx, ty);
        s.load(bx, by);
        s.store(jacobian, w * entries);
        for (int i = 1; i < entries; i++) {
          s.setOperand(tx, ty);
          addAffine(s);
          s.store(jacobian, w * entries + i);
        }
        s.load(bx, by);
        for (int i = 0; i < width; i++) {
          twice(s);
        }
        s.toAffine(bx, by);
      }
      this.points = toAffine(jacobian, 0, windows * entries);
    }

    /**
     * Digit j of the odd scalar k in the regular signed odd recoding (every digit odd, so
     * never zero): with k_j = ⌊k / 2^(wj)⌋ | 1, the digit is the low w bits of k_j when bit w
     * of k_j is set, and those bits − 2^w otherwise; the last digit is k_j itself.
     */
    int digit(int[] k, int j) {
      int low = bits(k, j * width, width) | 1;
      if (j == windows - 1) {
        return low;
      }
      int next = bits(k, (j + 1) * width, 1);
      return low - ((1 - next) << width);
    }
  }

  /** {@code count} bits of k starting at bit {@code pos}; positions are public. */
  private static int bits(int[] k, int pos, int count) {
    int word = pos >>> 5;
    int shift = pos & 31;
    long v = (k[word] & 0xFFFFFFFFL) >>> shift;
    if (shift + count > 32 && word + 1 < 8) {
      v |= (k[word + 1] & 0xFFFFFFFFL) << (32 - shift);
    }
    return (int) v & ((1 << count) - 1);
  }

  @Override
  public ECPoint multiplyBase(BigInteger d) {
    // Key derivation is rare; BouncyCastle's comb on the same optimized curve is enough here.
    return new FixedPointCombMultiplier().multiply(SM2P256V1.getG(), d).normalize();
  }

  @Override
  BigInteger baseMultiplyX(BigInteger k) {
    Scratch s = new Scratch();
    int[] scalar = Nat256.fromBigInteger(k);
    // x([k]G) = x([n−k]G), so an even k is replaced by the odd n−k, chosen by masking.
    Nat256.sub(N, scalar, s.t1);
    int even = (scalar[0] & 1) - 1;
    for (int i = 0; i < 8; i++) {
      scalar[i] ^= (scalar[i] ^ s.t1[i]) & even;
    }
    Windows table = SignTable.TABLE;
    lookup(table, 0, table.digit(scalar, 0), s);
    s.load(s.ax, s.ay);
    for (int j = 1; j < table.windows; j++) {
      lookup(table, j, table.digit(scalar, j), s);
      addAffine(s);
    }
    // The digits sum to an odd number below n, so the result is never the point at infinity.
    s.toAffine(s.t7, s.t8);
    return Nat256.toBigInteger(s.t7);
  }

  /** Loads digit·2^(wj)·G into the operand, reading every entry of window j. */
  private static void lookup(Windows table, int window, int digit, Scratch s) {
    int sign = digit >> 31;
    int index = ((digit ^ sign) - sign) >>> 1;
    int[] ax = s.ax;
    int[] ay = s.ay;
    for (int i = 0; i < 8; i++) {
      ax[i] = 0;
      ay[i] = 0;
    }
    int[] points = table.points;
    int off = window * table.entries * AFFINE;
    for (int e = 0; e < table.entries; e++, off += AFFINE) {
      int mask = ((e ^ index) - 1) >> 31;
      for (int i = 0; i < 8; i++) {
        ax[i] |= points[off + i] & mask;
        ay[i] |= points[off + 8 + i] & mask;
      }
    }
    // y is never 0 (no point of order 2), so p − y is the reduced negation.
    Nat256.sub(P, ay, s.t1);
    for (int i = 0; i < 8; i++) {
      ay[i] ^= (ay[i] ^ s.t1[i]) & sign;
    }
  }

  @Override
  PublicPointTable precompute(ECPoint q) {
    ECPoint a = q.normalize();
    return new Table(Nat256.fromBigInteger(a.getAffineXCoord().toBigInteger()),
        Nat256.fromBigInteger(a.getAffineYCoord().toBigInteger()));
  }

  /**
   * Multiples of one public point: the odd multiples for wNAF from the start, and a comb once
   * the verifier has been used {@value #COMB_AFTER_USES} times. The use count is a heuristic
   * and may be raced; two threads that both build the comb build the same table, published
   * through a volatile field.
   */
  private static final class Table extends PublicPointTable {
    private final int[] qx;
    private final int[] qy;
    private final int[] odd;
    private volatile int[] comb;
    private int uses;

    Table(int[] qx, int[] qy) {
      this.qx = qx;
      this.qy = qy;
      this.odd = oddMultiples(qx, qy);
    }

    @Override
    boolean sumXEquals(BigInteger u, BigInteger v, BigInteger expected) {
      int[] qComb = comb;
      if (qComb == null && ++uses >= COMB_AFTER_USES) {
        qComb = comb(qx, qy);
        comb = qComb;
      }
      Scratch s = new Scratch();
      s.infinity = true;
      if (qComb != null) {
        combMultiply(v, qComb, s);
      } else {
        wnafMultiply(v, odd, s);
      }
      addBaseMultiple(u, s);
      if (s.infinity) {
        return false;
      }
      // x1 ≡ expected (mod n) with x1 < p means x1 = expected or x1 = expected + n < p.
      sqr(s.z, s.t1, s.tt);
      int[] candidate = Nat256.fromBigInteger(expected);
      mul(candidate, s.t1, s.t2, s.tt);
      if (Nat256.eq(s.t2, s.x)) {
        return true;
      }
      if (expected.compareTo(P_MINUS_N) < 0) {
        Nat256.addTo(N, candidate);
        mul(candidate, s.t1, s.t2, s.tt);
        return Nat256.eq(s.t2, s.x);
      }
      return false;
    }
  }

  /** Q, 3Q, ..., 15Q, affine: the table of a width-5 wNAF. */
  private static int[] oddMultiples(int[] qx, int[] qy) {
    int count = 1 << (WNAF_WIDTH - 2);
    int[] jacobian = new int[count * JACOBIAN];
    Scratch s = new Scratch();
    s.load(qx, qy);
    twice(s);
    s.toAffine(s.t7, s.t8);
    int[] twiceX = s.t7.clone();
    int[] twiceY = s.t8.clone();
    s.load(qx, qy);
    s.store(jacobian, 0);
    for (int i = 1; i < count; i++) {
      s.setOperand(twiceX, twiceY);
      addAffine(s);
      s.store(jacobian, i);
    }
    return toAffine(jacobian, 0, count);
  }

  /**
   * The Lim–Lee comb of Q: entry m (1 ≤ m < 2^teeth) is Σ 2^(columns·j)·Q over the bits j set
   * in m, affine; entry 0 (the point at infinity) is left empty and never read. Each entry is
   * Q times a positive sum of distinct powers of 2^columns below n, so none is infinite.
   */
  private static int[] comb(int[] qx, int[] qy) {
    int[] bx = new int[COMB_WIDTH * 8];
    int[] by = new int[COMB_WIDTH * 8];
    System.arraycopy(qx, 0, bx, 0, 8);
    System.arraycopy(qy, 0, by, 0, 8);
    Scratch s = new Scratch();
    for (int j = 1; j < COMB_WIDTH; j++) {
      s.load(bx, by, j - 1);
      for (int i = 0; i < COMB_COLUMNS; i++) {
        twice(s);
      }
      s.toAffine(s.t7, s.t8);
      System.arraycopy(s.t7, 0, bx, j * 8, 8);
      System.arraycopy(s.t8, 0, by, j * 8, 8);
    }
    int count = 1 << COMB_WIDTH;
    int[] jacobian = new int[count * JACOBIAN];
    for (int m = 1; m < count; m++) {
      int low = Integer.numberOfTrailingZeros(m);
      int rest = m & (m - 1);
      if (rest == 0) {
        s.load(bx, by, low);
      } else {
        s.loadJacobian(jacobian, rest);
        System.arraycopy(bx, low * 8, s.ax, 0, 8);
        System.arraycopy(by, low * 8, s.ay, 0, 8);
        addAffine(s);
      }
      s.store(jacobian, m);
    }
    return toAffine(jacobian, 1, count - 1);
  }

  /** Accumulates [v]Q by wNAF over Q's odd multiples, doubling the accumulator as it goes. */
  private static void wnafMultiply(BigInteger v, int[] odd, Scratch s) {
    byte[] naf = WNafUtil.generateWindowNaf(WNAF_WIDTH, v);
    for (int i = naf.length - 1; i >= 0; i--) {
      if (!s.infinity) {
        twice(s);
      }
      int d = naf[i];
      if (d != 0) {
        addEntry(odd, ((d < 0 ? -d : d) >>> 1) * AFFINE, d < 0, s);
      }
    }
  }

  /** Accumulates [v]Q by its comb: one doubling and at most one addition per column. */
  private static void combMultiply(BigInteger v, int[] comb, Scratch s) {
    int[] k = Nat256.fromBigInteger(v);
    for (int i = COMB_COLUMNS - 1; i >= 0; i--) {
      if (!s.infinity) {
        twice(s);
      }
      int m = 0;
      for (int j = 0, pos = i; j < COMB_WIDTH && pos < 256; j++, pos += COMB_COLUMNS) {
        m |= ((k[pos >>> 5] >>> (pos & 31)) & 1) << j;
      }
      if (m != 0) {
        addEntry(comb, m * AFFINE, false, s);
      }
    }
  }

  /** Adds [u]G from the verification windows: one addition per window, no doubling. */
  private static void addBaseMultiple(BigInteger u, Scratch s) {
    Windows table = VerifyTable.TABLE;
    int[] k = Nat256.fromBigInteger(u);
    // The recoding needs an odd scalar: for an even u use n − u and negate every digit.
    boolean negate = (k[0] & 1) == 0;
    if (negate) {
      int[] odd = new int[8];
      Nat256.sub(N, k, odd);
      k = odd;
    }
    for (int j = 0; j < table.windows; j++) {
      int d = table.digit(k, j);
      if (negate) {
        d = -d;
      }
      int off = (j * table.entries + ((d < 0 ? -d : d) >>> 1)) * AFFINE;
      addEntry(table.points, off, d < 0, s);
    }
  }

  /** Adds the affine table point at {@code off}, negated if asked; variable time. */
  private static void addEntry(int[] table, int off, boolean negate, Scratch s) {
    System.arraycopy(table, off, s.ax, 0, 8);
    System.arraycopy(table, off + 8, s.ay, 0, 8);
    if (negate) {
      Nat256.sub(P, s.ay, s.ay);
    }
    if (s.infinity) {
      s.load(s.ax, s.ay);
      return;
    }
    addAffine(s);
  }

  /**
   * (x, y, z) ← (x, y, z) + (ax, ay, 1), "madd-2007-bl" (7M + 4S), with the exceptional cases
   * handled: equal points are doubled, opposite points give the point at infinity.
   */
  private static void addAffine(Scratch s) {
    int[] x = s.x;
    int[] y = s.y;
    int[] z = s.z;
    int[] tt = s.tt;
    int[] z1z1 = s.t1;
    int[] h = s.t2;
    int[] r = s.t3;
    sqr(z, z1z1, tt);
    mul(s.ax, z1z1, h, tt); // U2
    mul(z, z1z1, r, tt);
    mul(s.ay, r, r, tt); // S2
    SM2P256V1Field.subtract(h, x, h); // H = U2 − X1
    SM2P256V1Field.subtract(r, y, r);
    SM2P256V1Field.twice(r, r); // r = 2(S2 − Y1)
    if (SM2P256V1Field.isZero(h) != 0) {
      if (SM2P256V1Field.isZero(r) != 0) {
        twice(s);
      } else {
        s.infinity = true;
      }
      return;
    }
    int[] hh = s.t4;
    int[] i4 = s.t5;
    int[] j = s.t6;
    int[] v = s.t7;
    int[] w = s.t8;
    sqr(h, hh, tt); // HH
    SM2P256V1Field.twice(hh, i4);
    SM2P256V1Field.twice(i4, i4); // I = 4HH
    mul(h, i4, j, tt); // J = H·I
    mul(x, i4, v, tt); // V = X1·I
    SM2P256V1Field.add(z, h, z);
    sqr(z, z, tt);
    SM2P256V1Field.subtract(z, z1z1, z);
    SM2P256V1Field.subtract(z, hh, z); // Z3 = (Z1 + H)² − Z1Z1 − HH
    sqr(r, x, tt);
    SM2P256V1Field.subtract(x, j, x);
    SM2P256V1Field.twice(v, w);
    SM2P256V1Field.subtract(x, w, x); // X3 = r² − J − 2V
    SM2P256V1Field.subtract(v, x, v);
    mul(r, v, v, tt);
    mul(y, j, w, tt);
    SM2P256V1Field.twice(w, w);
    SM2P256V1Field.subtract(v, w, y); // Y3 = r(V − X3) − 2·Y1·J
  }

  /**
   * (x, y, z) ← 2(x, y, z), "dbl-2001-b" for a = −3 (3M + 5S). The curve has no point of
   * order 2, so a finite point stays finite.
   */
  private static void twice(Scratch s) {
    int[] x = s.x;
    int[] y = s.y;
    int[] z = s.z;
    int[] tt = s.tt;
    int[] delta = s.t1;
    int[] gamma = s.t2;
    int[] beta = s.t3;
    int[] alpha = s.t4;
    int[] t = s.t5;
    sqr(z, delta, tt);
    sqr(y, gamma, tt);
    mul(x, gamma, beta, tt);
    SM2P256V1Field.subtract(x, delta, alpha);
    SM2P256V1Field.add(x, delta, t);
    mul(alpha, t, alpha, tt);
    SM2P256V1Field.twice(alpha, t);
    SM2P256V1Field.add(alpha, t, alpha); // alpha = 3(X − delta)(X + delta)
    SM2P256V1Field.add(y, z, z);
    sqr(z, z, tt);
    SM2P256V1Field.subtract(z, gamma, z);
    SM2P256V1Field.subtract(z, delta, z); // Z3 = (Y + Z)² − gamma − delta
    SM2P256V1Field.twice(beta, beta);
    SM2P256V1Field.twice(beta, beta); // 4·beta
    sqr(alpha, x, tt);
    SM2P256V1Field.twice(beta, t);
    SM2P256V1Field.subtract(x, t, x); // X3 = alpha² − 8·beta
    SM2P256V1Field.subtract(beta, x, beta);
    mul(alpha, beta, beta, tt);
    sqr(gamma, gamma, tt);
    SM2P256V1Field.twice(gamma, gamma);
    SM2P256V1Field.twice(gamma, gamma);
    SM2P256V1Field.twice(gamma, gamma);
    SM2P256V1Field.subtract(beta, gamma, y); // Y3 = alpha(4·beta − X3) − 8·gamma²
  }

  /**
   * Affine forms of {@code count} finite Jacobian points starting at point {@code first} of a
   * work buffer, by Montgomery's simultaneous inversion (one field inversion in all). The
   * result has room for {@code first + count} points; points before {@code first} stay zero.
   */
  private static int[] toAffine(int[] jacobian, int first, int count) {
    int[] prefix = new int[count * 8];
    Scratch s = new Scratch();
    System.arraycopy(jacobian, first * JACOBIAN + 16, prefix, 0, 8);
    for (int i = 1; i < count; i++) {
      System.arraycopy(prefix, (i - 1) * 8, s.t1, 0, 8);
      System.arraycopy(jacobian, (first + i) * JACOBIAN + 16, s.t2, 0, 8);
      mul(s.t1, s.t2, s.t1, s.tt);
      System.arraycopy(s.t1, 0, prefix, i * 8, 8);
    }
    int[] inverse = s.t3;
    System.arraycopy(prefix, (count - 1) * 8, s.t1, 0, 8);
    SM2P256V1Field.inv(s.t1, inverse);
    int[] out = new int[(first + count) * AFFINE];
    for (int i = count - 1; i >= 0; i--) {
      int at = (first + i) * JACOBIAN;
      int[] zInverse = s.t4;
      if (i > 0) {
        System.arraycopy(prefix, (i - 1) * 8, s.t1, 0, 8);
        mul(inverse, s.t1, zInverse, s.tt);
        System.arraycopy(jacobian, at + 16, s.t2, 0, 8);
        mul(inverse, s.t2, inverse, s.tt);
      } else {
        System.arraycopy(inverse, 0, zInverse, 0, 8);
      }
      sqr(zInverse, s.t5, s.tt);
      mul(zInverse, s.t5, s.t6, s.tt);
      System.arraycopy(jacobian, at, s.t1, 0, 8);
      mul(s.t1, s.t5, s.t7, s.tt);
      System.arraycopy(jacobian, at + 8, s.t1, 0, 8);
      mul(s.t1, s.t6, s.t8, s.tt);
      System.arraycopy(s.t7, 0, out, (first + i) * AFFINE, 8);
      System.arraycopy(s.t8, 0, out, (first + i) * AFFINE + 8, 8);
    }
    return out;
  }

  private static void mul(int[] a, int[] b, int[] out, int[] tt) {
    Nat256.mul(a, b, tt);
    SM2P256V1Field.reduce(tt, out);
  }

  private static void sqr(int[] a, int[] out, int[] tt) {
    Nat256.square(a, tt);
    SM2P256V1Field.reduce(tt, out);
  }

  /** Scratch space of one operation: the accumulator, one affine operand, temporaries. */
  private static final class Scratch {
    final int[] x = new int[8];
    final int[] y = new int[8];
    final int[] z = new int[8];
    boolean infinity;
    final int[] ax = new int[8];
    final int[] ay = new int[8];
    final int[] t1 = new int[8];
    final int[] t2 = new int[8];
    final int[] t3 = new int[8];
    final int[] t4 = new int[8];
    final int[] t5 = new int[8];
    final int[] t6 = new int[8];
    final int[] t7 = new int[8];
    final int[] t8 = new int[8];
    final int[] tt = new int[16];

    /** Accumulator ← the affine point (px, py). */
    void load(int[] px, int[] py) {
      System.arraycopy(px, 0, x, 0, 8);
      System.arraycopy(py, 0, y, 0, 8);
      System.arraycopy(ONE, 0, z, 0, 8);
      infinity = false;
    }

    /** Accumulator ← affine point {@code index} of packed coordinate arrays. */
    void load(int[] xs, int[] ys, int index) {
      System.arraycopy(xs, index * 8, x, 0, 8);
      System.arraycopy(ys, index * 8, y, 0, 8);
      System.arraycopy(ONE, 0, z, 0, 8);
      infinity = false;
    }

    /** Accumulator ← Jacobian point {@code index} of a work buffer. */
    void loadJacobian(int[] buffer, int index) {
      int at = index * JACOBIAN;
      System.arraycopy(buffer, at, x, 0, 8);
      System.arraycopy(buffer, at + 8, y, 0, 8);
      System.arraycopy(buffer, at + 16, z, 0, 8);
      infinity = false;
    }

    /** Jacobian point {@code index} of a work buffer ← accumulator, which must be finite. */
    void store(int[] buffer, int index) {
      if (infinity) {
        throw new IllegalStateException("table point at infinity");
      }
      int at = index * JACOBIAN;
      System.arraycopy(x, 0, buffer, at, 8);
      System.arraycopy(y, 0, buffer, at + 8, 8);
      System.arraycopy(z, 0, buffer, at + 16, 8);
    }

    /** Operand ← the affine point (px, py). */
    void setOperand(int[] px, int[] py) {
      System.arraycopy(px, 0, ax, 0, 8);
      System.arraycopy(py, 0, ay, 0, 8);
    }

    /** (outX, outY) ← the accumulator in affine form; it must be finite. Uses t1–t6. */
    void toAffine(int[] outX, int[] outY) {
      SM2P256V1Field.inv(z, t4);
      sqr(t4, t5, tt);
      mul(t4, t5, t6, tt);
      mul(x, t5, outX, tt);
      mul(y, t6, outY, tt);
    }
  }
}
