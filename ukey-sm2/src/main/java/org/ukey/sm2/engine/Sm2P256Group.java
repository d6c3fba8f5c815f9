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
 * own point arithmetic in Jacobian coordinates, working in place on {@code int[8]} limbs so a
 * signature allocates a few dozen bytes instead of a few thousand objects.
 *
 * <p><b>Signing</b> computes [k]G with a fixed-base signed-window table: k is recoded into
 * {@value #SIGN_WINDOWS} odd digits of {@value #SIGN_WIDTH} bits, and window j holds
 * (2i+1)·2^(5j)·G for i in [0, 16). [k]G is then a sum of {@value #SIGN_WINDOWS} table points
 * with no doublings at all (BouncyCastle's comb needs 43 doublings and 43 additions). Every
 * table entry of a window is read for every lookup and the wanted one kept by masking, and the
 * sign of a digit is applied by masking, so the memory access pattern does not depend on k; the
 * remaining data-dependent branches are those of BouncyCastle's own field arithmetic and the
 * exceptional cases of point addition, as in BouncyCastle.
 *
 * <p><b>Verifying</b> computes [s]G + [t]Q by Shamir's trick over interleaved wNAF expansions
 * (variable time: only public values are involved), with odd multiples of G in a width-8 table
 * built once per JVM and odd multiples of Q in a width-5 table built once per verifier. The
 * result is compared in projective form (X == x·Z²), so no field inversion is needed.
 *
 * <p><b>Thread-safety:</b> immutable; the tables are built once per JVM, lazily, and only read
 * afterwards. Each operation works in its own scratch space.
 */
final class Sm2P256Group extends Sm2Group {
  static final Sm2P256Group INSTANCE = new Sm2P256Group();

  /** Bits per signed digit in the signing table. */
  static final int SIGN_WIDTH = 5;
  /** Digits of a 256-bit odd scalar: ceil(256 / width). */
  static final int SIGN_WINDOWS = (256 + SIGN_WIDTH - 1) / SIGN_WIDTH;
  /** Odd multiples per window: 1, 3, ..., 2^width - 1. */
  static final int SIGN_ENTRIES = 1 << (SIGN_WIDTH - 1);

  /** wNAF width for G when verifying: odd multiples up to 127·G. */
  static final int VERIFY_G_WIDTH = 8;
  /** wNAF width for the public point when verifying: odd multiples up to 15·Q. */
  static final int VERIFY_Q_WIDTH = 5;

  /** Teeth of the verification combs: 2^6 − 1 table points per comb. */
  static final int COMB_WIDTH = 6;
  /** Columns of the verification combs: ceil(256 / teeth), so 42 doublings per verification. */
  static final int COMB_COLUMNS = (256 + COMB_WIDTH - 1) / COMB_WIDTH;
  /** A verifier builds its comb on this use, when it has shown that it is kept and reused. */
  static final int COMB_AFTER_USES = 4;

  /** An affine point in a table: x, then y. */
  private static final int AFFINE = 16;
  /** An affine point in a verification table: x, y, then −y. */
  private static final int SIGNED_AFFINE = 24;

  private final int[] p;
  private final int[] n;
  /** p − n, to tell when x1 ≥ n can still equal a residue + n. */
  private final BigInteger pMinusN;

  private Sm2P256Group() {
    super(SM2P256V1);
    BigInteger prime = SM2P256V1.getCurve().getField().getCharacteristic();
    p = Nat256.fromBigInteger(prime);
    n = Nat256.fromBigInteger(SM2P256V1.getN());
    pMinusN = prime.subtract(SM2P256V1.getN());
  }

  /** Tables of multiples of G, built on first use and shared by every thread of the JVM. */
  private static final class BaseTables {
    static final int[] SIGN = signTable();
    static final int[] VERIFY = oddMultiples(SM2P256V1.getG(), VERIFY_G_WIDTH);
    static final int[] COMB = comb(SM2P256V1.getG());

    private static int[] signTable() {
      ECPoint[] points = new ECPoint[SIGN_WINDOWS * SIGN_ENTRIES];
      ECPoint base = SM2P256V1.getG();
      for (int w = 0; w < SIGN_WINDOWS; w++) {
        ECPoint twice = base.twice();
        ECPoint multiple = base;
        for (int i = 0; i < SIGN_ENTRIES; i++) {
          points[w * SIGN_ENTRIES + i] = multiple;
          multiple = multiple.add(twice);
        }
        base = base.timesPow2(SIGN_WIDTH);
      }
      SM2P256V1.getCurve().normalizeAll(points);
      int[] table = new int[points.length * AFFINE];
      for (int i = 0; i < points.length; i++) {
        store(points[i].getAffineXCoord().toBigInteger(), table, i * AFFINE);
        store(points[i].getAffineYCoord().toBigInteger(), table, i * AFFINE + 8);
      }
      return table;
    }
  }

  /** P, 3P, ..., (2^(width−1) − 1)P as x, y, −y: the odd multiples a width-w wNAF uses. */
  private static int[] oddMultiples(ECPoint point, int width) {
    int count = 1 << (width - 2);
    ECPoint[] points = new ECPoint[count];
    ECPoint twice = point.twice();
    ECPoint multiple = point;
    for (int i = 0; i < count; i++) {
      points[i] = multiple;
      multiple = multiple.add(twice);
    }
    point.getCurve().normalizeAll(points);
    int[] table = new int[count * SIGNED_AFFINE];
    for (int i = 0; i < count; i++) {
      int off = i * SIGNED_AFFINE;
      store(points[i].getAffineXCoord().toBigInteger(), table, off);
      store(points[i].getAffineYCoord().toBigInteger(), table, off + 8);
      store(points[i].negate().getAffineYCoord().toBigInteger(), table, off + 16);
    }
    return table;
  }

  /**
   * The Lim–Lee comb of a point: entry m (1 ≤ m < 2^teeth) is Σ 2^(columns·j)·P over the bits j
   * set in m, affine. Entry 0 (the point at infinity) is left empty and never read.
   */
  private static int[] comb(ECPoint point) {
    ECPoint[] bases = new ECPoint[COMB_WIDTH];
    bases[0] = point;
    for (int j = 1; j < COMB_WIDTH; j++) {
      bases[j] = bases[j - 1].timesPow2(COMB_COLUMNS);
    }
    ECPoint[] points = new ECPoint[1 << COMB_WIDTH];
    points[0] = point.getCurve().getInfinity();
    for (int m = 1; m < points.length; m++) {
      int low = Integer.numberOfTrailingZeros(m);
      points[m] = points[m & (m - 1)].add(bases[low]);
    }
    // Entry m is P times a sum of distinct powers 2^(43j), j < 6: positive and below 2^216 < n,
    // so no entry is the point at infinity.
    point.getCurve().normalizeAll(points, 1, points.length - 1, null);
    int[] table = new int[points.length * AFFINE];
    for (int m = 1; m < points.length; m++) {
      store(points[m].getAffineXCoord().toBigInteger(), table, m * AFFINE);
      store(points[m].getAffineYCoord().toBigInteger(), table, m * AFFINE + 8);
    }
    return table;
  }

  private static void store(BigInteger v, int[] table, int off) {
    System.arraycopy(Nat256.fromBigInteger(v), 0, table, off, 8);
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
    Nat256.sub(n, scalar, s.t1);
    int even = (scalar[0] & 1) - 1;
    for (int i = 0; i < 8; i++) {
      scalar[i] ^= (scalar[i] ^ s.t1[i]) & even;
    }
    int[] table = BaseTables.SIGN;
    lookup(table, 0, digit(scalar, 0), s);
    System.arraycopy(s.ax, 0, s.x, 0, 8);
    System.arraycopy(s.ay, 0, s.y, 0, 8);
    s.z[0] = 1;
    for (int j = 1; j < SIGN_WINDOWS; j++) {
      lookup(table, j, digit(scalar, j), s);
      addAffine(s);
    }
    // The sum of the digits is odd and below n, so the result is never the point at infinity.
    SM2P256V1Field.inv(s.z, s.t1);
    sqr(s.t1, s.t2, s.tt);
    mul(s.x, s.t2, s.t3, s.tt);
    return Nat256.toBigInteger(s.t3);
  }

  /**
   * Digit j of the odd scalar k in the regular signed odd recoding (every digit odd, so never
   * zero): with k_j = ⌊k / 2^(wj)⌋ | 1, the digit is the low w bits of k_j when bit w of k_j is
   * set, and those bits − 2^w otherwise; the last digit is k_j itself.
   */
  private static int digit(int[] k, int j) {
    int low = bits(k, j * SIGN_WIDTH, SIGN_WIDTH) | 1;
    if (j == SIGN_WINDOWS - 1) {
      return low;
    }
    int next = bits(k, (j + 1) * SIGN_WIDTH, 1);
    return low - ((1 - next) << SIGN_WIDTH);
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

  /** Loads d·2^(wj)·G into (ax, ay), reading every entry of window j. */
  private void lookup(int[] table, int window, int digit, Scratch s) {
    int sign = digit >> 31;
    int index = ((digit ^ sign) - sign) >>> 1;
    int[] ax = s.ax;
    int[] ay = s.ay;
    for (int i = 0; i < 8; i++) {
      ax[i] = 0;
      ay[i] = 0;
    }
    int off = window * SIGN_ENTRIES * AFFINE;
    for (int e = 0; e < SIGN_ENTRIES; e++, off += AFFINE) {
      int mask = ((e ^ index) - 1) >> 31;
      for (int i = 0; i < 8; i++) {
        ax[i] |= table[off + i] & mask;
        ay[i] |= table[off + 8 + i] & mask;
      }
    }
    // y is never 0 (no point of order 2), so p − y is the reduced negation.
    Nat256.sub(p, ay, s.t1);
    for (int i = 0; i < 8; i++) {
      ay[i] ^= (ay[i] ^ s.t1[i]) & sign;
    }
  }

  @Override
  PublicPointTable precompute(ECPoint q) {
    return new Table(q);
  }

  /**
   * Multiples of one public point. A new verifier has the odd multiples for wNAF; once it has
   * been used {@value #COMB_AFTER_USES} times it also builds a comb, which cuts a verification
   * from 256 doublings to 42. The use count is a heuristic and may be raced; two threads that
   * both build the comb build the same table, published through a volatile field.
   */
  private final class Table extends PublicPointTable {
    private final ECPoint point;
    private final int[] odd;
    private volatile int[] comb;
    private int uses;

    Table(ECPoint point) {
      this.point = point;
      this.odd = oddMultiples(point, VERIFY_Q_WIDTH);
    }

    @Override
    boolean sumXEquals(BigInteger u, BigInteger v, BigInteger expected) {
      int[] qComb = comb;
      if (qComb == null && ++uses >= COMB_AFTER_USES) {
        qComb = comb(point);
        comb = qComb;
      }
      Scratch s = new Scratch();
      if (qComb != null) {
        combSum(u, v, qComb, s);
      } else {
        wnafSum(u, v, odd, s);
      }
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
      if (expected.compareTo(pMinusN) < 0) {
        Nat256.addTo(n, candidate);
        mul(candidate, s.t1, s.t2, s.tt);
        return Nat256.eq(s.t2, s.x);
      }
      return false;
    }
  }

  /** [u]G + [v]Q by Shamir's trick over interleaved wNAF expansions. */
  private static void wnafSum(BigInteger u, BigInteger v, int[] q, Scratch s) {
    byte[] nafG = WNafUtil.generateWindowNaf(VERIFY_G_WIDTH, u);
    byte[] nafQ = WNafUtil.generateWindowNaf(VERIFY_Q_WIDTH, v);
    int[] g = BaseTables.VERIFY;
    s.infinity = true;
    for (int i = Math.max(nafG.length, nafQ.length) - 1; i >= 0; i--) {
      if (!s.infinity) {
        twice(s);
      }
      if (i < nafG.length && nafG[i] != 0) {
        addSigned(g, nafG[i], s);
      }
      if (i < nafQ.length && nafQ[i] != 0) {
        addSigned(q, nafQ[i], s);
      }
    }
  }

  /** [u]G + [v]Q by two interleaved combs: 42 doublings and at most 86 additions. */
  private static void combSum(BigInteger u, BigInteger v, int[] q, Scratch s) {
    int[] a = Nat256.fromBigInteger(u);
    int[] b = Nat256.fromBigInteger(v);
    int[] g = BaseTables.COMB;
    s.infinity = true;
    for (int i = COMB_COLUMNS - 1; i >= 0; i--) {
      if (!s.infinity) {
        twice(s);
      }
      int mg = column(a, i);
      if (mg != 0) {
        addEntry(g, mg * AFFINE, 8, s);
      }
      int mq = column(b, i);
      if (mq != 0) {
        addEntry(q, mq * AFFINE, 8, s);
      }
    }
  }

  /** The comb index of column i: bit j is bit (columns·j + i) of k. */
  private static int column(int[] k, int i) {
    int m = 0;
    for (int j = 0, pos = i; j < COMB_WIDTH; j++, pos += COMB_COLUMNS) {
      if (pos < 256) {
        m |= ((k[pos >>> 5] >>> (pos & 31)) & 1) << j;
      }
    }
    return m;
  }

  /** Adds ±(2|d|+1)·P from a signed table of odd multiples; variable time. */
  private static void addSigned(int[] table, int digit, Scratch s) {
    int off = ((digit < 0 ? -digit : digit) >>> 1) * SIGNED_AFFINE;
    addEntry(table, off, digit < 0 ? 16 : 8, s);
  }

  /** Adds the affine point at {@code off} (y at {@code off + yOff}); variable time. */
  private static void addEntry(int[] table, int off, int yOff, Scratch s) {
    System.arraycopy(table, off, s.ax, 0, 8);
    System.arraycopy(table, off + yOff, s.ay, 0, 8);
    if (s.infinity) {
      System.arraycopy(s.ax, 0, s.x, 0, 8);
      System.arraycopy(s.ay, 0, s.y, 0, 8);
      Nat256.copy(ONE, s.z);
      s.infinity = false;
      return;
    }
    addAffine(s);
  }

  private static final int[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};

  /**
   * (x, y, z) ← (x, y, z) + (ax, ay, 1), "madd-2007-bl" of the Explicit-Formulas Database
   * (Jacobian coordinates, 7M + 4S), with the exceptional cases handled: equal points are
   * doubled, opposite points give the point at infinity.
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
   * (x, y, z) ← 2(x, y, z), "dbl-2001-b" of the Explicit-Formulas Database for a = −3
   * (3M + 5S). The curve has no point of order 2, so a finite point stays finite.
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
  }
}
