package org.ukey.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A PIN (口令) held as characters that can be wiped.
 *
 * <p>{@link #of(char[])} copies the caller's characters; the caller should wipe its own array.
 * {@link #close()} overwrites the copy with zeros; any later use throws
 * {@link IllegalStateException}. Use it in try-with-resources.
 *
 * <p><b>Security:</b> {@link #toString()} prints {@code Pin[****]} whatever the PIN; there is no
 * content-based {@code equals}/{@code hashCode} (a PIN in a hash set would linger and leak its
 * hash); {@link #matches(Pin)} compares in time that does not depend on where the PINs differ.
 * The accessors return fresh copies which the caller must wipe ({@code Arrays.fill(a, '\0')}).
 * A {@code Pin} is not {@link java.io.Serializable}.
 *
 * <p><b>Thread-safety:</b> safe for use from several threads; {@code close()} racing with a read
 * may make the read fail with {@link IllegalStateException} but never return a half-wiped PIN.
 */
public final class Pin implements AutoCloseable {
  private final char[] chars;
  private boolean closed;

  private Pin(char[] chars) {
    this.chars = chars;
  }

  /**
   * Makes a PIN from characters, copying them.
   *
   * @param chars the PIN; not modified, still the caller's to wipe
   * @return a new PIN
   * @throws NullPointerException if {@code chars} is null
   */
  public static Pin of(char[] chars) {
    return new Pin(Objects.requireNonNull(chars, "chars").clone());
  }

  /**
   * Makes a PIN from characters and wipes the caller's array, for code that reads a PIN into a
   * temporary buffer (a console, a file) and wants exactly one live copy.
   *
   * @param chars the PIN; overwritten with {@code '\0'} before this returns
   * @return a new PIN
   */
  public static Pin ofAndWipe(char[] chars) {
    Pin pin = of(chars);
    Arrays.fill(chars, '\0');
    return pin;
  }

  /**
   * The number of characters.
   *
   * @return the length
   * @throws IllegalStateException if the PIN was closed
   */
  public synchronized int length() {
    checkOpen();
    return chars.length;
  }

  /**
   * A copy of the characters. The caller must wipe it when done.
   *
   * @return a fresh array
   * @throws IllegalStateException if the PIN was closed
   */
  public synchronized char[] toCharArray() {
    checkOpen();
    return chars.clone();
  }

  /**
   * The PIN encoded in UTF-8, as PKCS#11 {@code C_Login} and most vendor libraries take it. The
   * caller must wipe the array when done.
   *
   * @return a fresh array
   * @throws IllegalStateException if the PIN was closed
   * @throws IllegalArgumentException if the PIN holds an unpaired surrogate (not encodable)
   */
  public synchronized byte[] toUtf8() {
    checkOpen();
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = null;
    try {
      buffer = encoder.encode(CharBuffer.wrap(chars));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("PIN is not encodable as UTF-8");
    } finally {
      if (buffer != null && buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
    }
  }

  /**
   * Compares two PINs in time that depends only on their lengths, not on their contents.
   *
   * @param other the PIN to compare with
   * @return whether both hold the same characters
   * @throws IllegalStateException if either PIN was closed
   */
  public boolean matches(Pin other) {
    Objects.requireNonNull(other, "other");
    char[] mine = toCharArray();
    char[] theirs = other.toCharArray();
    try {
      int diff = mine.length ^ theirs.length;
      int n = Math.max(mine.length, theirs.length);
      for (int i = 0; i < n; i++) {
        char a = i < mine.length ? mine[i] : 0;
        char b = i < theirs.length ? theirs[i] : 0;
        diff |= a ^ b;
      }
      return diff == 0;
    } finally {
      Arrays.fill(mine, '\0');
      Arrays.fill(theirs, '\0');
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once wiped
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Overwrites the characters with zeros. Idempotent. */
  @Override
  public synchronized void close() {
    Arrays.fill(chars, '\0');
    closed = true;
  }

  /**
   * Never shows the PIN.
   *
   * @return {@code Pin[****]}, or {@code Pin[closed]} after {@link #close()}
   */
  @Override
  public String toString() {
    return isClosed() ? "Pin[closed]" : "Pin[****]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("PIN was closed (wiped)");
    }
  }
}
