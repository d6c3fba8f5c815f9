package org.ukey.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spots what seed 000 §17.1 and §19 call suspected impersonation and abnormal login: {@code n}
 * wrong PINs on one UKey within a window, use outside usual hours, and one key used from two
 * terminals within a window. {@link PolicyGuard} feeds it every login and use; each rule is off
 * unless configured.
 *
 * <p>It remembers what it saw in memory, per guard: the two-terminal rule sees the terminals whose
 * sessions go through the same guard (a signing server serving many desks). For nodes that do not
 * share a guard, the shared audit trail records every terminal for the spot checks.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class AnomalyDetector {
  private final int wrongPins;
  private final Duration wrongPinWindow;
  private final LocalTime usualFrom;
  private final LocalTime usualTo;
  private final Duration twoTerminalWindow;
  private final boolean freeze;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();
  private final Map<KeyNumber, Use> lastUse = new HashMap<>();

  private record Use(String terminal, Instant at) {}

  private AnomalyDetector(Builder b) {
    this.wrongPins = b.wrongPins;
    this.wrongPinWindow = b.wrongPinWindow;
    this.usualFrom = b.usualFrom;
    this.usualTo = b.usualTo;
    this.twoTerminalWindow = b.twoTerminalWindow;
    this.freeze = b.freeze;
  }

  /**
   * A builder with every rule off.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the guard freezes the keys concerned in the ledger at once (seed 000 §17.2 权限冻结,
   * §19.1 临时停用).
   *
   * @return true to freeze
   */
  public boolean freezes() {
    return freeze;
  }

  /**
   * A wrong PIN was entered.
   *
   * @param at when
   * @param tokenSerial the UKey
   * @return the rule crossed, or {@code null}
   */
  synchronized PolicyRule wrongPin(Instant at, String tokenSerial) {
    if (wrongPins <= 0) {
      return null;
    }
    Deque<Instant> q = failures.computeIfAbsent(tokenSerial, k -> new ArrayDeque<>());
    q.addLast(at);
    while (!q.isEmpty() && Duration.between(q.peekFirst(), at).compareTo(wrongPinWindow) > 0) {
      q.removeFirst();
    }
    if (q.size() >= wrongPins) {
      q.clear();
      return SeedRules.ANOMALY_WRONG_PINS;
    }
    return null;
  }

  /**
   * A key was used (or a login made) from a terminal.
   *
   * @param at when
   * @param zone the local zone, for usual hours
   * @param keyNo the key
   * @param terminal the terminal, or {@code null}
   * @return the rules crossed, possibly none
   */
  synchronized List<PolicyRule> use(Instant at, ZoneId zone, KeyNumber keyNo, String terminal) {
    List<PolicyRule> out = new ArrayList<>();
    if (usualFrom != null) {
      if (!PolicyGuard.within(at.atZone(zone).toLocalTime(), usualFrom, usualTo)) {
        out.add(SeedRules.ANOMALY_HOURS);
      }
    }
    if (twoTerminalWindow != null && keyNo != null && terminal != null) {
      Use last = lastUse.put(keyNo, new Use(terminal, at));
      if (last != null && !terminal.equals(last.terminal())
          && Duration.between(last.at(), at).abs().compareTo(twoTerminalWindow) <= 0) {
        out.add(SeedRules.ANOMALY_TWO_TERMINALS);
      }
    }
    return out;
  }

  /** Builds an {@link AnomalyDetector}. */
  public static final class Builder {
    private int wrongPins;
    private Duration wrongPinWindow;
    private LocalTime usualFrom;
    private LocalTime usualTo;
    private Duration twoTerminalWindow;
    private boolean freeze;

    private Builder() {}

    /**
     * Alert after {@code n} wrong PINs on one UKey within a window.
     *
     * @param n at least 1
     * @param window the window
     * @return this builder
     */
    public Builder wrongPins(int n, Duration window) {
      if (n < 1) {
        throw new IllegalArgumentException("n < 1");
      }
      this.wrongPins = n;
      this.wrongPinWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * Alert on use outside these hours (local time of the guard's clock; may span midnight).
     *
     * @param from start of usual hours
     * @param to end of usual hours
     * @return this builder
     */
    public Builder usualHours(LocalTime from, LocalTime to) {
      this.usualFrom = Objects.requireNonNull(from, "from");
      this.usualTo = Objects.requireNonNull(to, "to");
      return this;
    }

    /**
     * Alert when one key is used from two terminals within a window.
     *
     * @param window the window
     * @return this builder
     */
    public Builder twoTerminals(Duration window) {
      this.twoTerminalWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * Freeze the keys concerned in the ledger when an alert is raised.
     *
     * @param on true to freeze
     * @return this builder
     */
    public Builder freeze(boolean on) {
      this.freeze = on;
      return this;
    }

    /**
     * The detector.
     *
     * @return the detector
     */
    public AnomalyDetector build() {
      return new AnomalyDetector(this);
    }
  }
}
