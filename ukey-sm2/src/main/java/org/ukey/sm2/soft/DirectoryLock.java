package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.ukey.api.UKeyException;

/**
 * Serializes every read-modify-write of a soft token directory, across threads and across
 * processes: a JVM-wide lock per directory (file locks are held per process, and a second
 * overlapping lock from the same JVM throws) around an exclusive {@link FileLock} on the
 * directory's {@code .lock} file.
 *
 * <p>Critical sections are short (read a file, write a file): the slow PIN derivation runs
 * outside the lock. Readers that only look (token lists, PIN status) take no lock: atomic renames
 * mean they always see a complete file.
 *
 * <p><b>Thread-safety:</b> thread-safe. Re-entrant within one thread.
 */
final class DirectoryLock {
  static final String LOCK_FILE = ".lock";

  /** One lock per real directory path for the whole JVM; a handful of entries at most. */
  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final ReentrantLock jvmLock;

  /** An action run under the lock. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws UKeyException, IOException;
  }

  /**
   * The lock of a directory.
   *
   * @param realDirectory the directory's real path (so two spellings share one lock)
   */
  DirectoryLock(Path realDirectory) {
    this.lockFile = realDirectory.resolve(LOCK_FILE);
    this.jvmLock = JVM_LOCKS.computeIfAbsent(realDirectory, d -> new ReentrantLock());
  }

  /**
   * Runs an action while holding the directory lock.
   *
   * @throws UKeyException if the action fails, the lock cannot be taken, or an I/O error occurs
   *     (chained)
   */
  <T> T call(String what, Action<T> action) throws UKeyException {
    try {
      jvmLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UKeyException("interrupted while waiting for the soft token lock (" + what + ")",
          e);
    }
    try {
      if (jvmLock.getHoldCount() > 1) {
        return action.run();
      }
      try (FileChannel ch = FileChannel.open(lockFile,
          EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          AtomicFile.ownerOnly(lockFile.getParent()))) {
        FileLock held = ch.lock();
        try {
          return action.run();
        } finally {
          held.release();
        }
      }
    } catch (IOException e) {
      throw new UKeyException("soft token store " + lockFile.getParent() + ": " + what
          + " failed: " + e, e);
    } finally {
      jvmLock.unlock();
    }
  }
}
