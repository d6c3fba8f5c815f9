package org.ukey.sm2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The fast sm2p256v1 path against BouncyCastle's own arithmetic on the generic curve that
 * {@code GMNamedCurves} returns (an independent implementation of the same group), on edge
 * scalars, on scalars that hit the exceptional cases of point addition, and on random ones.
 */
class Sm2P256GroupTest {
  private static final Sm2P256Group FAST = Sm2P256Group.INSTANCE;
  private static final X9ECParameters GENERIC = GMNamedCurves.getByName("sm2p256v1");
  private static final BigInteger N = GENERIC.getN();
  // Seeded for reproducible failures; these scalars are test inputs, not keys.
  private static final SplittableRandom SEEDED = new SplittableRandom(20260322L);

  private static BigInteger genericX(BigInteger k) {
    return GENERIC.getG().multiply(k).normalize().getAffineXCoord().toBigInteger();
  }

  private static BigInteger randomScalar() {
    byte[] b = new byte[32];
    SEEDED.nextBytes(b);
    return new BigInteger(1, b).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  private static List<BigInteger> edgeScalars() {
    List<BigInteger> ks = new ArrayList<>();
    for (long v : new long[] {1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 0xFFFF_FFFFL}) {
      ks.add(BigInteger.valueOf(v));
      ks.add(N.subtract(BigInteger.valueOf(v)));
    }
    for (int bit : new int[] {5, 31, 32, 64, 128, 250, 254, 255}) {
      ks.add(BigInteger.ONE.shiftLeft(bit));
      ks.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
      ks.add(BigInteger.ONE.shiftLeft(bit).add(BigInteger.ONE));
    }
    ks.addAll(doublingScalars());
    return ks;
  }

  /**
   * Scalars whose last window addition meets an equal point and has to double (the
   * exceptional case of the addition formula): k = 2d·2^top mod n, odd, whose last digit is d.
   * Their even partners n − k are recoded to the same odd scalar.
   */
  private static List<BigInteger> doublingScalars() {
    int top = Sm2P256Group.SIGN_WIDTH * (Sm2P256Group.SIGN_WINDOWS - 1);
    List<BigInteger> ks = new ArrayList<>();
    for (int d = 1; d < 1 << Sm2P256Group.SIGN_WIDTH; d += 2) {
      BigInteger k = BigInteger.valueOf(2L * d).shiftLeft(top).mod(N);
      if (k.testBit(0) && k.shiftRight(top).setBit(0).intValue() == d) {
        ks.add(k);
        ks.add(N.subtract(k));
      }
    }
    return ks;
  }

  @Test
  void someScalarsHitTheDoublingCaseOfTheSigningTable() {
    assertFalse(doublingScalars().isEmpty());
    for (BigInteger k : doublingScalars()) {
      assertEquals(genericX(k), FAST.baseMultiplyX(k), () -> "k = " + k.toString(16));
    }
  }

  @Test
  void baseMultiplicationMatchesGenericCurveOnEdgeScalars() {
    for (BigInteger k : edgeScalars()) {
      assertEquals(genericX(k), FAST.baseMultiplyX(k), () -> "k = " + k.toString(16));
    }
  }

  @Test
  void baseMultiplicationMatchesGenericCurveOnRandomScalars() {
    for (int i = 0; i < 200; i++) {
      BigInteger k = randomScalar();
      assertEquals(genericX(k), FAST.baseMultiplyX(k), () -> "k = " + k.toString(16));
    }
  }

  @Test
  void publicPointDerivationMatchesGenericCurve() {
    BigInteger d = randomScalar();
    ECPoint fast = FAST.multiplyBase(d);
    ECPoint generic = GENERIC.getG().multiply(d).normalize();
    assertEquals(generic.getAffineXCoord().toBigInteger(), fast.getAffineXCoord().toBigInteger());
    assertEquals(generic.getAffineYCoord().toBigInteger(), fast.getAffineYCoord().toBigInteger());
  }

  @Test
  void linearCombinationMatchesGenericCurveOnRandomInputs() {
    for (int i = 0; i < 60; i++) {
      BigInteger d = randomScalar();
      BigInteger s = randomScalar();
      BigInteger t = randomScalar();
      assertCombinationAgrees(d, s, t);
    }
  }

  @Test
  void linearCombinationStaysCorrectWhenAKeptTableSwitchesToItsComb() {
    BigInteger d = randomScalar();
    ECPoint q = FAST.multiplyBase(d);
    ECPoint qGeneric = GENERIC.getCurve().importPoint(q);
    Sm2Group.PublicPointTable table = FAST.precompute(q);
    List<BigInteger> edges = edgeScalars();
    for (int use = 0; use < 3 * Sm2P256Group.COMB_AFTER_USES; use++) {
      BigInteger s = use % 2 == 0 ? randomScalar() : edges.get(use % edges.size());
      BigInteger t = use % 3 == 0 ? randomScalar() : edges.get((use * 7) % edges.size());
      ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(GENERIC.getG(), s, qGeneric, t).normalize();
      BigInteger x = sum.getAffineXCoord().toBigInteger().mod(N);
      int u = use;
      assertTrue(table.sumXEquals(s, t, x), () -> "use " + u);
      assertFalse(table.sumXEquals(s, t, x.add(BigInteger.ONE).mod(N)), () -> "use " + u);
    }
  }

  @Test
  void linearCombinationMatchesGenericCurveOnEdgeInputs() {
    List<BigInteger> edges = edgeScalars();
    for (int i = 0; i < edges.size(); i++) {
      assertCombinationAgrees(edges.get(i), edges.get((i * 7 + 3) % edges.size()),
          edges.get((i * 5 + 1) % edges.size()));
    }
  }

  @Test
  void linearCombinationDoublesWhenBothTermsMeetAtTheSamePoint() {
    // Q = G and s = t: at the single digit G is added to G, which must double.
    assertCombinationAgrees(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE);
    assertCombinationAgrees(BigInteger.ONE, BigInteger.valueOf(5), BigInteger.valueOf(5));
  }

  @Test
  void linearCombinationIsInfinityWhenTermsCancel() {
    // Q = −G and s = t: [s]G + [s](−G) is the point at infinity, which has no x-coordinate.
    ECPoint minusG = FAST.multiplyBase(N.subtract(BigInteger.ONE));
    Sm2Group.PublicPointTable table = FAST.precompute(minusG);
    // Three rounds: the first uses wNAF, the later ones the comb.
    for (int round = 0; round < 3; round++) {
      for (BigInteger s : new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(77), randomScalar()}) {
        for (BigInteger x = BigInteger.ZERO; x.intValue() < 3; x = x.add(BigInteger.ONE)) {
          assertFalse(table.sumXEquals(s, s, x));
        }
      }
    }
  }

