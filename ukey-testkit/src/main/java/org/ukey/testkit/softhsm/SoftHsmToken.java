package org.ukey.testkit.softhsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.ukey.api.Pin;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;

/**
 * A SoftHSM token of its own for a test: a directory with its own {@code softhsm2.conf}
 * ({@code SOFTHSM2_CONF}) and token store, a token initialized with a label, a user PIN and an SO
 * PIN through the SDK itself ({@code C_InitToken}, {@code C_InitPIN}), and a
 * {@link Pkcs11Provider} on it. {@link #close()} closes the provider (which finalizes SoftHSM)
 * and deletes the directory.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} once, in {@code C_Initialize}, and a library is
 * initialized once per process: so at most one {@code SoftHsmToken} is open at a time in a JVM,
 * and nothing else may hold SoftHSM open (a {@code SoftHsmToken} opened while another provider
 * on SoftHSM is open fails with a message saying so). Run such tests sequentially, JUnit's
 * default.
 *
 * <p>For another process (such as {@code pkcs11-tool}) to see the token, give it
 * {@link #environment()}.
 *
 * <p><b>Thread-safety:</b> the token's provider is thread-safe; open and close from one thread.
 *
 * <p><b>Security:</b> test PINs only, in a directory readable by the test user.
 */
public final class SoftHsmToken implements AutoCloseable {
  /** The user PIN unless another is given. */
  public static final String DEFAULT_USER_PIN = "12345678";
  /** The SO PIN unless another is given. */
  public static final String DEFAULT_SO_PIN = "87654321";

  private final Path directory;
  private final boolean ownsDirectory;
  private final Path config;
  private final String label;
  private final char[] userPin;
  private final char[] soPin;
  private final Pkcs11Provider provider;

  private SoftHsmToken(Path directory, boolean ownsDirectory, Path config, String label,
      char[] userPin, char[] soPin, Pkcs11Provider provider) {
    this.directory = directory;
    this.ownsDirectory = ownsDirectory;
    this.config = config;
    this.label = label;
    this.userPin = userPin;
    this.soPin = soPin;
    this.provider = provider;
  }

  /**
   * A token with the default PINs in a new temporary directory.
   *
   * @param label the token label, at most 32 bytes of UTF-8
   * @return the token; close it
   * @throws UKeyException if SoftHSM refuses
   * @throws IllegalStateException if SoftHSM is not installed
   */
  public static SoftHsmToken create(String label) throws UKeyException {
    return create(null, label, DEFAULT_USER_PIN, DEFAULT_SO_PIN);
  }

  /**
   * A token in a given directory (kept on close; its contents are the caller's to delete), or in
   * a new temporary directory (deleted on close) when {@code directory} is {@code null}.
   *
   * @param directory an empty directory, or {@code null}
   * @param label the token label
   * @param userPin the user PIN (4 to 255 characters for SoftHSM)
   * @param soPin the SO PIN
   * @return the token; close it
   * @throws UKeyException if SoftHSM refuses
   * @throws IllegalStateException if SoftHSM is not installed or another provider holds it
   */
  public static SoftHsmToken create(Path directory, String label, String userPin, String soPin)
      throws UKeyException {
    Objects.requireNonNull(label, "label");
    Path lib = SoftHsm.library();
    boolean owns = directory == null;
    Path dir;
    Path config;
    try {
      dir = owns ? Files.createTempDirectory("ukey-softhsm-") : directory;
      Path tokens = Files.createDirectories(dir.resolve("tokens"));
      config = dir.resolve("softhsm2.conf");
      Files.writeString(config, "# SoftHSM for one test (ukey-testkit SoftHsmToken)\n"
          + "directories.tokendir = " + tokens + "\n"
          + "objectstore.backend = file\n"
          + "log.level = ERROR\n"
          + "slots.removable = false\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a SoftHSM directory", e);
    }
    Pkcs11Provider provider;
    try {
      provider = Pkcs11.load(lib, Pkcs11Options.builder()
          .environment("SOFTHSM2_CONF", config.toString()).build());
    } catch (UKeyException e) {
      if (owns) {
        delete(dir);
      }
      if (e.getMessage().contains("another environment")) {
        throw new IllegalStateException("SoftHSM is still open in this JVM for another token;"
            + " close it (or its provider) first: " + e.getMessage(), e);
      }
      throw e;
    }
    try (Pin so = Pin.of(soPin.toCharArray()); Pin user = Pin.of(userPin.toCharArray())) {
      Pkcs11Token blank = null;
      for (Pkcs11Token t : provider.slots()) {
        if (!t.isInitialized()) {
          blank = t;
          break;
        }
      }
      if (blank == null) {
        throw new UKeyException("SoftHSM offers no uninitialized slot");
      }
      blank.initialize(so, label);
      provider.token(label).unlockPin(so, user);
    } catch (UKeyException | RuntimeException e) {
      provider.close();
      if (owns) {
        delete(dir);
      }
      throw e;
    }
    return new SoftHsmToken(dir, owns, config, label, userPin.toCharArray(),
        soPin.toCharArray(), provider);
  }

  /**
   * The provider on the token's SoftHSM.
   *
   * @return the provider; closed by {@link #close()}
   */
  public Pkcs11Provider provider() {
    return provider;
  }

  /**
   * The token.
   *
   * @return the token with this fixture's label
   * @throws UKeyException if it cannot be found
   */
  public Pkcs11Token token() throws UKeyException {
    return provider.token(label);
  }

  /**
   * The token label.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The user PIN.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin userPin() {
    return Pin.of(userPin);
  }

  /**
   * The security officer PIN.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin soPin() {
    return Pin.of(soPin);
  }

  /**
   * The SoftHSM library in use.
   *
   * @return its path
   */
  public Path library() {
    return provider.libraryInfo().path();
  }

  /**
   * The token's {@code softhsm2.conf}.
   *
   * @return its path
   */
  public Path config() {
    return config;
  }

  /**
   * The directory SoftHSM keeps the token's files in (removing them makes the token vanish for
   * SoftHSM, which is how tests simulate a removed token).
   *
   * @return the token store directory
   */
  public Path tokenDirectory() {
    return directory.resolve("tokens");
  }

  /**
   * The environment another process needs to use this token ({@code SOFTHSM2_CONF}).
   *
   * @return the variables
   */
  public Map<String, String> environment() {
    return Map.of("SOFTHSM2_CONF", config.toString());
  }

  /** Closes the provider and deletes the directory if this fixture made it. Idempotent. */
  @Override
  public void close() {
    provider.close();
    java.util.Arrays.fill(userPin, '\0');
    java.util.Arrays.fill(soPin, '\0');
    if (ownsDirectory && Files.exists(directory)) {
      delete(directory);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "SoftHsmToken[" + label + ", " + directory + "]";
  }
}
