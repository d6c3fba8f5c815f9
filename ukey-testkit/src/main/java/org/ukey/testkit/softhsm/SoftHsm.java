package org.ukey.testkit.softhsm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where SoftHSM 2 ({@code libsofthsm2.so}) is: the system property {@value #LIBRARY_PROPERTY},
 * else the environment variable {@value #LIBRARY_ENV}, else the places the Linux distributions
 * and Homebrew install it.
 *
 * <p>A missing SoftHSM is an error with an instruction to install it, never a silently skipped
 * test.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
public final class SoftHsm {
  /** The system property naming the library. */
  public static final String LIBRARY_PROPERTY = "ukey.softhsm.library";
  /** The environment variable naming the library. */
  public static final String LIBRARY_ENV = "UKEY_SOFTHSM_LIBRARY";

  /** The usual install locations, in the order they are tried. */
  public static final List<Path> LOCATIONS = List.of(
      Path.of("/usr/lib/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib64/pkcs11/libsofthsm2.so"),
      Path.of("/usr/lib64/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/pkcs11/libsofthsm2.so"),
      Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
      Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"),
      Path.of("/usr/local/opt/softhsm/lib/softhsm/libsofthsm2.so"));

  private SoftHsm() {}

  /**
   * The SoftHSM library of this machine.
   *
   * @return its path
   * @throws IllegalStateException if it is not installed, with how to install it
   */
  public static Path library() {
    String named = System.getProperty(LIBRARY_PROPERTY);
    String source = "-D" + LIBRARY_PROPERTY;
    if (named == null) {
      named = System.getenv(LIBRARY_ENV);
      source = LIBRARY_ENV;
    }
    if (named != null) {
      Path p = Path.of(named);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(source + " names " + p + ", which is not a file");
      }
      return p;
    }
    for (Path p : LOCATIONS) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException("SoftHSM 2 is not installed (no libsofthsm2.so in "
        + LOCATIONS + "). Install it: apt-get install softhsm2 (Debian, Ubuntu),"
        + " dnf install softhsm (Fedora, RHEL), brew install softhsm (macOS); or name the"
        + " library with -D" + LIBRARY_PROPERTY + "=/path/to/libsofthsm2.so");
  }
}
