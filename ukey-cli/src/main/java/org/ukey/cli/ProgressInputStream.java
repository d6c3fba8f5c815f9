package org.ukey.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Reports how much of a large file has been read, on one redrawn line of a terminal's stderr.
 *
 * <p>Used only when stderr is a terminal and the file is at least {@link #THRESHOLD} bytes: in a
 * pipe or a log the progress would be noise, and small files finish before it could be read.
 * The line is redrawn at most every 200 ms and erased when the stream is closed, so the
 * command's real output is not interleaved with it.
 *
 * <p><b>Thread-safety:</b> not thread-safe, like the stream it wraps.
 */
final class ProgressInputStream extends FilterInputStream {
  /** Files smaller than this are read without progress. */
  static final long THRESHOLD = 32L << 20;
  private static final long INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private long done;
  private long lastDraw;
  private boolean drawn;

  private ProgressInputStream(InputStream in, PrintWriter err, String label, long total) {
    super(in);
    this.err = err;
    this.label = label;
    this.total = total;
    this.lastDraw = System.nanoTime();
  }

  /**
   * Wraps {@code in} with progress when it is worth showing.
   *
   * @param in the file's stream
   * @param env where stderr is, and whether it is a terminal
   * @param label what is being done, such as {@code "hashing big.ofd"}
   * @param total the file's size in bytes
   * @return {@code in} itself, or a stream that reports progress
   */
  static InputStream wrap(InputStream in, Environment env, String label, long total) {
    return env.errIsTerminal() && total >= THRESHOLD
        ? new ProgressInputStream(in, env.err(), label, total) : in;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(long n) {
    done += n;
    long now = System.nanoTime();
    if (now - lastDraw >= INTERVAL_NANOS) {
      lastDraw = now;
      drawn = true;
      err.print(String.format(Locale.ROOT, "\r%s: %3d%% (%s of %s)", label,
          total == 0 ? 100 : Math.min(100, done * 100 / total), size(done), size(total)));
      err.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
    super.close();
  }

  private static String size(long bytes) {
    if (bytes < 1L << 20) {
      return (bytes >> 10) + " KiB";
    }
    if (bytes < 1L << 30) {
      return (bytes >> 20) + " MiB";
    }
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
