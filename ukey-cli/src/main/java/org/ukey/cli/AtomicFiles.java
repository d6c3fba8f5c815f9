package org.ukey.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes output files so that a reader never sees half of one: write a temporary file beside
 * the target, flush it to the disk, then rename it over the target in one step.
 *
 * <p><b>Thread-safety:</b> stateless; concurrent writers of one target each leave a whole file
 * (the last rename wins).
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code data}, atomically. The file is readable by everyone
   * (rw-r--r--): the CLI writes only public things (signatures, certificates, public keys).
   *
   * @param target the file to write
   * @param data its new content
   * @throws IOException if writing or renaming fails; the target is then unchanged
   */
  static void write(Path target, byte[] data) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such directory");
    }
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      PosixFileAttributeView posix = Files.getFileAttributeView(tmp,
          PosixFileAttributeView.class);
      if (posix != null) {
        posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new FileSystemException(absolute.toString(), null,
            "cannot replace the file atomically on this file system");
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes the rename itself durable; not every platform can open a directory, so best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows and some file systems cannot fsync a directory; the data itself is on disk.
    }
  }
}
