package org.ukey.sm2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Memoable;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/**
 * {@link Sm3Engine} against GB/T 32905-2016 Appendix A and against BouncyCastle's {@code
 * SM3Digest} (the independent reference) on random data fed in random pieces.
 */
class Sm3EngineTest {
  private static final byte[] ABC_DIGEST =
      Hex.decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  private static final byte[] ABCD16_DIGEST =
      Hex.decode("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hash(Digest d, byte[] data) {
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    assertEquals(32, d.doFinal(out, 0));
    return out;
  }

  @Test
  void hashesAbcAsInGbT32905AppendixA1() {
    // GB/T 32905-2016 Appendix A.1: the 24-bit message "abc", one block after padding.
    assertArrayEquals(ABC_DIGEST, hash(new Sm3Engine(), ascii("abc")));
  }

  @Test
  void hashesSixteenAbcdAsInGbT32905AppendixA2() {
    // GB/T 32905-2016 Appendix A.2: the 512-bit message "abcd" x 16, two blocks after padding.
    assertArrayEquals(ABCD16_DIGEST, hash(new Sm3Engine(), ascii("abcd".repeat(16))));
  }

  @Test
  void appendixVectorsByteAtATime() {
    for (String s : new String[] {"abc", "abcd".repeat(16)}) {
      Sm3Engine d = new Sm3Engine();
      for (byte b : ascii(s)) {
        d.update(b);
      }
      byte[] out = new byte[32];
      d.doFinal(out, 0);
      assertArrayEquals(s.length() == 3 ? ABC_DIGEST : ABCD16_DIGEST, out, s);
    }
  }

  @Test
  void equalsBouncyCastleOnRandomLengthsAndChunks() {
    Random random = new Random(0x5A3E_2016L);
    byte[] data = new byte[10_000];
    random.nextBytes(data);
    Sm3Engine ours = new Sm3Engine(); // reused: doFinal must leave it fresh
    for (int iter = 0; iter < 2_000; iter++) {
      int len = iter < 200 ? iter : random.nextInt(data.length + 1);
      int start = random.nextInt(data.length - len + 1);
      SM3Digest bc = new SM3Digest();
      bc.update(data, start, len);
      byte[] expected = new byte[32];
      bc.doFinal(expected, 0);

      int maxChunk = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
      for (int off = start, left = len; left > 0; ) {
        int n = Math.min(left, random.nextInt(maxChunk + 1));
        if (n == 1 && random.nextBoolean()) {
          ours.update(data[off]);
        } else {
          ours.update(data, off, n);
        }
        off += n;
        left -= n;
      }
      byte[] actual = new byte[32];
      ours.doFinal(actual, 0);
      assertArrayEquals(expected, actual, "iteration " + iter + ", length " + len);
    }
  }

  @Test
  void equalsBouncyCastleByteAtATime() {
    Random random = new Random(11);
    byte[] data = new byte[1_000];
    random.nextBytes(data);
    for (int len : new int[] {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000}) {
      Sm3Engine ours = new Sm3Engine();
      SM3Digest bc = new SM3Digest();
      for (int i = 0; i < len; i++) {
        ours.update(data[i]);
        bc.update(data[i]);
      }
      byte[] a = new byte[32];
      byte[] b = new byte[32];
      ours.doFinal(a, 0);
      bc.doFinal(b, 0);
      assertArrayEquals(b, a, "length " + len);
    }
  }

  @Test
  void resetDiscardsWhatWasFed() {
    Sm3Engine d = new Sm3Engine();
    d.update(new byte[100], 0, 100);
    d.update((byte) 1);
    d.reset();
    assertArrayEquals(ABC_DIGEST, hash(d, ascii("abc")));
  }

  @Test
  void doFinalResetsForTheNextMessage() {
    Sm3Engine d = new Sm3Engine();
    assertArrayEquals(ABCD16_DIGEST, hash(d, ascii("abcd".repeat(16))));
    assertArrayEquals(ABC_DIGEST, hash(d, ascii("abc")));
  }

