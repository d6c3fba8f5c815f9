package org.ukey.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ukey.api.Pin;
import org.ukey.api.PolicyViolationException;

/**
 * What a new PIN (口令) must be: its length, the character classes it needs and may use, and what
 * it must not be (an initial or default PIN, a previous PIN, a trivial sequence or repeat, a known
 * weak PIN).
 *
 * <p>Presets: {@link #town000()} — seed 000 §11.2: "密码强度：8 - 16 位，大小写字母+数字+特殊符号，
 * 禁止弱口令" (8 to 16 characters of upper and lower case letters, digits and special characters;
 * no weak PINs); {@link #finance001()} — seed 001 §23: "新的 PIN 码必须是 6-10 位数字和字母的组合"
 * (6 to 10 characters combining digits and letters). Both forbid keeping the initial PIN (seed
 * 000 §11.1, seed 001 §23). {@link #baseline()} keeps only what every PIN change should refuse
 * whatever the token's own length and character rules: the initial or default PIN, trivial
 * sequences and repeats, known weak PINs and the current PIN (seed 000 §11.1–11.2, §22.3).
 *
 * <p><b>Security:</b> a refusal names the rule and the policy, never the PIN, its length or which
 * characters it has. The PIN's characters are copied only into arrays that are wiped before
 * {@link #check} returns.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class PinPolicy {
  /** Character classes of printable ASCII. */
  public enum CharClass {
    /** A–Z. */
    UPPER,
    /** a–z. */
    LOWER,
    /** 0–9. */
    DIGIT,
    /** Printable ASCII punctuation and symbols (特殊符号). */
    SPECIAL;

    static CharClass of(char c) {
      if (c >= 'A' && c <= 'Z') {
        return UPPER;
      } else if (c >= 'a' && c <= 'z') {
        return LOWER;
      } else if (c >= '0' && c <= '9') {
        return DIGIT;
      } else if (c > 0x20 && c < 0x7f) {
        return SPECIAL;
      }
      return null;
    }
  }

  /**
   * PINs seen over and over in leaked lists and as vendor defaults; compared ignoring case.
   * Sources: the "top 100" lists of Chinese leaked passwords (CSDN 2011 leak analyses) and common
   * UKey factory PINs.
   */
  private static final Set<String> BUILT_IN_WEAK = Set.of("123456", "12345678", "123456789",
      "1234567890", "111111", "11111111", "000000", "00000000", "888888", "88888888", "666666",
      "66666666", "123123", "123123123", "654321", "87654321", "112233", "121212", "520520",
      "5201314", "1314520", "woaini", "woaini1314", "iloveyou", "password", "passw0rd",
      "p@ssw0rd", "p@ssword", "password1", "password123", "admin", "admin123", "admin@123",
      "admin888", "root", "root123", "qwerty", "qwerty123", "qwertyuiop", "abc123", "abc123456",
      "abcd1234", "abc@123", "abc@1234", "a123456", "a12345678", "aa123456", "aa123456!",
      "aa123456.", "qq123456", "1qaz2wsx", "1qaz@wsx", "1q2w3e4r", "1q2w3e4r5t", "zxcvbnm",
      "asdfghjkl", "test123", "test@123", "welcome1", "changeme", "default", "ukey1234",
      "ukey@123", "12345qwert", "qwe123", "qwe@123", "asd123", "zxc123");

  /** PINs UKeys and soft tokens commonly ship with (初始默认密码), refused as new PINs. */
  private static final Set<String> BUILT_IN_DEFAULTS = Set.of("123456", "12345678", "1234",
      "111111", "11111111", "000000", "00000000", "888888", "88888888", "666666", "1234qwer",
      "12345678a");

  private final String name;
  private final String source;
  private final int minLength;
  private final int maxLength;
  private final Set<CharClass> required;
  private final Set<CharClass> allowed;
  private final int historyDepth;
  private final int trivialRun;
  private final Set<String> weak;
  private final Set<String> defaults;
  private final boolean digitAndLetter;
  private final boolean shapeChecked;
  private final PolicyRule lengthRule;
  private final PolicyRule classesRule;

  private PinPolicy(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.minLength = b.minLength;
    this.maxLength = b.maxLength;
    this.required = Set.copyOf(b.required);
    this.allowed = Set.copyOf(b.allowed);
    this.historyDepth = b.historyDepth;
    this.trivialRun = b.trivialRun;
    this.weak = Set.copyOf(b.weak);
    this.defaults = Set.copyOf(b.defaults);
    this.digitAndLetter = b.digitAndLetter;
    this.shapeChecked = b.shapeChecked;
    this.lengthRule = new PolicyRule("pin.length", source,
        "a PIN has " + minLength + " to " + maxLength + " characters");
    this.classesRule = new PolicyRule("pin.character-classes", source,
        "a PIN has " + describeRequirement() + (allowed.equals(EnumSet.allOf(CharClass.class))
            ? "" : " and nothing but " + describe(allowed)));
  }

  /**
   * Seed 000 §11 (town-000): 8 to 16 characters with upper and lower case letters, digits and
   * special characters; no weak PIN; not the initial PIN; not one of the last 5 PINs.
   *
   * @return the preset
   */
  public static PinPolicy town000() {
    return builder("town-000", "seed 000 §11.2").length(8, 16)
        .require(CharClass.UPPER, CharClass.LOWER, CharClass.DIGIT, CharClass.SPECIAL)
        .history(5).build();
  }

  /**
   * Seed 001 §23 (finance-001): 6 to 10 characters combining digits and letters (and nothing
   * else); no weak PIN; not the initial PIN; not one of the last 5 PINs.
   *
   * @return the preset
   */
  public static PinPolicy finance001() {
    return builder("finance-001", "seed 001 §23").length(6, 10)
        .allow(CharClass.UPPER, CharClass.LOWER, CharClass.DIGIT)
        .requireDigitAndLetter().history(5).build();
  }

  /**
   * The rules every PIN change should pass whatever the token: not an initial or default PIN
   * (seed 000 §11.1), not a trivial sequence or repeat, not a known weak PIN (seed 000 §11.2,
   * §22.3), not the current PIN. Length and character classes are left to the token, which
   * enforces its own range; no history. This is what {@code ukey pin change} and
   * {@code ukey pin unlock} apply when no policy is chosen.
   *
   * @return the preset, named {@code baseline}
   */
  public static PinPolicy baseline() {
    return builder("baseline", "seed 000 §11.1; seed 000 §11.2; seed 000 §22.3")
        .lengthAndClassesLeftToToken().build();
  }

  /**
   * A preset by name: {@code town-000}, {@code finance-001} or {@code baseline}.
   *
   * @param name the name
   * @return the preset, or empty when unknown
   */
  public static Optional<PinPolicy> byName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "town-000":
        return Optional.of(town000());
      case "finance-001":
        return Optional.of(finance001());
      case "baseline":
        return Optional.of(baseline());
      default:
        return Optional.empty();
    }
  }

  /**
   * A builder for a host's own policy; starts with length 6 to 16, all classes allowed, none
   * required, the built-in weak and default lists, trivial runs of 4 refused, no history.
   *
   * @param name the policy's name, as {@code ukey pin check --policy} takes it
   * @param source the article it implements, cited in refusals
   * @return the builder
   */
  public static Builder builder(String name, String source) {
    return new Builder(name, source);
  }

  /**
   * The policy's name.
   *
   * @return for example {@code "town-000"}
   */
  public String name() {
    return name;
  }

  /**
   * How many previous PINs a new PIN must differ from.
   *
   * @return the depth; 0 when only the current PIN is compared
   */
  public int historyDepth() {
    return historyDepth;
  }

  /**
   * Whether this policy checks length and character classes itself; {@code false} for
   * {@link #baseline()}, which leaves them to the token.
   *
   * @return {@code true} unless built with {@link Builder#lengthAndClassesLeftToToken()}
   */
  public boolean checksLengthAndClasses() {
    return shapeChecked;
  }

  /**
   * Checks a new PIN on its own: length, classes, initial/default, trivial, weak.
   *
   * @param newPin the proposed PIN; not closed by this method
   * @throws PolicyViolationException naming the first rule broken
   */
  public void check(Pin newPin) throws PolicyViolationException {
    check(newPin, null, PinHistory.NONE);
  }

  /**
   * Checks a PIN change: everything {@link #check(Pin)} checks, plus that the new PIN is not the
   * current one nor in the holder's history.
   *
   * @param newPin the proposed PIN
   * @param currentPin the PIN being replaced (the initial PIN at first change), or {@code null}
   * @param history the holder's previous PINs
   * @throws PolicyViolationException naming the first rule broken
   */
  public void check(Pin newPin, Pin currentPin, PinHistory.Snapshot history)
      throws PolicyViolationException {
    Objects.requireNonNull(newPin, "newPin");
    Objects.requireNonNull(history, "history");
    char[] c = newPin.toCharArray();
    try {
      if (shapeChecked) {
        checkShape(c);
      }
      if (inList(c, defaults)) {
        throw SeedRules.PIN_INITIAL.violation("PIN is an initial or default PIN (policy "
            + name + ")");
      }
      if (isTrivial(c, trivialRun)) {
        throw SeedRules.PIN_TRIVIAL.violation("PIN is a trivial sequence or repeat (policy "
            + name + ")");
      }
      if (inList(c, weak) || inList(withoutTrailingSymbols(c), BUILT_IN_WEAK)) {
        throw SeedRules.PIN_WEAK_LIST.violation("PIN is on the list of weak PINs (policy "
            + name + ")");
      }
      if (currentPin != null && newPin.matches(currentPin)) {
        throw SeedRules.PIN_REUSED.violation("new PIN equals the current PIN (policy " + name
            + ")");
      }
      if (history.contains(newPin, historyDepth)) {
        throw SeedRules.PIN_REUSED.violation("new PIN equals one of the last " + historyDepth
            + " PINs (policy " + name + ")");
      }
    } finally {
      Arrays.fill(c, '\0');
    }
  }

  private void checkShape(char[] c) throws PolicyViolationException {
    if (c.length < minLength || c.length > maxLength) {
      throw lengthRule.violation("PIN length is outside " + minLength + " to " + maxLength
          + " (policy " + name + ")");
    }
    EnumSet<CharClass> present = EnumSet.noneOf(CharClass.class);
    for (char ch : c) {
      CharClass k = CharClass.of(ch);
      if (k == null || !allowed.contains(k)) {
        throw classesRule.violation("PIN has a character outside " + describe(allowed)
            + " (policy " + name + ")");
      }
      present.add(k);
    }
    boolean letter = present.contains(CharClass.UPPER) || present.contains(CharClass.LOWER);
    if (!present.containsAll(required)
        || (digitAndLetter && !(letter && present.contains(CharClass.DIGIT)))) {
      throw classesRule.violation("PIN lacks a required character class: needs "
          + describeRequirement() + " (policy " + name + ")");
    }
  }

  private String describeRequirement() {
    return digitAndLetter ? "a digit and a letter" : describe(required);
  }

  /**
   * Whether the PIN is a run of {@code run} or more repeated or consecutive characters
   * ({@code 1111}, {@code 1234}, {@code dcba}), or one short pattern repeated ({@code abcabc},
   * {@code 121212}).
   */
  static boolean isTrivial(char[] c, int run) {
    if (run > 1) {
      int same = 1;
      int up = 1;
      int down = 1;
      for (int i = 1; i < c.length; i++) {
        char a = Character.toLowerCase(c[i - 1]);
        char b = Character.toLowerCase(c[i]);
        same = a == b ? same + 1 : 1;
        up = b == a + 1 ? up + 1 : 1;
        down = b == a - 1 ? down + 1 : 1;
        if (same >= run || up >= run || down >= run) {
          return true;
        }
      }
    }
    for (int period = 1; period <= 3 && period < c.length; period++) {
      if (c.length % period != 0) {
        continue;
      }
      boolean repeats = true;
      for (int i = period; i < c.length && repeats; i++) {
        repeats = Character.toLowerCase(c[i]) == Character.toLowerCase(c[i - period]);
      }
      if (repeats) {
        return true;
      }
    }
    return false;
  }

  /** Compares without making a String of the PIN, ignoring ASCII case. */
  private static boolean inList(char[] c, Set<String> list) {
    for (String w : list) {
      if (w.length() != c.length) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < c.length && same; i++) {
        char a = c[i] >= 'A' && c[i] <= 'Z' ? (char) (c[i] + 32) : c[i];
        same = a == w.charAt(i);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /** "Admin@123!" and "Admin@123" are equally weak: a view without trailing symbols. */
  private static char[] withoutTrailingSymbols(char[] c) {
    int end = c.length;
    while (end > 0 && CharClass.of(c[end - 1]) == CharClass.SPECIAL) {
      end--;
    }
    return end == c.length ? c : Arrays.copyOf(c, end);
  }

  private static String describe(Collection<CharClass> classes) {
    TreeSet<CharClass> sorted = new TreeSet<>(classes);
    StringBuilder sb = new StringBuilder();
    for (CharClass k : sorted) {
      if (sb.length() > 0) {
        sb.append('+');
      }
      sb.append(k.name().toLowerCase(Locale.ROOT));
    }
    return sb.length() == 0 ? "any class" : sb.toString();
  }

  @Override
  public String toString() {
    String shape = shapeChecked ? minLength + ".." + maxLength + ", requires "
        + describeRequirement() : "length and classes left to the token";
    return "PinPolicy[" + name + ", " + shape + ", history " + historyDepth + ", " + source
        + "]";
  }

  /** Builds a {@link PinPolicy}; {@link #build()} refuses impossible combinations. */
  public static final class Builder {
    private final String name;
    private final String source;
    private int minLength = 6;
    private int maxLength = 16;
    private final EnumSet<CharClass> required = EnumSet.noneOf(CharClass.class);
    private final EnumSet<CharClass> allowed = EnumSet.allOf(CharClass.class);
    private int historyDepth;
    private int trivialRun = 4;
    private boolean digitAndLetter;
    private boolean shapeChecked = true;
    private final Set<String> weak = new java.util.HashSet<>(BUILT_IN_WEAK);
    private final Set<String> defaults = new java.util.HashSet<>(BUILT_IN_DEFAULTS);

    private Builder(String name, String source) {
      this.name = Objects.requireNonNull(name, "name");
      this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The length range.
     *
     * @param min at least 4
     * @param max at least {@code min}, at most 64
     * @return this builder
     */
    public Builder length(int min, int max) {
      this.minLength = min;
      this.maxLength = max;
      return this;
    }

    /**
     * Classes the PIN must have one character of each.
     *
     * @param classes the classes
     * @return this builder
     */
    public Builder require(CharClass... classes) {
      required.addAll(Arrays.asList(classes));
      return this;
    }

    /**
     * Requires at least one digit and one letter of either case ("数字和字母的组合").
     *
     * @return this builder
     */
    public Builder requireDigitAndLetter() {
      digitAndLetter = true;
      return this;
    }

    /**
     * Checks neither length nor character classes: the token enforces its own range (a UKey
     * typically 6 to 16, SoftHSM 4 to 255), and the policy keeps only the initial/default,
     * trivial, weak and reuse rules. {@link #length}, {@link #require}, {@link #allow} and
     * {@link #requireDigitAndLetter} are then ignored.
     *
     * @return this builder
     */
    public Builder lengthAndClassesLeftToToken() {
      shapeChecked = false;
      return this;
    }

    /**
     * The only classes the PIN may use (all, unless told).
     *
     * @param classes the classes
     * @return this builder
     */
    public Builder allow(CharClass... classes) {
      allowed.clear();
      allowed.addAll(Arrays.asList(classes));
      return this;
    }

    /**
     * How many previous PINs a new PIN must differ from.
     *
     * @param depth 0 to 24
     * @return this builder
     */
    public Builder history(int depth) {
      this.historyDepth = depth;
      return this;
    }

    /**
     * The shortest run of repeated or consecutive characters refused as trivial.
     *
     * @param run 3 or more; 0 to refuse only whole-PIN repeats of a short pattern
     * @return this builder
     */
    public Builder trivialRun(int run) {
      this.trivialRun = run;
      return this;
    }

    /**
     * Adds weak PINs to refuse (compared ignoring ASCII case).
     *
     * @param pins the PINs, for example an organisation's old defaults
     * @return this builder
     */
    public Builder weak(Collection<String> pins) {
      pins.forEach(p -> weak.add(p.toLowerCase(Locale.ROOT)));
      return this;
    }

    /**
     * Adds initial PINs to refuse, such as the one a vendor's keys ship with.
     *
     * @param pins the PINs
     * @return this builder
     */
    public Builder initialPins(Collection<String> pins) {
      pins.forEach(p -> defaults.add(p.toLowerCase(Locale.ROOT)));
      return this;
    }

    /**
     * The policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if the settings cannot be met by any PIN
     */
    public PinPolicy build() {
      if (minLength < 4 || maxLength < minLength || maxLength > 64) {
        throw new IllegalArgumentException("length range must be within 4..64, was "
            + minLength + ".." + maxLength);
      }
      if (!allowed.containsAll(required)) {
        throw new IllegalArgumentException("a required class is not allowed");
      }
      if (required.size() > minLength) {
        throw new IllegalArgumentException("more required classes than the minimum length");
      }
      if (digitAndLetter && (!allowed.contains(CharClass.DIGIT)
          || !(allowed.contains(CharClass.UPPER) || allowed.contains(CharClass.LOWER)))) {
        throw new IllegalArgumentException("digits and letters required but not allowed");
      }
      if (historyDepth < 0 || historyDepth > 24) {
        throw new IllegalArgumentException("history depth must be 0..24");
      }
      if (trivialRun != 0 && trivialRun < 3) {
        throw new IllegalArgumentException("trivial run must be 0 or at least 3");
      }
      return new PinPolicy(this);
    }
  }
}
