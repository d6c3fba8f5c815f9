package org.ukey.pkcs11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ukey.api.Pin;
import org.ukey.api.UKeyException;

/**
 * The GM soft token ({@code libukeygm.so}) for this module's own tests: N slots with vendors in a
 * temporary directory with its own {@code ukeygm.conf}, every token initialized through the SDK.
 * (The public fixture is {@code org.ukey.testkit.gm} in ukey-testkit, which depends on this module
 * and so cannot be used by its tests; and since ukey-testkit is built after this module, the
 * library is built here from ukey-testkit's C sources with their Makefile, into
 * {@code target/ukeygm}, unless {@code -Dukey.gmtoken.library} names one.)
 */
public final class TestGmToken implements AutoCloseable {
  public static final String USER_PIN = "12345678";
  public static final String SO_PIN = "87654321";
  public static final String SANSEC = "sansec";
  public static final String TASS = "tass";

  private static Path built;

  private final Path dir;
  private final Path conf;
  private final List<String> vendors;
  private final Pkcs11Provider provider;
  private final Path lib;
  private final Map<String, String> environment;

  private TestGmToken(Path dir, Path conf, List<String> vendors, Pkcs11Provider provider,
      Path lib, Map<String, String> environment) {
    this.lib = lib;
    this.environment = environment;
    this.dir = dir;
    this.conf = conf;
    this.vendors = vendors;
    this.provider = provider;
  }

  /** The library: {@code -Dukey.gmtoken.library}, else built from ukey-testkit's sources. */
  public static synchronized Path library() {
    String named = System.getProperty("ukey.gmtoken.library");
    if (named != null && !named.isEmpty()) {
      return Path.of(named);
    }
    if (built == null) {
      built = make("all").resolve("libukeygm.so");
    }
    return built;
  }

  /**
   * The test-hooks build ({@code make hooks}, {@code -DUKEYGM_TEST_HOOKS}): the environment
   * variable {@code UKEY_GM_TEST_K} fixes SM2's k, so standard vectors can be reproduced. A
   * separate file, so a separate module from {@link #library()}.
   */
  public static synchronized Path hooksLibrary() {
    return make("hooks").resolve("hooks/libukeygm.so");
  }

  private static Path make(String target) {
    Path module = Path.of("").toAbsolutePath();
    Path sources = module.resolveSibling("ukey-testkit").resolve("src/main/native/ukeygm");
    if (!Files.isRegularFile(sources.resolve("Makefile"))) {
      throw new IllegalStateException("no GM soft token sources at " + sources
          + "; run the tests from the ukey-pkcs11 directory or set -Dukey.gmtoken.library");
    }
    Path out = module.resolve("target/ukeygm");
    try {
      Process p = new ProcessBuilder("make", "-s", "-C", sources.toString(), "OUT=" + out,
          target).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("building libukeygm.so failed (needs gcc, make and"
            + " OpenSSL 3 headers: apt-get install gcc make libssl-dev):\n" + log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run make to build libukeygm.so (apt-get install"
          + " gcc make libssl-dev)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building libukeygm.so", e);
    }
    return out;
  }

  /** Tokens labelled {@code label-N} in one slot per vendor given. */
  public static TestGmToken create(String label, String... vendors) throws UKeyException {
    return create(label, 6, Pkcs11Options.builder(), vendors);
  }

  public static TestGmToken create(String label, int maxTries, Pkcs11Options.Builder options,
      String... vendors) throws UKeyException {
    return create(label, maxTries, false, options, vendors);
  }

  public static TestGmToken create(String label, int maxTries, boolean pinChangeRequired,
      Pkcs11Options.Builder options, String... vendors) throws UKeyException {
    return create(library(), label, maxTries, pinChangeRequired, options, vendors);
  }

  public static TestGmToken create(Path lib, String label, int maxTries,
      boolean pinChangeRequired, Pkcs11Options.Builder options, String... vendors)
      throws UKeyException {
    Path dir;
    Path conf;
    try {
      dir = Files.createTempDirectory("ukey-gm-");
      conf = dir.resolve("ukeygm.conf");
      StringBuilder text = new StringBuilder("slots = " + vendors.length + "\n"
          + "pin.max-tries = " + maxTries + "\n");
      for (int i = 0; i < vendors.length; i++) {
        text.append("slot.").append(i).append(".vendor = ").append(vendors[i]).append('\n');
      }
      Files.writeString(conf, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pkcs11Options built = options.environment("UKEY_GM_CONFIG", conf.toString()).build();
    Pkcs11Provider provider = Pkcs11.load(lib, built);
    try (Pin so = pin(SO_PIN); Pin user = pin(USER_PIN); Pin first = pin("1" + USER_PIN)) {
      for (int slot = 0; slot < vendors.length; slot++) {
        provider.slot(slot).initialize(so, label + "-" + slot);
        if (pinChangeRequired) {
          provider.slot(slot).unlockPin(so, user);
        } else {
          provider.slot(slot).unlockPin(so, first);
          provider.slot(slot).changePin(first, user);
        }
      }
    } catch (UKeyException | RuntimeException e) {
      provider.close();
      delete(dir);
      throw e;
    }
    return new TestGmToken(dir, conf, List.of(vendors), provider, lib, built.environment());
  }

  public static Pin pin(String s) {
    return Pin.of(s.toCharArray());
  }

  public Pkcs11Provider provider() {
    return provider;
  }

  public Pkcs11Token token(int slot) throws UKeyException {
    return provider.slot(slot);
  }

  public String vendor(int slot) {
    return vendors.get(slot);
  }

  public Path config() {
    return conf;
  }

  /** The environment for a child process ({@code openssl}, the CLI) to see these tokens. */
  public Map<String, String> environment() {
    return Map.of("UKEY_GM_CONFIG", conf.toString());
  }

  /** Options that reach the same module as this fixture's provider (same environment). */
  public Pkcs11Options.Builder sameModule() {
    Pkcs11Options.Builder b = Pkcs11Options.builder();
    environment.forEach(b::environment);
    return b;
  }

  /** The library this fixture loaded. */
  public Path libraryPath() {
    return lib;
  }

  public void remove(int slot) {
    try {
      Path d = Files.createDirectories(dir.resolve("slot" + slot));
      Files.writeString(d.resolve("removed"), "", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void insert(int slot) {
    try {
      Files.deleteIfExists(dir.resolve("slot" + slot).resolve("removed"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    provider.close();
    delete(dir);
  }

  private static void delete(Path dir) {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(all::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all.forEach(p -> p.toFile().delete());
  }
}