  @Test
  void copiesAreIndependent() {
    byte[] prefix = ascii("abcd".repeat(10)); // mid-block, so the buffer must be copied too
    byte[] suffix = ascii("abcd".repeat(6));
    Sm3Engine d = new Sm3Engine();
    d.update(prefix, 0, prefix.length);

    Sm3Engine viaConstructor = new Sm3Engine(d);
    Sm3Engine viaCopy = (Sm3Engine) d.copy();
    // The original goes its own way; the copies must not see it.
    d.update(ascii("abc"), 0, 3);

    assertArrayEquals(ABCD16_DIGEST, hash(viaConstructor, suffix));
    assertArrayEquals(ABCD16_DIGEST, hash(viaCopy, suffix));

    Sm3Engine restored = new Sm3Engine();
    restored.update(ascii("unrelated"), 0, 9);
    Sm3Engine saved = new Sm3Engine();
    saved.update(prefix, 0, prefix.length);
    restored.reset((Memoable) saved);
    saved.update(ascii("zz"), 0, 2);
    assertArrayEquals(ABCD16_DIGEST, hash(restored, suffix));
  }

  @Test
  void resetFromAnotherTypeIsRefused() {
    Sm3Engine d = new Sm3Engine();
    assertThrows(IllegalArgumentException.class, () -> d.reset((Memoable) new SM3Digest()));
  }

  @Test
  void doFinalWritesAtAnOffsetAndNowhereElse() {
    Sm3Engine d = new Sm3Engine();
    d.update(ascii("abc"), 0, 3);
    byte[] out = new byte[45];
    Arrays.fill(out, (byte) 0x5c);
    assertEquals(32, d.doFinal(out, 7));
    assertArrayEquals(ABC_DIGEST, Arrays.copyOfRange(out, 7, 39));
    for (int i = 0; i < out.length; i++) {
      if (i < 7 || i >= 39) {
        assertEquals((byte) 0x5c, out[i], "byte " + i);
      }
    }
    assertThrows(IndexOutOfBoundsException.class, () -> d.doFinal(new byte[40], 9));
  }

  @Test
  void updateChecksItsBounds() {
    Sm3Engine d = new Sm3Engine();
    assertThrows(IndexOutOfBoundsException.class, () -> d.update(new byte[10], 5, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> d.update(new byte[10], -1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> d.update(new byte[10], 0, -1));
  }

  @Test
  void describesItselfLikeBouncyCastle() {
    Sm3Engine d = new Sm3Engine();
    SM3Digest bc = new SM3Digest();
    assertEquals("SM3", d.getAlgorithmName());
    assertEquals(bc.getAlgorithmName(), d.getAlgorithmName());
    assertEquals(32, d.getDigestSize());
    assertEquals(64, d.getByteLength());
    assertEquals(bc.getByteLength(), d.getByteLength());
  }

  @Test
  void worksInsideBouncyCastleHmac() {
    // HMac uses Memoable copy()/reset(Memoable) to keep the ipad/opad states.
    Random random = new Random(3);
    for (int keyLen : new int[] {0, 16, 64, 100}) {
      byte[] key = new byte[keyLen];
      random.nextBytes(key);
      byte[] msg = new byte[random.nextInt(300)];
      random.nextBytes(msg);
      assertArrayEquals(mac(new HMac(new SM3Digest()), key, msg, 2), mac(
          new HMac(new Sm3Engine()), key, msg, 2), "key length " + keyLen);
    }
  }

  private static byte[] mac(HMac h, byte[] key, byte[] msg, int times) {
    h.init(new KeyParameter(key));
    byte[] out = new byte[32];
    for (int i = 0; i < times; i++) { // twice: the second run starts from the saved state
      h.update(msg, 0, msg.length);
      h.doFinal(out, 0);
    }
    return out;
  }
}
