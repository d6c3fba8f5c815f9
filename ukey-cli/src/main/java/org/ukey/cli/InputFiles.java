package org.ukey.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the files a verb reads, so that every failure names the file: a directory given as
 * input is refused up front ({@code "DIR: is a directory"}, before any token is touched), and a
 * read that fails later (the operating system's bare {@code "Is a directory"} or
 * {@code "Input/output error"}) is reported as a {@link FileSystemException} on that path, which
 * {@link Failures#ioReason} prints as {@code "PATH: reason"}.
 *
 * <p><b>Thread-safety:</b> stateless; the streams are not thread-safe.
 */
final class InputFiles {
  private InputFiles() {}

  /**
   * The size of a file about to be read.
   *
   * @param path the file
   * @return its size in bytes
   * @throws IOException naming the path if it is missing, unreadable or a directory
   */
  static long size(Path path) throws IOException {
    refuseDirectory(path);
    return Files.size(path);
  }

  /**
   * Opens a file for reading.
   *
   * @param path the file
   * @return a stream whose read failures name the path
   * @throws IOException naming the path if it is missing, unreadable or a directory
   */
  static InputStream open(Path path) throws IOException {
    refuseDirectory(path);
    return new Named(Files.newInputStream(path), path);
  }

  /**
   * Reads a whole file.
   *
   * @param path the file
   * @return its content
   * @throws IOException naming the path
   */
  static byte[] readAll(Path path) throws IOException {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    }
  }

  private static void refuseDirectory(Path path) throws FileSystemException {
    if (Files.isDirectory(path)) {
      throw new FileSystemException(path.toString(), null, "is a directory");
    }
  }

  /** An I/O failure that does not say which file, as one that does. */
  static IOException naming(Path path, IOException e) {
    if (e instanceof FileSystemException && ((FileSystemException) e).getFile() != null) {
      return e;
    }
    String reason = e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName() : e.getMessage().strip();
    FileSystemException named = new FileSystemException(path.toString(), null, reason);
    named.initCause(e);
    return named;
  }

  /** Names the file in read failures. */
  private static final class Named extends FilterInputStream {
    private final Path path;

    Named(InputStream in, Path path) {
      super(in);
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw naming(path, e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw naming(path, e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw naming(path, e);
      }
    }
  }
}
