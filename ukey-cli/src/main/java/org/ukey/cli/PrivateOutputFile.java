package org.ukey.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
 * A file written through a stream that appears only when complete: the bytes go to a temporary
 * file beside the target, readable by the owner only (rw-------, as decrypted data may be
 * secret), which is synced and renamed over the target on {@link #commit()}. Closing without a
 * commit deletes the temporary file, so a failed decryption (a GCM tag that does not match at the
 * end) leaves nothing behind.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one writer per file.
 */
final class PrivateOutputFile implements AutoCloseable {
  private final Path target;
  private final Path tmp;
  private final FileChannel channel;
  private final OutputStream stream;
  private boolean committed;

  private PrivateOutputFile(Path target, Path tmp, FileChannel channel) {
    this.target = target;
    this.tmp = tmp;
    this.channel = channel;
    this.stream = Channels.newOutputStream(channel);
  }

  /**
   * Starts writing {@code target}.
   *
   * @param target the file to create or replace
   * @return the writer
   * @throws IOException if the directory does not exist or the temporary file cannot be made
   */
  static PrivateOutputFile create(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such directory");
    }
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    if (posix != null) {
      posix.setPermissions(PosixFilePermissions.fromString("rw-------"));
    }
    return new PrivateOutputFile(absolute, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING));
  }

  /**
   * The stream to write to.
   *
   * @return the stream; not to be closed by the caller
   */
  OutputStream stream() {
    return stream;
  }

  /**
   * Syncs the data and moves it into place.
   *
   * @throws IOException if syncing or renaming fails; the target is then unchanged
   */
  void commit() throws IOException {
    stream.flush();
    channel.force(true);
    channel.close();
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new FileSystemException(target.toString(), null,
          "cannot replace the file atomically on this file system");
    }
    committed = true;
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      channel.close();
      Files.deleteIfExists(tmp);
    }
  }
}
