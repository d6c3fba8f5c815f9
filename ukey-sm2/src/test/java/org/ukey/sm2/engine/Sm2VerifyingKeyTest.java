package org.ukey.sm2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;
import org.ukey.sm2.engine.Sm2Vectors.TestCurve;
import org.ukey.sm2.internal.Sm3Engine;

class Sm2VerifyingKeyTest {
  private static final Sm2Group SM2 = Sm2Group.sm2p256v1();
  private static final BigInteger N = SM2.order();
  private static final Sm2VerifyingKey KEY = new Sm2VerifyingKey(SM2,
      SM2.point(Sm2p256v1.X, Sm2p256v1.Y), Sm2p256v1.ID);

  @Test
  void verifiesTheSm2p256v1KnownAnswerOfGbT32918Part5AnnexA() {
    assertArrayEquals(Sm2p256v1.Z, KEY.z());
    Sm3Engine d = KEY.newDigest();
    d.update(Sm2Vectors.MESSAGE, 0, Sm2Vectors.MESSAGE.length);
    byte[] e = new byte[32];
    d.doFinal(e, 0);
    assertArrayEquals(Sm2p256v1.E, e);
    assertTrue(KEY.verify(e, Sm2p256v1.R, Sm2p256v1.S));
  }

  @Test
  void verifiesTheTestCurveKnownAnswerOfGbT32918Part2AnnexA2() {
    Sm2Group group = Sm2Group.of(TestCurve.domain());
    Sm2VerifyingKey key = new Sm2VerifyingKey(group, group.point(TestCurve.X, TestCurve.Y),
        TestCurve.ID);
    assertArrayEquals(TestCurve.Z, key.z());
    assertTrue(key.verify(TestCurve.E, TestCurve.R, TestCurve.S));
    assertFalse(key.verify(TestCurve.E, TestCurve.R, TestCurve.S.add(BigInteger.ONE)));
  }

  @Test
  void rejectsAnotherHash() {
    byte[] e = Sm2p256v1.E.clone();
    e[31] ^= 1;
    assertFalse(KEY.verify(e, Sm2p256v1.R, Sm2p256v1.S));
  }

  @Test
  void rejectsAlteredR() {
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R.flipBit(0), Sm2p256v1.S));
  }

  @Test
  void rejectsAlteredS() {
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R, Sm2p256v1.S.flipBit(200)));
  }

  @Test
  void rejectsSwappedRAndS() {
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.S, Sm2p256v1.R));
  }

  @Test
  void rejectsROrSOutsideOneToNMinusOne() {
    BigInteger[] bad = {BigInteger.ZERO, N, N.add(BigInteger.ONE), BigInteger.ONE.negate()};
    for (BigInteger v : bad) {
      assertFalse(KEY.verify(Sm2p256v1.E, v, Sm2p256v1.S), () -> "r = " + v);
      assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R, v), () -> "s = " + v);
    }
    // r + n and s + n are the same residues as r and s, and still must not pass (B1, B2).
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R.add(N), Sm2p256v1.S));
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R, Sm2p256v1.S.add(N)));
  }

  @Test
  void rejectsRPlusSEqualToN() {
    assertFalse(KEY.verify(Sm2p256v1.E, Sm2p256v1.R, N.subtract(Sm2p256v1.R)));
  }

  @Test
  void rejectsASignatureMadeForAnotherUserId() {
    Sm2VerifyingKey other = new Sm2VerifyingKey(SM2, KEY.publicPoint(),
        "1234567812345679".getBytes(StandardCharsets.US_ASCII));
    Sm3Engine d = other.newDigest();
    d.update(Sm2Vectors.MESSAGE, 0, Sm2Vectors.MESSAGE.length);
    byte[] e = new byte[32];
    d.doFinal(e, 0);
    assertFalse(other.verify(e, Sm2p256v1.R, Sm2p256v1.S));
  }

  @Test
  void refusesAPointOffTheCurve() {
    ECPoint off = SM2.domain().getCurve().createPoint(Sm2p256v1.X, Sm2p256v1.Y.add(BigInteger.ONE));
    assertThrows(IllegalArgumentException.class,
        () -> new Sm2VerifyingKey(SM2, off, Sm2p256v1.ID));
    assertThrows(IllegalArgumentException.class,
        () -> new Sm2VerifyingKey(SM2, SM2.domain().getCurve().getInfinity(), Sm2p256v1.ID));
  }
}
