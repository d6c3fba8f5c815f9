package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class Sm3Test {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void hashesAbcAsInGbT32905AnnexA1() {
    assertArrayEquals(
        Hex.decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        Sm3.digest(ascii("abc")));
  }

  @Test
  void hashesSixteenAbcdAsInGbT32905AnnexA2() {
    assertArrayEquals(
        Hex.decode("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
        Sm3.digest(ascii("abcd".repeat(16))));
  }

  @Test
  void hashesTheEmptyString() {
    assertArrayEquals(
        Hex.decode("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"),
        Sm3.digest(new byte[0]));
    assertArrayEquals(Sm3.digest(new byte[0]), digestOf(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void streamingEqualsOneShotForTheStandardVectors() {
    for (String s : new String[] {"abc", "abcd".repeat(16)}) {
      assertArrayEquals(Sm3.digest(ascii(s)), digestOf(new ByteArrayInputStream(ascii(s))));
    }
  }

  @Test
  void streamingEqualsOneShotAcrossBufferBoundariesAndShortReads() {
    // 64 KiB buffer + a partial block, read back 1 to 97 bytes at a time.
    byte[] data = new byte[65536 + 1000 + 13];
    new Random(7).nextBytes(data);
    byte[] expected = Sm3.digest(data);
    assertArrayEquals(expected, digestOf(new ByteArrayInputStream(data)));
    assertArrayEquals(expected, digestOf(new TrickleInputStream(data)));
  }

  @Test
  void refusesNullInput() {
    assertThrows(NullPointerException.class, () -> Sm3.digest((byte[]) null));
    assertThrows(NullPointerException.class, () -> Sm3.digest((InputStream) null));
  }

  private static byte[] digestOf(InputStream in) {
    try {
      return Sm3.digest(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A stream that returns few bytes per read, as sockets and pipes do. */
  private static final class TrickleInputStream extends InputStream {
    private final byte[] data;
    private int pos;
    private int step;

    TrickleInputStream(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      step = step % 97 + 1;
      int n = Math.min(Math.min(len, step), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
