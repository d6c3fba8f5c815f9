package org.ukey.pkcs11;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Pkcs11#load(Path, Pkcs11Options)} uses a library. The defaults suit a UKey or an
 * HSM; most applications need none of these.
 *
 * <p><b>Thread-safety:</b> immutable; the builder is not thread-safe.
 */
public final class Pkcs11Options {
  private static final Pkcs11Options DEFAULTS = builder().build();

  private final String profile;
  private final List<Path> profileFiles;
  private final int maxSessions;
  private final Duration sessionTimeout;
  private final Duration watchInterval;
  private final Map<String, String> environment;
  private final boolean directCalls;

  private Pkcs11Options(Builder b) {
    this.profile = b.profile;
    this.profileFiles = List.copyOf(b.profileFiles);
    this.maxSessions = b.maxSessions;
    this.sessionTimeout = b.sessionTimeout;
    this.watchInterval = b.watchInterval;
    this.environment = Map.copyOf(b.environment);
    this.directCalls = b.directCalls;
  }

  /**
   * The defaults: profile picked by manufacturer, at most 32 sessions per token, 10 s to borrow
   * one, watch events polled every 500 ms, direct calls where the module allows.
   *
   * @return the defaults
   */
  public static Pkcs11Options defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The profile forced by name, if any.
   *
   * @return the profile name, or empty to pick by the token's manufacturer ID
   */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /**
   * The user's profile files, added to the built-in ones.
   *
   * @return the files
   */
  public List<Path> profileFiles() {
    return profileFiles;
  }

  /**
   * The most native sessions the SDK opens per token (also bounded by the token's
   * {@code ulMaxSessionCount}).
   *
   * @return the bound
   */
  public int maxSessions() {
    return maxSessions;
  }

  /**
   * How long an operation waits for a free native session before it fails.
   *
   * @return the timeout
   */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /**
   * How often {@code watch} polls for slot events.
   *
   * @return the interval
   */
  public Duration watchInterval() {
    return watchInterval;
  }

  /**
   * Environment variables set in this process before the library is initialized.
   *
   * @return the variables
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Whether the per-operation functions may be called through JNA direct mapping.
   *
   * @return true by default
   */
  public boolean directCalls() {
    return directCalls;
  }

  /** Builds {@link Pkcs11Options}. */
  public static final class Builder {
    private String profile;
    private final List<Path> profileFiles = new ArrayList<>();
    private int maxSessions = 32;
    private Duration sessionTimeout = Duration.ofSeconds(10);
    private Duration watchInterval = Duration.ofMillis(500);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean directCalls = true;

    private Builder() {}

    /**
     * Uses a mechanism profile by name instead of picking one by the token's manufacturer ID.
     *
     * @param name a built-in profile ({@code standard}, {@code sansec}, {@code tass},
     *     {@code luna}, {@code westone}, {@code ibm-ep11}), one from a
     *     {@link #profileFile(Path) profile file}, or the path of a profile file
     * @return this
     */
    public Builder profile(String name) {
      this.profile = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a profile file (the format is in the README and in the built-in {@code standard}
     * profile). Its profile can then be named with {@link #profile(String)}, or is picked when
     * its {@code match.*} lines match a token; user files are tried before the built-in ones.
     *
     * @param file the {@code .properties} file
     * @return this
     */
    public Builder profileFile(Path file) {
      profileFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Bounds the native sessions per token.
     *
     * @param max 1 or more
     * @return this
     */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1, was " + max);
      }
      this.maxSessions = max;
      return this;
    }

    /**
     * Sets how long an operation waits for a free native session.
     *
     * @param timeout positive
     * @return this
     */
    public Builder sessionTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sessionTimeout must be positive");
      }
      this.sessionTimeout = timeout;
      return this;
    }

    /**
     * Sets how often {@code watch} polls.
     *
     * @param interval at least 10 ms
     * @return this
     */
    public Builder watchInterval(Duration interval) {
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("watchInterval must be at least 10 ms");
      }
      this.watchInterval = interval;
      return this;
    }

    /**
     * Sets an environment variable of this process before the library's {@code C_Initialize},
     * for modules configured that way ({@code SOFTHSM2_CONF}, {@code OPENSC_CONF}, most vendors'
     * log and config switches). Process-wide and effective only when this load initializes the
     * library; supported on Linux and macOS.
     *
     * @param name the variable
     * @param value its value
     * @return this
     */
    public Builder environment(String name, String value) {
      if (name.isEmpty() || name.indexOf('=') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: " + name);
      }
      environment.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Whether per-operation calls may use JNA direct mapping (the default) or must all go
     * through JNA's generic calls on the {@code CK_FUNCTION_LIST} pointers, which is slower and
     * useful only to diagnose a module.
     *
     * @param allowed false to disable direct mapping
     * @return this
     */
    public Builder directCalls(boolean allowed) {
      this.directCalls = allowed;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public Pkcs11Options build() {
      return new Pkcs11Options(this);
    }
  }
}
