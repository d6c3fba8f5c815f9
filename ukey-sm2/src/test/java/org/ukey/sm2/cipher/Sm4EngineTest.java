package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class Sm4EngineTest {
  private static final byte[] KEY = Hex.decode("0123456789ABCDEFFEDCBA9876543210");

  /** GB/T 32907-2016 Appendix A, example 1 (= GM/T 0002-2012 Appendix A.1): one block. */
  @Test
  void encryptsTheStandardExampleOne() {
    Sm4Engine e = new Sm4Engine(KEY);
    byte[] out = new byte[16];
    e.encryptBlock(KEY, 0, out, 0);
    assertArrayEquals(Hex.decode("681EDF34D206965E86B3E94F536E4246"), out);
    e.decryptBlock(out, 0, out, 0);
    assertArrayEquals(KEY, out);
  }

  /** GB/T 32907-2016 Appendix A, example 2: the same block encrypted 1,000,000 times. */
  @Test
  void encryptsTheStandardExampleTwoAMillionTimes() {
    Sm4Engine e = new Sm4Engine(KEY);
    byte[] block = KEY.clone();
    for (int i = 0; i < 1_000_000; i++) {
      e.encryptBlock(block, 0, block, 0);
    }
    assertArrayEquals(Hex.decode("595298C7C6FD271F0402F804C33D3F66"), block);
    for (int i = 0; i < 1_000_000; i++) {
      e.decryptBlock(block, 0, block, 0);
    }
    assertArrayEquals(KEY, block);
  }

  /** GB/T 32907-2016 Appendix A lists every round key; the first four and the last. */
  @Test
  void expandsTheStandardRoundKeys() {
    int[] rk = new Sm4Engine(KEY).roundKeys();
    assertEquals(0xF12186F9, rk[0]);
    assertEquals(0x41662B61, rk[1]);
    assertEquals(0x5A6AB19A, rk[2]);
    assertEquals(0x7BA92077, rk[3]);
    assertEquals(0x9124A012, rk[31]);
  }

  @Test
  void agreesWithBouncyCastleOnRandomKeysAndBlocks() {
    Random random = new Random(20261122);
    for (int i = 0; i < 200; i++) {
      byte[] key = new byte[16];
      byte[] block = new byte[16];
      random.nextBytes(key);
      random.nextBytes(block);
      SM4Engine bc = new SM4Engine();
      bc.init(true, new KeyParameter(key));
      byte[] expected = new byte[16];
      bc.processBlock(block, 0, expected, 0);
      byte[] actual = new byte[16];
      new Sm4Engine(key).encryptBlock(block, 0, actual, 0);
      assertArrayEquals(expected, actual);
    }
  }

  @Test
  void rejectsKeysThatAreNotSixteenBytes() {
    assertThrows(IllegalArgumentException.class, () -> new Sm4Engine(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> new Sm4Engine(new byte[32]));
  }
}
