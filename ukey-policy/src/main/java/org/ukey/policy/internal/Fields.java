package org.ukey.policy.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ukey.api.InvalidEncodingException;

/**
 * A canonical, self-describing record: names (ASCII) mapped to text values, sorted by name.
 *
 * <p>Encoding, in which audit entries are hashed and ledger events are stored:
 * {@code 0x01 ‖ u16 count ‖ (u8 nameLength ‖ name ‖ u32 valueLength ‖ value-UTF-8)*}, names
 * strictly increasing. One value has one encoding, so a hash over it is well defined; the decoder
 * refuses anything else (unsorted or repeated names, lengths past the end, bad UTF-8, trailing
 * bytes) and never allocates more than the input's size.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class Fields {
  /** The format version byte. */
  public static final int VERSION = 1;
  /** The largest encoded record accepted: far above any real entry, far below a memory risk. */
  public static final int MAX_ENCODED = 1 << 20;

  private final SortedMap<String, String> values;

  private Fields(SortedMap<String, String> values) {
    this.values = Collections.unmodifiableSortedMap(values);
  }

  /**
   * A builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value of a field.
   *
   * @param name the field name
   * @return the value, or empty when absent
   */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * The value of a field that must be present.
   *
   * @param what the structure being read, for the error
   * @param name the field name
   * @return the value
   * @throws InvalidEncodingException if it is absent
   */
  public String require(String what, String name) throws InvalidEncodingException {
    String v = values.get(name);
    if (v == null) {
      throw new InvalidEncodingException(what + "." + name, -1, "required field missing");
    }
    return v;
  }

  /**
   * A required decimal field.
   *
   * @param what the structure being read
   * @param name the field name
   * @return the value
   * @throws InvalidEncodingException if absent or not a decimal long
   */
  public long requireLong(String what, String name) throws InvalidEncodingException {
    String v = require(what, name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidEncodingException(what + "." + name, -1, "not a decimal number", e);
    }
  }

  /**
   * All fields, sorted by name.
   *
   * @return an unmodifiable view
   */
  public SortedMap<String, String> asMap() {
    return values;
  }

  /**
   * The canonical encoding.
   *
   * @return a fresh array
   */
  public byte[] encode() {
    int size = 3;
    byte[][] encodedValues = new byte[values.size()][];
    int i = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      encodedValues[i] = e.getValue().getBytes(StandardCharsets.UTF_8);
      size += 1 + e.getKey().length() + 4 + encodedValues[i].length;
      i++;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) VERSION);
    out.putShort((short) values.size());
    i = 0;
    for (String name : values.keySet()) {
      out.put((byte) name.length());
      out.put(name.getBytes(StandardCharsets.US_ASCII));
      out.putInt(encodedValues[i].length);
      out.put(encodedValues[i]);
      i++;
    }
    return out.array();
  }

  /**
   * Decodes a canonical encoding.
   *
   * @param what the structure being read, for errors (such as {@code "audit entry"})
   * @param encoded the bytes
   * @return the fields
   * @throws InvalidEncodingException if the bytes are not exactly one canonical record
   */
  public static Fields decode(String what, byte[] encoded) throws InvalidEncodingException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length > MAX_ENCODED) {
      throw new InvalidEncodingException(what, 0, "record of " + encoded.length
          + " bytes exceeds " + MAX_ENCODED);
    }
    ByteBuffer in = ByteBuffer.wrap(encoded);
    if (in.remaining() < 3) {
      throw new InvalidEncodingException(what, 0, "shorter than its 3-byte header");
    }
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new InvalidEncodingException(what, 0, "unknown version " + version);
    }
    int count = in.getShort() & 0xffff;
    TreeMap<String, String> map = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < count; i++) {
      int at = in.position();
      if (in.remaining() < 1) {
        throw new InvalidEncodingException(what, at, "field " + i + " of " + count + " missing");
      }
      int nameLength = in.get() & 0xff;
      if (nameLength == 0 || in.remaining() < nameLength + 4) {
        throw new InvalidEncodingException(what, at, "field name length " + nameLength
            + " runs past the end");
      }
      byte[] nameBytes = new byte[nameLength];
      in.get(nameBytes);
      for (byte b : nameBytes) {
        if (b < 0x21 || b > 0x7e) {
          throw new InvalidEncodingException(what, at + 1, "field name is not printable ASCII");
        }
      }
      String name = new String(nameBytes, StandardCharsets.US_ASCII);
      if (previous != null && previous.compareTo(name) >= 0) {
        throw new InvalidEncodingException(what, at, "field '" + name
            + "' out of order or repeated");
      }
      int valueLength = in.getInt();
      if (valueLength < 0 || valueLength > in.remaining()) {
        throw new InvalidEncodingException(what + "." + name, in.position() - 4,
            "value length " + valueLength + " runs past the end");
      }
      int valueAt = in.position();
      ByteBuffer slice = in.slice();
      slice.limit(valueLength);
      in.position(valueAt + valueLength);
      try {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(slice);
        map.put(name, chars.toString());
      } catch (CharacterCodingException e) {
        throw new InvalidEncodingException(what + "." + name, valueAt, "value is not UTF-8", e);
      }
      previous = name;
    }
    if (in.hasRemaining()) {
      throw new InvalidEncodingException(what, in.position(), in.remaining()
          + " bytes after the last field");
    }
    return new Fields(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fields && ((Fields) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Collects fields; {@code null} values are skipped, so optional fields need no branching. */
  public static final class Builder {
    private final TreeMap<String, String> values = new TreeMap<>();

    private Builder() {}

    /**
     * Sets a field.
     *
     * @param name 1 to 255 printable ASCII characters
     * @param value the value, or {@code null} to leave the field out
     * @return this builder
     */
    public Builder put(String name, String value) {
      if (name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> c > 0x20
          && c < 0x7f)) {
        throw new IllegalArgumentException("bad field name: " + name);
      }
      if (value != null) {
        values.put(name, value);
      }
      return this;
    }

    /**
     * Sets a decimal field.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder put(String name, long value) {
      return put(name, Long.toString(value));
    }

    /**
     * Sets every field of a map.
     *
     * @param more the fields
     * @return this builder
     */
    public Builder putAll(Map<String, String> more) {
      more.forEach(this::put);
      return this;
    }

    /**
     * The record.
     *
     * @return the fields
     */
    public Fields build() {
      return new Fields(new TreeMap<>(values));
    }
  }
}
