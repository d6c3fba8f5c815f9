package org.ukey.testkit.gm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * The kit's GM soft token ({@code libukeygm.so}, a PKCS#11 module with SM2/SM3/SM4 in Sansec and
 * TASS vendor behaviours) set up for one test: a directory with its own {@code ukeygm.conf}, N
 * slots each with a {@link GmVendor}, every token initialized with a label, an SO PIN and a user
 * PIN through the SDK itself ({@code C_InitToken}, {@code C_InitPIN}, {@code C_SetPIN}), and a
 * {@link Pkcs11Provider} on them. {@link #remove(int)} and {@link #insert(int)} pull and put back
 * a slot's token through the module's control file. {@link #close()} closes the provider (which
 * finalizes the module) and deletes the directory if this fixture made it.
 *
 * <pre>{@code
 * try (GmToken gm = GmToken.builder().slots(GmVendor.SANSEC, GmVendor.TASS).create();
 *      Pin pin = gm.userPin();
 *      Session s = gm.token(1).login(pin)) {          // slot 1: TASS, profile "tass"
 *   TokenKey key = s.generateKey(KeySpec.sm2(), "seal");
 *   byte[] der = s.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(voucher);
 * }
 * }</pre>
 *
 * <p><b>The library</b> ({@link #library()}): the system property {@value #LIBRARY_PROPERTY},
 * else the environment variable {@value #LIBRARY_ENV}, else the copy built into this jar
 * ({@value #RESOURCE}, Linux x86-64), extracted once per JVM to a temporary file.
 *
 * <p><b>Configuration.</b> The module reads {@code UKEY_GM_CONFIG} (or {@code UKEY_GM_DIR}) once,
 * in {@code C_Initialize}. The fixture sets {@code UKEY_GM_CONFIG} for the process through
 * {@link Pkcs11Options.Builder#environment(String, String)} just before it loads the library,
 * and ukey-pkcs11 finalizes the module when its last provider closes; so each {@code GmToken}
 * gets a freshly initialized module reading its own directory. The consequence: at most one
 * {@code GmToken} is open at a time in a JVM (per library path), and nothing else may hold the
 * library open meanwhile; opening a second one fails with a message saying so. Run such tests
 * sequentially (JUnit's default). Another process (the {@code ukey} CLI, {@code pkcs11-tool})
 * sees the same tokens with {@link #environment()}.
 *
 * <p><b>Thread-safety:</b> the provider and tokens are thread-safe; create, remove, insert and
 * close from one thread.
 *
 * <p><b>Security:</b> test PINs only, in a directory readable by the test user. The module keeps
 * only salted PIN hashes, but its keys are stored unencrypted: never put a real key in it.
 */
public final class GmToken implements AutoCloseable {
  /** The system property naming the library. */
  public static final String LIBRARY_PROPERTY = "ukey.gmtoken.library";
  /** The environment variable naming the library. */
  public static final String LIBRARY_ENV = "UKEY_GMTOKEN_LIBRARY";
  /** Where the library built by ukey-testkit is in its jar. */
  public static final String RESOURCE = "org/ukey/testkit/gm/linux-x86-64/libukeygm.so";
  /** The variable the module reads its configuration file from. */
  public static final String CONFIG_ENV = "UKEY_GM_CONFIG";
  /** The user PIN unless another is given. */
  public static final String DEFAULT_USER_PIN = "12345678";
  /** The SO PIN unless another is given. */
  public static final String DEFAULT_SO_PIN = "87654321";
  /** Consecutive wrong PINs before the module locks a PIN, unless another limit is given. */
  public static final int DEFAULT_MAX_TRIES = 6;

  private static Path extracted;

  private final Path directory;
  private final boolean ownsDirectory;
  private final Path config;
  private final List<GmVendor> vendors;
  private final String label;
  private final char[] userPin;
  private final char[] soPin;
  private final int maxTries;
  private final Pkcs11Provider provider;

  private GmToken(Builder b, Path directory, Path config, Pkcs11Provider provider) {
    this.directory = directory;
    this.ownsDirectory = b.directory == null;
    this.config = config;
    this.vendors = List.copyOf(b.vendors);
    this.label = b.label;
    this.userPin = b.userPin.toCharArray();
    this.soPin = b.soPin.toCharArray();
    this.maxTries = b.maxTries;
    this.provider = provider;
  }

  /**
   * Starts a fixture: by default one Sansec slot, label {@code "gm"}, the default PINs, the user
   * PIN ready for login.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One Sansec-like token with the default PINs in a new temporary directory.
   *
   * @return the fixture; close it
   * @throws UKeyException if the module refuses
   */
  public static GmToken create() throws UKeyException {
    return builder().create();
  }

  /**
   * The GM soft token library of this build.
   *
   * @return its path
   * @throws IllegalStateException if it is named but missing, or not built, with what to do
   */
  public static Path library() {
    String named = System.getProperty(LIBRARY_PROPERTY);
    String source = "-D" + LIBRARY_PROPERTY;
    if (named == null || named.isEmpty()) {
      named = System.getenv(LIBRARY_ENV);
      source = LIBRARY_ENV;
    }
    if (named != null && !named.isEmpty()) {
      Path p = Path.of(named);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(source + " names " + p + ", which is not a file");
      }
      return p;
    }
    return extracted();
  }

  private static synchronized Path extracted() {
    if (extracted != null) {
      return extracted;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    ClassLoader loader = GmToken.class.getClassLoader();
    try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the GM soft token library is not built: no " + RESOURCE
            + " on the class path" + (os.contains("linux") && (arch.equals("amd64")
            || arch.equals("x86_64")) ? "" : " (it is built for Linux x86-64 only; this is "
            + os + " " + arch + ")") + ". Build ukey-testkit (mvn -pl ukey-testkit -am package;"
            + " needs gcc, make and OpenSSL 3: apt-get install gcc make libssl-dev), or name a"
            + " built libukeygm.so with -D" + LIBRARY_PROPERTY + "=... or " + LIBRARY_ENV);
      }
      Path tmp = Files.createTempFile("libukeygm-", ".so");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      extracted = tmp;
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + RESOURCE, e);
    }
  }

  /**
   * The provider on this fixture's tokens.
   *
   * @return the provider; closed by {@link #close()}
   */
  public Pkcs11Provider provider() {
    return provider;
  }

  /**
   * The token in a slot now (after a {@link #remove(int)} and {@link #insert(int)}, a new one).
   *
   * @param slot 0 to {@link #slots()} - 1
   * @return the token
   * @throws org.ukey.api.TokenNotPresentException if the slot's token is removed
   * @throws UKeyException if the module fails
   */
  public Pkcs11Token token(int slot) throws UKeyException {
    checkSlot(slot);
    return provider.slot(slot);
  }

  /**
   * The token in slot 0.
   *
   * @return the token
   * @throws UKeyException if it is removed or the module fails
   */
  public Pkcs11Token token() throws UKeyException {
    return token(0);
  }

  /**
   * The number of slots.
   *
   * @return at least 1
   */
  public int slots() {
    return vendors.size();
  }

  /**
   * A slot's vendor behaviour.
   *
   * @param slot the slot
   * @return its vendor
   */
  public GmVendor vendor(int slot) {
    checkSlot(slot);
    return vendors.get(slot);
  }

  /**
   * The label of the token in a slot.
   *
   * @param slot the slot
   * @return the label given at creation, with {@code -N} appended when there are several slots
   */
  public String label(int slot) {
    checkSlot(slot);
    return vendors.size() == 1 ? label : label + "-" + slot;
  }

  /**
   * The user PIN of every token.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin userPin() {
    return Pin.of(userPin);
  }

  /**
   * The security officer PIN of every token.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin soPin() {
    return Pin.of(soPin);
  }

  /**
   * How many consecutive wrong PINs lock a PIN.
   *
   * @return the {@code pin.max-tries} of the configuration
   */
  public int maxTries() {
    return maxTries;
  }

  /**
   * Pulls the token out of a slot: the module drops its sessions and login, and
   * {@code C_GetSlotInfo} shows the slot empty.
   *
   * @param slot the slot
   */
  public void remove(int slot) {
    checkSlot(slot);
    try {
      Path dir = Files.createDirectories(slotDirectory(slot));
      Path marker = dir.resolve("removed");
      if (!Files.exists(marker)) {
        Files.writeString(marker, "removed by GmToken\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the token of slot " + slot, e);
    }
  }

  /**
   * Puts a removed token back into its slot (with its keys and PIN state; not logged in).
   *
   * @param slot the slot
   */
  public void insert(int slot) {
    checkSlot(slot);
    try {
      Files.deleteIfExists(slotDirectory(slot).resolve("removed"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot insert the token of slot " + slot, e);
    }
  }

  /**
   * Where the module keeps a slot's token.
   *
   * @param slot the slot
   * @return {@code <directory>/slotN}
   */
  public Path slotDirectory(int slot) {
    checkSlot(slot);
    return directory.resolve("slot" + slot);
  }

  /**
   * The token directory.
   *
   * @return the directory holding {@code ukeygm.conf} and the slots
   */
  public Path directory() {
    return directory;
  }

  /**
   * The configuration file.
   *
   * @return {@code <directory>/ukeygm.conf}
   */
  public Path config() {
    return config;
  }

  /**
   * The library in use.
   *
   * @return its path
   */
  public Path libraryPath() {
    return provider.libraryInfo().path();
  }

  /**
   * The environment another process needs to see these tokens
   * ({@code UKEY_GM_CONFIG=<config>}).
   *
   * @return the variables
   */
  public Map<String, String> environment() {
    return Map.of(CONFIG_ENV, config.toString());
  }

  /** Closes the provider and deletes the directory if this fixture made it. Idempotent. */
  @Override
  public void close() {
    provider.close();
    Arrays.fill(userPin, '\0');
    Arrays.fill(soPin, '\0');
    if (ownsDirectory && Files.exists(directory)) {
      delete(directory);
    }
  }

  private void checkSlot(int slot) {
    if (slot < 0 || slot >= vendors.size()) {
      throw new IllegalArgumentException("slot " + slot + " is not one of the " + vendors.size()
          + " slots of " + this);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** The configuration file's text. */
  static String configText(List<GmVendor> vendors, int maxTries) {
    StringBuilder b = new StringBuilder("# GM soft token for one test (ukey-testkit GmToken)\n")
        .append("slots = ").append(vendors.size()).append('\n')
        .append("pin.max-tries = ").append(maxTries).append('\n');
    for (int i = 0; i < vendors.size(); i++) {
      b.append("slot.").append(i).append(".vendor = ").append(vendors.get(i).word())
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "GmToken[" + label + ", " + vendors + ", " + directory + "]";
  }

  /**
   * Builds a {@link GmToken}.
   *
   * <p><b>Thread-safety:</b> not thread-safe.
   */
  public static final class Builder {
    private Path directory;
    private final List<GmVendor> vendors = new ArrayList<>(List.of(GmVendor.SANSEC));
    private String label = "gm";
    private String userPin = DEFAULT_USER_PIN;
    private String soPin = DEFAULT_SO_PIN;
    private int maxTries = DEFAULT_MAX_TRIES;
    private boolean pinChangeRequired;
    private Pkcs11Options.Builder options = Pkcs11Options.builder();

    private Builder() {}

    /**
     * Uses a given empty directory (kept on close) instead of a new temporary one (deleted).
     *
     * @param dir the directory
     * @return this
     */
    public Builder directory(Path dir) {
      this.directory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The slots, one per vendor given (1 to 16).
     *
     * @param slotVendors slot 0's vendor, slot 1's, …
     * @return this
     */
    public Builder slots(GmVendor... slotVendors) {
      if (slotVendors.length < 1 || slotVendors.length > 16) {
        throw new IllegalArgumentException("1 to 16 slots, not " + slotVendors.length);
      }
      vendors.clear();
      for (GmVendor v : slotVendors) {
        vendors.add(Objects.requireNonNull(v, "vendor"));
      }
      return this;
    }

    /**
     * The token label: with one slot the label itself, with several {@code label-N}.
     *
     * @param tokenLabel at most 29 bytes of UTF-8
     * @return this
     */
    public Builder label(String tokenLabel) {
      this.label = Objects.requireNonNull(tokenLabel, "tokenLabel");
      return this;
    }

    /**
     * The PINs of every token.
     *
     * @param user the user PIN (4 to 32 characters)
     * @param so the SO PIN (4 to 32 characters)
     * @return this
     */
    public Builder pins(String user, String so) {
      this.userPin = Objects.requireNonNull(user, "user");
      this.soPin = Objects.requireNonNull(so, "so");
      return this;
    }

    /**
     * Consecutive wrong PINs before a PIN locks ({@code pin.max-tries}).
     *
     * @param tries 1 or more
     * @return this
     */
    public Builder maxTries(int tries) {
      if (tries < 1) {
        throw new IllegalArgumentException("maxTries must be at least 1");
      }
      this.maxTries = tries;
      return this;
    }

    /**
     * Leaves the user PIN as {@code C_InitPIN} set it: right, but flagged
     * {@code CKF_USER_PIN_TO_BE_CHANGED} until the user changes it.
     *
     * @param required true to leave the flag set
     * @return this
     */
    public Builder pinChangeRequired(boolean required) {
      this.pinChangeRequired = required;
      return this;
    }

    /**
     * Options for the provider (the fixture adds {@code UKEY_GM_CONFIG} to them).
     *
     * @param providerOptions the options
     * @return this
     */
    public Builder options(Pkcs11Options.Builder providerOptions) {
      this.options = Objects.requireNonNull(providerOptions, "providerOptions");
      return this;
    }

    /**
     * Writes the configuration, loads the module on it and initializes every token.
     *
     * @return the fixture; close it
     * @throws UKeyException if the module refuses
     * @throws IllegalStateException if the library is missing, or is open in this JVM already
     */
    public GmToken create() throws UKeyException {
      Path lib = library();
      boolean owns = directory == null;
      Path dir;
      Path config;
      try {
        dir = owns ? Files.createTempDirectory("ukey-gm-") : Files.createDirectories(directory);
        config = dir.resolve("ukeygm.conf");
        Files.writeString(config, configText(vendors, maxTries), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare a GM token directory", e);
      }
      Pkcs11Provider provider;
      try {
        provider = Pkcs11.load(lib, options.environment(CONFIG_ENV, config.toString()).build());
      } catch (UKeyException e) {
        if (owns) {
          delete(dir);
        }
        if (e.getMessage() != null && e.getMessage().contains("another environment")) {
          throw new IllegalStateException("the GM soft token " + lib + " is still open in this"
              + " JVM for another GmToken; close it (or its provider) first: "
              + e.getMessage(), e);
        }
        throw e;
      }
      GmToken gm = new GmToken(this, dir, config, provider);
      try {
        if (!provider.libraryInfo().initializedHere()) {
          throw new IllegalStateException("the GM soft token " + lib + " was already"
              + " initialized in this JVM by another component, so it does not read " + config
              + "; close whatever holds it open first");
        }
        for (int slot = 0; slot < vendors.size(); slot++) {
          initialize(gm, slot);
        }
      } catch (UKeyException | RuntimeException e) {
        gm.close();
        throw e;
      }
      return gm;
    }

    /** C_InitToken, C_InitPIN as the SO, then (unless asked not to) C_SetPIN by the user. */
    private void initialize(GmToken gm, int slot) throws UKeyException {
      Pkcs11Provider p = gm.provider;
      String tokenLabel = gm.label(slot);
      try (Pin so = gm.soPin(); Pin user = gm.userPin()) {
        Pkcs11Token blank = p.slot(slot);
        if (blank.isInitialized()) {
          throw new IllegalStateException("slot " + slot + " of " + gm.config
              + " already holds an initialized token; give the fixture an empty directory");
        }
        blank.initialize(so, tokenLabel);
        if (pinChangeRequired) {
          p.slot(slot).unlockPin(so, user);
          return;
        }
        // C_InitPIN leaves the PIN to be changed; the user's first C_SetPIN clears that.
        char[] interim = userPin.toCharArray();
        int last = interim.length - 1;
        interim[last] = interim[last] == '0' ? '1' : '0';
        try (Pin first = Pin.ofAndWipe(interim)) {
          p.slot(slot).unlockPin(so, first);
          p.slot(slot).changePin(first, user);
        }
      }
    }
  }
}
