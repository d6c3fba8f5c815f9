package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.UKeyException;

/**
 * Opens soft token stores: the SDK's embedded default provider, keeping tokens as encrypted
 * files in a directory.
 *
 * <pre>{@code
 * try (SoftTokenProvider store = SoftTokens.open(SoftTokens.defaultDirectory())) {
 *   for (Token t : store.tokens()) {
 *     System.out.println(t.info());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 */
public final class SoftTokens {
  private static final Logger LOG = LoggerFactory.getLogger(SoftTokens.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE);

  private SoftTokens() {}

  /**
   * The default store: {@code ~/.ukey/soft} in the user's home directory. The CLI uses it
   * unless {@code --store} or {@code $UKEY_STORE} says otherwise.
   *
   * @return the path, which may not exist yet
   */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".ukey", "soft");
  }

  /**
   * Opens the store in a directory, creating it (and its parents) with mode 0700 where the file
   * system is POSIX if it does not exist. An existing directory that others may read is used as
   * it is, with a warning in the log. Leftovers of a writer that crashed are cleaned up.
   *
   * @param directory the directory
   * @return the provider; close it when done
   * @throws UKeyException if the directory cannot be created or is not a directory
   */
  public static SoftTokenProvider open(Path directory) throws UKeyException {
    return open(directory, new AtomicFile());
  }

  /** Opens a store whose writes go through the given writer (tests inject failures there). */
  static SoftTokenProvider open(Path directory, AtomicFile writer) throws UKeyException {
    Objects.requireNonNull(directory, "directory");
    Path dir = directory.toAbsolutePath().normalize();
    Path real;
    try {
      if (!Files.exists(dir)) {
        if (AtomicFile.isPosix(dir)) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createDirectories(dir);
        }
        LOG.info("created soft token store {}", dir);
      }
      if (!Files.isDirectory(dir)) {
        throw new UKeyException("soft token store " + dir + " is not a directory");
      }
      real = dir.toRealPath();
      if (AtomicFile.isPosix(real)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real);
        if (!OWNER_ONLY.containsAll(perms)) {
          LOG.warn("soft token store {} is accessible to other users ({}); chmod 700 it",
              real, PosixFilePermissions.toString(perms));
        }
      }
    } catch (IOException e) {
      throw new UKeyException("cannot open soft token store " + dir + ": " + e, e);
    }
    TokenDirectory store = new TokenDirectory(real, writer);
    store.removeStaleTemporaries();
    return new SoftTokenProvider(store);
  }
}
