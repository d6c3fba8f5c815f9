package org.ukey.sm2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ukey.sm2.Sm3;

class StreamsTest {
  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** A stream that is not a ByteArrayInputStream itself but says how much it holds. */
  private static InputStream notInMemory(byte[] doc) {
    return new FilterInputStream(new ByteArrayInputStream(doc)) {};
  }

  /** Records what the sink was given, and the size of every buffer it was handed. */
  private static final class Recorder implements Streams.Sink {
    final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    final List<Integer> bufferSizes = new ArrayList<>();

    @Override
    public void update(byte[] b, int off, int len) {
      seen.write(b, off, len);
      bufferSizes.add(b.length);
    }
  }

  @Test
  void shortDocumentIsReadIntoTheSmallBuffer() throws IOException {
    byte[] doc = random(1024);
    Recorder r = new Recorder();
    Streams.pump(notInMemory(doc), r);
    assertArrayEquals(doc, r.seen.toByteArray());
    assertEquals(List.of(1025), r.bufferSizes, "available() said 1024 bytes");
  }

  @Test
  void anInMemoryDocumentGoesToTheSinkFromItsOwnArray() throws IOException {
    byte[] doc = random(1000);
    Recorder r = new Recorder();
    // A window of an array, partly read already: only what is left goes to the sink.
    ByteArrayInputStream in = new ByteArrayInputStream(doc, 100, 800);
    assertEquals(100, in.readNBytes(new byte[100], 0, 100));
    Streams.pump(in, r);
    assertArrayEquals(java.util.Arrays.copyOfRange(doc, 200, 900), r.seen.toByteArray());
    // One call: JDK 17 passes the stream's own array, JDK 22 and later a copy of what is left
    // (ByteArrayInputStream.transferTo no longer shows its array to other code).
    assertEquals(1, r.bufferSizes.size(), "one call");
    assertTrue(r.bufferSizes.get(0) == doc.length || r.bufferSizes.get(0) == 700,
        r.bufferSizes.toString());
    assertEquals(-1, in.read(), "the stream is at its end");
    Recorder empty = new Recorder();
    Streams.pump(in, empty);
    assertEquals(0, empty.seen.size());
  }

  @Test
  void aStreamThatDoesNotSayItsLengthStartsWithTheSmallBuffer() throws IOException {
    byte[] doc = random(1024);
    InputStream quiet = new FilterInputStream(new ByteArrayInputStream(doc)) {
      @Override
      public int available() {
        return 0;
      }
    };
    Recorder r = new Recorder();
    Streams.pump(quiet, r);
    assertArrayEquals(doc, r.seen.toByteArray());
    assertEquals(List.of(Streams.FIRST), r.bufferSizes);
  }

  @Test
  void aStreamThatUnderstatesItsLengthIsStillReadWhole() throws IOException {
    byte[] doc = random(3 * Streams.LARGE);
    InputStream liar = new FilterInputStream(new ByteArrayInputStream(doc)) {
      @Override
      public int available() {
        return 10;
      }
    };
    Recorder r = new Recorder();
    Streams.pump(liar, r);
    assertArrayEquals(doc, r.seen.toByteArray());
    assertEquals(Streams.LARGE, r.bufferSizes.get(r.bufferSizes.size() - 1));
  }

  @Test
  void longStreamGrowsTheBufferOnceAndKeepsEveryByte() throws IOException {
    byte[] doc = random(3 * Streams.LARGE + 17);
    Recorder r = new Recorder();
    Streams.pump(notInMemory(doc), r);
    assertArrayEquals(doc, r.seen.toByteArray());
    assertEquals(Streams.FIRST, r.bufferSizes.get(0));
    assertTrue(r.bufferSizes.subList(1, r.bufferSizes.size()).stream()
        .allMatch(s -> s == Streams.LARGE), r.bufferSizes.toString());
  }

  @Test
  void exactlyOneSmallBufferThenEndOfStream() throws IOException {
    byte[] doc = random(Streams.FIRST);
    Recorder r = new Recorder();
    Streams.pump(notInMemory(doc), r);
    assertArrayEquals(doc, r.seen.toByteArray());
  }

  @Test
  void shortReadsOfASlowStreamAreAllFed() throws IOException {
    byte[] doc = random(100_000);
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(doc)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };
    Recorder r = new Recorder();
    Streams.pump(trickle, r);
    assertArrayEquals(doc, r.seen.toByteArray());
  }

  @Test
  void emptyStreamFeedsNothing() throws IOException {
    Recorder r = new Recorder();
    Streams.pump(new ByteArrayInputStream(new byte[0]), r);
    assertEquals(0, r.seen.size());
  }

  @Test
  void digestOfAStreamEqualsDigestOfItsBytes() throws IOException {
    for (int n : new int[] {0, 1, Streams.FIRST - 1, Streams.FIRST, Streams.FIRST + 1,
        Streams.LARGE + Streams.FIRST + 3}) {
      byte[] doc = random(n);
      assertArrayEquals(Sm3.digest(doc), Sm3.digest(new ByteArrayInputStream(doc)), "n=" + n);
    }
  }

  @Test
  void readFailureSurfaces() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }
    };
    IOException e = assertThrows(IOException.class, () -> Streams.pump(broken, (b, o, l) -> { }));
    assertEquals("disk gone", e.getMessage());
  }
}
