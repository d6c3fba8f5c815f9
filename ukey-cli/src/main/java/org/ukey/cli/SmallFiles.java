package org.ukey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads files that must be small (certificates, public keys, signatures) with a hard cap, so
 * that a wrong path (a disk image given as a certificate) fails at once with a clear message
 * instead of filling the heap.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class SmallFiles {
  /** The cap for certificates and keys: far above any real one. */
  static final int MAX_KEY_FILE = 1 << 20;
  /** The cap for a signature file: an RSA-16384 signature is 2 KiB; PEM or hex at most thrice. */
  static final int MAX_SIGNATURE_FILE = 64 * 1024;

  private SmallFiles() {}

  /**
   * Reads a whole file of at most {@code max} bytes.
   *
   * @param path the file
   * @param max the largest size accepted
   * @param what what the file should be, for the message
   * @return the content
   * @throws IOException if the file cannot be read
   * @throws CliException if it is larger than {@code max}
   */
  static byte[] read(Path path, int max, String what) throws IOException, CliException {
    try (InputStream in = InputFiles.open(path)) {
      byte[] buf = new byte[Math.min(max + 1, 8192)];
      int n = 0;
      for (int r; (r = in.read(buf, n, buf.length - n)) > 0; ) {
        n += r;
        if (n > max) {
          throw new CliException(path + ": larger than " + max + " bytes; not a " + what);
        }
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, Math.min(max + 1, buf.length * 2));
        }
      }
      return Arrays.copyOf(buf, n);
    }
  }
}
