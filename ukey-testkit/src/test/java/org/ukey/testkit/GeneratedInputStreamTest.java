package org.ukey.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GeneratedInputStreamTest {

  @Test
  void sameSeedGivesTheSameBytesWhateverTheReadSizes() throws IOException {
    byte[] bulk = new GeneratedInputStream(10_007, 42).readAllBytes();
    GeneratedInputStream stream = new GeneratedInputStream(10_007, 42);
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    byte[] buffer = new byte[13];
    for (int n = stream.read(buffer, 0, 1); n >= 0; n = stream.read(buffer, 0, 1 + n % 13)) {
      pieces.write(buffer, 0, n);
      int single = stream.read();
      if (single >= 0) {
        pieces.write(single);
      }
    }
    assertArrayEquals(bulk, pieces.toByteArray());
  }

  @Test
  void differentSeedsGiveDifferentBytes() throws IOException {
    byte[] a = new GeneratedInputStream(64, 1).readAllBytes();
    byte[] b = new GeneratedInputStream(64, 2).readAllBytes();
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void yieldsExactlyItsLengthThenEnd() throws IOException {
    GeneratedInputStream stream = new GeneratedInputStream(1000, 7);
    assertEquals(1000, stream.available());
    assertEquals(1000, stream.readAllBytes().length);
    assertEquals(1000, stream.position());
    assertEquals(-1, stream.read());
    assertEquals(-1, stream.read(new byte[8], 0, 8));
    assertEquals(0, stream.available());
  }

  @Test
  void zeroSeedStillGivesVaryingBytes() throws IOException {
    byte[] bytes = new GeneratedInputStream(64, 0).readAllBytes();
    assertFalse(Arrays.equals(new byte[64], bytes));
  }

  @Test
  void runsTheEndActionOnceWhenAReadFirstReachesTheEnd() throws IOException {
    AtomicInteger runs = new AtomicInteger();
    GeneratedInputStream stream = new GeneratedInputStream(100, 3).onEnd(runs::incrementAndGet);
    assertEquals(100, stream.read(new byte[100], 0, 100));
    assertEquals(0, runs.get(), "ran before any read saw the end");
    assertEquals(-1, stream.read(new byte[1], 0, 1));
    assertEquals(-1, stream.read());
    assertEquals(1, runs.get());
  }

  @Test
  void skipAdvancesLikeReading() throws IOException {
    byte[] all = new GeneratedInputStream(500, 9).readAllBytes();
    GeneratedInputStream stream = new GeneratedInputStream(500, 9);
    assertEquals(123, stream.skip(123));
    assertArrayEquals(Arrays.copyOfRange(all, 123, 500), stream.readAllBytes());
    assertEquals(0, stream.skip(10));
  }

  @Test
  void rejectsANegativeLengthAndBadBufferRanges() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> new GeneratedInputStream(-1, 0));
    GeneratedInputStream stream = new GeneratedInputStream(10, 0);
    assertThrows(IndexOutOfBoundsException.class, () -> stream.read(new byte[4], 2, 3));
  }
}
