package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's content all at once: the bytes go to a temporary file in the same directory,
 * which is flushed to disk ({@code fsync}), renamed over the target (atomic on POSIX and NTFS),
 * after which the directory itself is flushed so the rename survives a power cut. A crash at
 * any point leaves either the old file or the new one, never a mixture.
 *
 * <p>Temporary files are named {@code .<target>.<random>.tmp}; the store deletes leftovers of a
 * crashed writer when it opens (under the directory lock, so never a live writer's).
 *
 * <p><b>Thread-safety:</b> stateless; callers serialize writes with {@link DirectoryLock}.
 */
class AtomicFile {
  static final String TEMP_SUFFIX = ".tmp";

  private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /**
   * Writes {@code content} to {@code target}, replacing it if it exists.
   *
   * @throws IOException if any step fails; the target is then unchanged
   */
  final void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + "."
        + HexFormat.of().formatHex(Sm4Gcm.randomBytes(6)) + TEMP_SUFFIX);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), ownerOnly(dir))) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      beforeRename(tmp, target);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically", e);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.debug("could not delete temporary file {}", tmp, e);
        }
      }
    }
  }

  /**
   * Called after the temporary file is complete and on disk, just before the rename. Does
   * nothing; a test overrides it to fail here and prove the old content survives.
   */
  void beforeRename(Path tmp, Path target) throws IOException {
    // The crash window under test: new content fully written, not yet visible.
  }

  /** Flushes a directory's entries; POSIX only (Windows cannot open a directory as a file). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (isPosix(dir)) {
        throw e;
      }
      // Windows: NTFS journals the rename itself; directories cannot be opened for fsync.
      LOG.trace("directory sync not available on {}", dir);
    }
  }

  static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  static FileAttribute<?>[] ownerOnly(Path dir) {
    if (isPosix(dir)) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)};
    }
    return new FileAttribute<?>[0];
  }

  /** Whether a name is one of this class's temporary files. */
  static boolean isTemporary(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
  }
}
