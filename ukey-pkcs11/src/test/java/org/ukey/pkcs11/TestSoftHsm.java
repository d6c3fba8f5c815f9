package org.ukey.pkcs11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ukey.api.Pin;
import org.ukey.api.UKeyException;

/**
 * A SoftHSM token of this module's own tests, in a temporary directory with its own
 * {@code SOFTHSM2_CONF}. (The public JUnit fixture is {@code org.ukey.testkit.softhsm} in
 * ukey-testkit, which depends on this module and so cannot be used by its tests.)
 */
public final class TestSoftHsm implements AutoCloseable {
  public static final String USER_PIN = "123456";
  public static final String SO_PIN = "12345678";
  private static final List<String> LOCATIONS = List.of(
      "/usr/lib/softhsm/libsofthsm2.so",
      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib64/pkcs11/libsofthsm2.so",
      "/usr/lib64/softhsm/libsofthsm2.so",
      "/usr/local/lib/softhsm/libsofthsm2.so",
      "/opt/homebrew/lib/softhsm/libsofthsm2.so");

  private final Path dir;
  private final Path conf;
  private final String label;
  private final Pkcs11Provider provider;

  private TestSoftHsm(Path dir, Path conf, String label, Pkcs11Provider provider) {
    this.dir = dir;
    this.conf = conf;
    this.label = label;
    this.provider = provider;
  }

  /** The SoftHSM library: {@code -Dukey.softhsm.library}, else the usual places. */
  public static Path library() {
    String p = System.getProperty("ukey.softhsm.library");
    if (p != null) {
      return Path.of(p);
    }
    for (String l : LOCATIONS) {
      if (Files.isRegularFile(Path.of(l))) {
        return Path.of(l);
      }
    }
    throw new IllegalStateException("libsofthsm2.so not found in " + LOCATIONS
        + ": install SoftHSM 2 (apt-get install softhsm2, dnf install softhsm,"
        + " brew install softhsm) or set -Dukey.softhsm.library=/path/to/libsofthsm2.so");
  }

  public static TestSoftHsm create(String label) throws UKeyException {
    return create(label, Pkcs11Options.builder());
  }

  public static TestSoftHsm create(String label, Pkcs11Options.Builder options)
      throws UKeyException {
    Path dir;
    Path conf;
    try {
      dir = Files.createTempDirectory("ukey-softhsm-");
      Files.createDirectories(dir.resolve("tokens"));
      conf = dir.resolve("softhsm2.conf");
      Files.writeString(conf, "directories.tokendir = " + dir.resolve("tokens") + "\n"
          + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pkcs11Provider provider = Pkcs11.load(library(),
        options.environment("SOFTHSM2_CONF", conf.toString()).build());
    try (Pin so = pin(SO_PIN); Pin user = pin(USER_PIN)) {
      Pkcs11Token blank = provider.slots().stream().filter(t -> {
        try {
          return !t.isInitialized();
        } catch (UKeyException e) {
          return false;
        }
      }).findFirst().orElseThrow(() -> new IllegalStateException("SoftHSM offers no free slot"));
      blank.initialize(so, label);
      provider.token(label).unlockPin(so, user);
    } catch (UKeyException | RuntimeException e) {
      provider.close();
      delete(dir);
      throw e;
    }
    return new TestSoftHsm(dir, conf, label, provider);
  }

  public static Pin pin(String s) {
    return Pin.of(s.toCharArray());
  }

  public Pkcs11Provider provider() {
    return provider;
  }

  public Pkcs11Token token() throws UKeyException {
    return provider.token(label);
  }

  public String label() {
    return label;
  }

  public Path conf() {
    return conf;
  }

  public Path tokenDirectory() {
    return dir.resolve("tokens");
  }

  /** The environment for a child process (pkcs11-tool) to see this token. */
  public Map<String, String> environment() {
    return Map.of("SOFTHSM2_CONF", conf.toString());
  }

  @Override
  public void close() {
    provider.close();
    delete(dir);
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