  @Test
  void linearCombinationAcceptsTheResidueOfAnXCoordinateAboveN() {
    // Only about 2^-128 of the points have n <= x < p, so make one: the first such x with a y
    // on the curve gives R, and Q = R - G makes [1]G + [1]Q = R.
    BigInteger p = GENERIC.getCurve().getField().getCharacteristic();
    ECPoint r = null;
    for (BigInteger x = N; r == null; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(GENERIC.getCurve().getA().toBigInteger().multiply(x))
          .add(GENERIC.getCurve().getB().toBigInteger()).mod(p);
      // p = 3 (mod 4): a square root is rhs^((p+1)/4) when one exists.
      BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
      if (y.multiply(y).mod(p).equals(rhs)) {
        r = GENERIC.getCurve().createPoint(x, y);
      }
    }
    BigInteger x = r.getAffineXCoord().toBigInteger();
    assertTrue(x.compareTo(N) >= 0 && x.compareTo(p) < 0);
    ECPoint q = FAST.domain().getCurve()
        .importPoint(r.subtract(GENERIC.getG()).normalize());
    Sm2Group.PublicPointTable table = FAST.precompute(q);
    for (int round = 0; round < Sm2P256Group.COMB_AFTER_USES; round++) {
      assertTrue(table.sumXEquals(BigInteger.ONE, BigInteger.ONE, x.subtract(N)));
      assertFalse(table.sumXEquals(BigInteger.ONE, BigInteger.ONE,
          x.subtract(N).add(BigInteger.ONE)));
    }
  }

  @Test
  void sameGroupIsChosenForTheGenericDomainOfTheSameCurve() {
    ECDomainParameters generic = new ECDomainParameters(GENERIC);
    assertSame(FAST, Sm2Group.of(generic));
  }

  /** Checks one combination on a new table (wNAF) and again once the table uses its comb. */
  private static void assertCombinationAgrees(BigInteger d, BigInteger s, BigInteger t) {
    ECPoint q = FAST.multiplyBase(d);
    ECPoint qGeneric = GENERIC.getCurve().importPoint(q);
    ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(GENERIC.getG(), s, qGeneric, t).normalize();
    Sm2Group.PublicPointTable table = FAST.precompute(q);
    String what = "d=" + d.toString(16) + " s=" + s.toString(16) + " t=" + t.toString(16);
    for (int round = 0; round < Sm2P256Group.COMB_AFTER_USES; round++) {
      if (sum.isInfinity()) {
        assertFalse(table.sumXEquals(s, t, BigInteger.ZERO), what);
        assertFalse(table.sumXEquals(s, t, BigInteger.ONE), what);
        continue;
      }
      BigInteger x = sum.getAffineXCoord().toBigInteger().mod(N);
      assertTrue(table.sumXEquals(s, t, x), what);
      assertFalse(table.sumXEquals(s, t, x.add(BigInteger.ONE).mod(N)), what);
    }
  }
}
