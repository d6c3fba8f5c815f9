package org.ukey.policy;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.Pin;
import org.ukey.api.UKeyException;
import org.ukey.policy.internal.Fields;
import org.ukey.sm2.Sm3;

/**
 * The previous PINs of each token, kept as salted slow hashes so that a new PIN can be refused
 * when it repeats one ({@link PinPolicy#check(Pin, Pin, Snapshot)}).
 *
 * <p>Each entry is PBKDF2 (RFC 8018 §5.2) with HMAC-SM3, a 16-byte random salt and the configured
 * iteration count, over the PIN's UTF-8 bytes; the PIN itself is never stored.
 *
 * <p><b>Security:</b> a short PIN's hash can be brute-forced by whoever reads the store; keep the
 * store as private as the token directory, and keep the history short.
 *
 * <p><b>Thread-safety:</b> thread-safe; the store serialises writes.
 */
public final class PinHistory {
  /** A history with nothing in it, for checks without one. */
  public static final Snapshot NONE = new Snapshot(List.of());

  /** The default PBKDF2 iteration count. */
  public static final int DEFAULT_ITERATIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PolicyStore store;
  private final int iterations;

  private PinHistory(PolicyStore store, int iterations) {
    this.store = Objects.requireNonNull(store, "store");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations < 1");
    }
    this.iterations = iterations;
  }

  /**
   * A history kept in a store, with {@value #DEFAULT_ITERATIONS} iterations.
   *
   * @param store the store
   * @return the history
   */
  public static PinHistory in(PolicyStore store) {
    return new PinHistory(store, DEFAULT_ITERATIONS);
  }

  /**
   * A history kept in a store with another iteration count (tests use fewer).
   *
   * @param store the store
   * @param iterations at least 1
   * @return the history
   */
  public static PinHistory in(PolicyStore store, int iterations) {
    return new PinHistory(store, iterations);
  }

  /**
   * The history of one token.
   *
   * @param tokenSerial the token's serial
   * @return a snapshot to check a new PIN against
   * @throws UKeyException if the store fails or holds a damaged entry
   */
  public Snapshot load(String tokenSerial) throws UKeyException {
    List<Entry> entries = new ArrayList<>();
    for (byte[] b : store.pinHistory(tokenSerial)) {
      entries.add(Entry.decode(b));
    }
    return new Snapshot(entries);
  }

  /**
   * Records a PIN as the newest of a token's history, keeping the newest {@code depth}.
   *
   * @param tokenSerial the token's serial
   * @param pin the PIN now in use; not closed
   * @param depth how many to keep
   * @throws UKeyException if the store fails
   */
  public void remember(String tokenSerial, Pin pin, int depth) throws UKeyException {
    if (depth <= 0) {
      return;
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    List<byte[]> kept = new ArrayList<>();
    kept.add(new Entry(salt, iterations, hash(pin, salt, iterations)).encode());
    List<byte[]> old = store.pinHistory(tokenSerial);
    for (int i = 0; i < old.size() && kept.size() < depth; i++) {
      kept.add(old.get(i));
    }
    store.savePinHistory(tokenSerial, kept);
  }

  static byte[] hash(Pin pin, byte[] salt, int iterations) {
    byte[] password = pin.toUtf8();
    try {
      PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(Sm3.newDigest());
      gen.init(password, salt, iterations);
      return ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** One stored hash. */
  private record Entry(byte[] salt, int iterations, byte[] hash) {
    byte[] encode() {
      java.util.HexFormat hex = java.util.HexFormat.of();
      return Fields.builder().put("salt", hex.formatHex(salt)).put("iter", iterations)
          .put("hash", hex.formatHex(hash)).build().encode();
    }

    static Entry decode(byte[] b) throws InvalidEncodingException {
      Fields f = Fields.decode("PIN history entry", b);
      long iter = f.requireLong("PIN history entry", "iter");
      if (iter < 1 || iter > 10_000_000) {
        throw new InvalidEncodingException("PIN history entry.iter", -1, "out of range");
      }
      try {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return new Entry(hex.parseHex(f.require("PIN history entry", "salt")), (int) iter,
            hex.parseHex(f.require("PIN history entry", "hash")));
      } catch (IllegalArgumentException e) {
        throw new InvalidEncodingException("PIN history entry", -1, "not hex", e);
      }
    }
  }

  /**
   * A token's previous PINs at one moment.
   *
   * <p><b>Thread-safety:</b> immutable.
   */
  public static final class Snapshot {
    private final List<Entry> entries;

    private Snapshot(List<Entry> entries) {
      this.entries = List.copyOf(entries);
    }

    /**
     * Whether a PIN equals one of the newest {@code depth} previous PINs.
     *
     * @param pin the PIN
     * @param depth how many to compare with
     * @return true when it was used before
     */
    public boolean contains(Pin pin, int depth) {
      for (int i = 0; i < Math.min(depth, entries.size()); i++) {
        Entry e = entries.get(i);
        if (MessageDigest.isEqual(e.hash(), hash(pin, e.salt(), e.iterations()))) {
          return true;
        }
      }
      return false;
    }

    /**
     * How many previous PINs are known.
     *
     * @return the count
     */
    public int size() {
      return entries.size();
    }
  }
}
