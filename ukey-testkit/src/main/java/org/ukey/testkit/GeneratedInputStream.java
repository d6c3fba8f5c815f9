package org.ukey.testkit;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A long stream of pseudo-random bytes generated as it is read, never held in memory: the input
 * for tests that prove a signer or verifier streams in constant memory. The same length and
 * seed always give the same bytes, so a second instance replays the stream for verification.
 *
 * <p>{@link #onEnd(Runnable)} registers an action that runs once, on the thread that reads, the
 * first time a read reaches the end, before that read returns -1. A test uses it to measure the
 * live heap while the consumer still holds whatever it kept of the stream.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one reader at a time.
 */
public final class GeneratedInputStream extends InputStream {
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long length;
  private long position;
  private long state;
  private long word;
  private int wordBytesLeft;
  private Runnable onEnd;
  private boolean ended;

  /**
   * A stream of {@code length} bytes derived from {@code seed}.
   *
   * @param length the number of bytes, at least 0
   * @param seed the seed; the same seed gives the same bytes
   */
  public GeneratedInputStream(long length, long seed) {
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    this.length = length;
    // A zero state would make xorshift emit only zeros.
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  /**
   * Sets the action to run when a read first reaches the end of the stream.
   *
   * @param action the action; replaces any earlier one
   * @return this stream
   */
  public GeneratedInputStream onEnd(Runnable action) {
    this.onEnd = Objects.requireNonNull(action, "action");
    return this;
  }

  /**
   * The total length of the stream.
   *
   * @return the number of bytes the stream yields
   */
  public long length() {
    return length;
  }

  /**
   * How many bytes have been read so far.
   *
   * @return the position
   */
  public long position() {
    return position;
  }

  @Override
  public int read() {
    if (position >= length) {
      reachEnd();
      return -1;
    }
    position++;
    return nextByte() & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, buffer.length);
    if (count == 0) {
      return 0;
    }
    if (position >= length) {
      reachEnd();
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    int i = 0;
    while (i < n && wordBytesLeft > 0) {
      buffer[offset + i++] = nextByte();
    }
    // Whole words at once, least significant byte first as nextByte() gives them: the same bytes
    // whatever the read sizes, several times faster than byte by byte.
    for (; n - i >= Long.BYTES; i += Long.BYTES) {
      LITTLE_ENDIAN_LONG.set(buffer, offset + i, nextWord());
    }
    while (i < n) {
      buffer[offset + i++] = nextByte();
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, length - position));
    for (long i = 0; i < skipped; i++) {
      nextByte();
    }
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }

  private byte nextByte() {
    if (wordBytesLeft == 0) {
      word = nextWord();
      wordBytesLeft = Long.BYTES;
    }
    byte b = (byte) word;
    word >>>= 8;
    wordBytesLeft--;
    return b;
  }

  /** xorshift64 (Marsaglia 2003): fast, and random enough for filler bytes. */
  private long nextWord() {
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return state;
  }

  private void reachEnd() {
    if (!ended) {
      ended = true;
      if (onEnd != null) {
        onEnd.run();
      }
    }
  }
}
