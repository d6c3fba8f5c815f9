package org.ukey.sm2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;
import org.ukey.sm2.engine.Sm2Vectors.TestCurve;
import org.ukey.sm2.internal.Sm3Engine;

class Sm2SigningKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] hash(Sm2SigningKey key, byte[] message) {
    Sm3Engine d = key.newDigest();
    d.update(message, 0, message.length);
    byte[] e = new byte[32];
    d.doFinal(e, 0);
    return e;
  }

  @Test
  void signsTheSm2p256v1KnownAnswerOfGbT32918Part5AnnexA() {
    Sm2SigningKey key = new Sm2SigningKey(Sm2Group.sm2p256v1(), Sm2p256v1.D, Sm2p256v1.ID);
    assertEquals(Sm2p256v1.X, key.publicPoint().getAffineXCoord().toBigInteger());
    assertEquals(Sm2p256v1.Y, key.publicPoint().getAffineYCoord().toBigInteger());
    assertArrayEquals(Sm2p256v1.Z, key.z());
    byte[] e = hash(key, Sm2Vectors.MESSAGE);
    assertArrayEquals(Sm2p256v1.E, e);
    BigInteger[] rs = key.sign(e, Sm2p256v1.K);
    assertEquals(Sm2p256v1.R, rs[0]);
    assertEquals(Sm2p256v1.S, rs[1]);
  }

  @Test
  void signsTheTestCurveKnownAnswerOfGbT32918Part2AnnexA2() {
    Sm2Group group = Sm2Group.of(TestCurve.domain());
    assertInstanceOf(GenericSm2Group.class, group);
    Sm2SigningKey key = new Sm2SigningKey(group, TestCurve.D, TestCurve.ID);
    assertEquals(TestCurve.X, key.publicPoint().getAffineXCoord().toBigInteger());
    assertEquals(TestCurve.Y, key.publicPoint().getAffineYCoord().toBigInteger());
    assertArrayEquals(TestCurve.Z, key.z());
    byte[] e = hash(key, Sm2Vectors.MESSAGE);
    assertArrayEquals(TestCurve.E, e);
    BigInteger[] rs = key.sign(e, TestCurve.K);
    assertEquals(TestCurve.R, rs[0]);
    assertEquals(TestCurve.S, rs[1]);
  }

  @Test
  void randomSignaturesVerifyAndDiffer() {
    Sm2SigningKey key = new Sm2SigningKey(Sm2Group.sm2p256v1(), Sm2p256v1.D, Sm2p256v1.ID);
    Sm2VerifyingKey verifier =
        new Sm2VerifyingKey(Sm2Group.sm2p256v1(), key.publicPoint(), Sm2p256v1.ID);
    byte[] e = hash(key, Sm2Vectors.MESSAGE);
    BigInteger[] first = key.sign(e, RANDOM);
    BigInteger[] second = key.sign(e, RANDOM);
    assertTrue(verifier.verify(e, first[0], first[1]));
    assertTrue(verifier.verify(e, second[0], second[1]));
    assertNotEquals(first[0], second[0]);
  }

  @Test
  void randomSignaturesOnTheTestCurveVerify() {
    Sm2Group group = Sm2Group.of(TestCurve.domain());
    Sm2SigningKey key = new Sm2SigningKey(group, TestCurve.D, TestCurve.ID);
    Sm2VerifyingKey verifier = new Sm2VerifyingKey(group, key.publicPoint(), TestCurve.ID);
    byte[] e = hash(key, Sm2Vectors.MESSAGE);
    BigInteger[] rs = key.sign(e, RANDOM);
    assertTrue(verifier.verify(e, rs[0], rs[1]));
  }

  @Test
  void refusesPrivateScalarsOutsideOneToNMinusTwo() {
    Sm2Group g = Sm2Group.sm2p256v1();
    BigInteger n = g.order();
    for (BigInteger d : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.negate(),
        n.subtract(BigInteger.ONE), n, n.add(BigInteger.ONE)}) {
      assertThrows(IllegalArgumentException.class,
          () -> new Sm2SigningKey(g, d, Sm2p256v1.ID), () -> "d = " + d);
    }
    // The bounds themselves are keys.
    new Sm2SigningKey(g, BigInteger.ONE, Sm2p256v1.ID);
    new Sm2SigningKey(g, n.subtract(BigInteger.TWO), Sm2p256v1.ID);
  }

  @Test
  void refusesUserIdsOf8192BytesOrMore() {
    assertThrows(IllegalArgumentException.class,
        () -> new Sm2SigningKey(Sm2Group.sm2p256v1(), Sm2p256v1.D, new byte[8192]));
  }

  @Test
  void refusesInjectedNoncesOutOfRange() {
    Sm2SigningKey key = new Sm2SigningKey(Sm2Group.sm2p256v1(), Sm2p256v1.D, Sm2p256v1.ID);
    BigInteger n = Sm2Group.sm2p256v1().order();
    assertThrows(IllegalArgumentException.class, () -> key.sign(Sm2p256v1.E, BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> key.sign(Sm2p256v1.E, n));
  }

  @Test
  void randomNonceRejectsDrawsOutsideOneToNMinusOne() {
    BigInteger n = Sm2Group.sm2p256v1().order();
    byte[] aboveN = Hex.decode("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
    byte[] equalN = n.toByteArray();
    byte[] zero = new byte[32];
    byte[] valid = Hex.decode("00000000000000000000000000000000000000000000000000000000000000AB");
    ScriptedRandom random = new ScriptedRandom(aboveN, equalN, zero, valid);
    BigInteger k = Sm2SigningKey.randomScalar(random, n, new byte[32]);
    assertEquals(BigInteger.valueOf(0xAB), k);
    assertEquals(0, random.remaining());
  }

  @Test
  void randomNonceKeepsOnlyTheBitsOfTheOrder() {
    // An order of 255 bits: the top bit of each 32-byte draw is cleared before the range check.
    BigInteger n = BigInteger.ONE.shiftLeft(254).add(BigInteger.valueOf(0x1234567));
    byte[] draw = Hex.decode("C000000000000000000000000000000000000000000000000000000000000005");
    BigInteger k = Sm2SigningKey.randomScalar(new ScriptedRandom(draw), n, new byte[32]);
    assertEquals(BigInteger.ONE.shiftLeft(254).add(BigInteger.valueOf(5)), k);
  }

  @Test
  void doesNotPrintTheKey() {
    Sm2SigningKey key = new Sm2SigningKey(Sm2Group.sm2p256v1(), Sm2p256v1.D, Sm2p256v1.ID);
    assertEquals("Sm2SigningKey[****]", key.toString());
  }

  /** Returns scripted bytes, to prove the rejection loop of the nonce; a unit-test double. */
  private static final class ScriptedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient Deque<byte[]> draws = new ArrayDeque<>();

    ScriptedRandom(byte[]... draws) {
      for (byte[] d : draws) {
        byte[] padded = new byte[32];
        int len = Math.min(d.length, 32);
        System.arraycopy(d, d.length - len, padded, 32 - len, len);
        this.draws.add(padded);
      }
    }

    @Override
    public void nextBytes(byte[] bytes) {
      byte[] next = draws.remove();
      System.arraycopy(next, 0, bytes, 0, bytes.length);
      Arrays.fill(next, (byte) 0);
    }

    int remaining() {
      return draws.size();
    }
  }
}
