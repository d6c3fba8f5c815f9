package org.ukey.seal.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ukey.api.InvalidEncodingException;

/**
 * A reader of DER (and the small BER liberties real seal files take) that keeps every element's
 * position in the input, so that signatures are checked over the bytes as received and every
 * error names the field and the byte offset.
 *
 * <p>Lengths are checked against the bytes actually present before anything is sliced, so no
 * allocation is ever sized by a length read from the input. Indefinite lengths are refused
 * (no real seal uses them and they are not DER). Nesting is bounded.
 *
 * <p><b>Thread-safety:</b> immutable; {@link Tlv}s may be shared.
 */
public final class Der {
  /** Universal tags used by the seal structures. */
  public static final int BOOLEAN = 0x01;
  /** INTEGER. */
  public static final int INTEGER = 0x02;
  /** BIT STRING. */
  public static final int BIT_STRING = 0x03;
  /** OCTET STRING. */
  public static final int OCTET_STRING = 0x04;
  /** NULL. */
  public static final int NULL = 0x05;
  /** OBJECT IDENTIFIER. */
  public static final int OID = 0x06;
  /** UTF8String. */
  public static final int UTF8_STRING = 0x0c;
  /** PrintableString. */
  public static final int PRINTABLE_STRING = 0x13;
  /** IA5String. */
  public static final int IA5_STRING = 0x16;
  /** UTCTime. */
  public static final int UTC_TIME = 0x17;
  /** GeneralizedTime. */
  public static final int GENERALIZED_TIME = 0x18;
  /** SEQUENCE (constructed). */
  public static final int SEQUENCE = 0x30;
  /** SET (constructed). */
  public static final int SET = 0x31;
  /** [0] context-specific, constructed. */
  public static final int CONTEXT_0_CONSTRUCTED = 0xa0;
  /** [0] context-specific, primitive. */
  public static final int CONTEXT_0_PRIMITIVE = 0x80;

  private static final int MAX_DEPTH = 32;

  private Der() {}

  /**
   * Parses exactly one element spanning the whole input.
   *
   * @param input the bytes
   * @param what what the input is, for messages (e.g. {@code "SESeal"})
   * @return the element
   * @throws InvalidEncodingException if it is not one well-formed element
   */
  public static Tlv parse(byte[] input, String what) throws InvalidEncodingException {
    if (input == null || input.length == 0) {
      throw new InvalidEncodingException(what, 0, "empty input");
    }
    Tlv tlv = read(input, 0, input.length, what, 0);
    if (tlv.end() != input.length) {
      throw new InvalidEncodingException(what, tlv.end(),
          (input.length - tlv.end()) + " trailing bytes after the " + what);
    }
    return tlv;
  }

  static Tlv read(byte[] src, int offset, int limit, String what, int depth)
      throws InvalidEncodingException {
    return read(src, offset, limit, Name.of(what), depth);
  }

  /**
   * A field path for messages, composed only when a message needs it (or someone asks): a
   * parse names every element, and only a failure reads a name.
   */
  private static final class Name {
    private final String prefix;
    private final String suffix;
    private final int index;
    private String composed;

    /** {@code prefix + suffix}, or {@code prefix[index]} when suffix is null. */
    Name(String prefix, String suffix, int index) {
      this.prefix = prefix;
      this.suffix = suffix;
      this.index = index;
    }

    static Name of(String path) {
      Name n = new Name(path, "", 0);
      n.composed = path;
      return n;
    }

    @Override
    public String toString() {
      String c = composed;
      if (c == null) {
        c = suffix != null ? prefix + suffix : prefix + "[" + index + "]";
        composed = c;
      }
      return c;
    }
  }

  private static Tlv read(byte[] src, int offset, int limit, Name name, int depth)
      throws InvalidEncodingException {
    if (depth > MAX_DEPTH) {
      throw new InvalidEncodingException(name.toString(), offset, "nested deeper than " + MAX_DEPTH);
    }
    int p = offset;
    if (p >= limit) {
      throw new InvalidEncodingException(name.toString(), p, "truncated: element missing");
    }
    int tag = src[p++] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new InvalidEncodingException(name.toString(), offset,
          String.format("multi-byte tag 0x%02x is not used by any seal structure", tag));
    }
    if (p >= limit) {
      throw new InvalidEncodingException(name.toString(), p, "truncated: length missing");
    }
    int first = src[p++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x80) {
      throw new InvalidEncodingException(name.toString(), p - 1, "indefinite length is not DER");
    } else {
      int n = first & 0x7f;
      if (n > 4) {
        throw new InvalidEncodingException(name.toString(), p - 1, "length of " + n + " bytes is too large");
      }
      if (p + n > limit) {
        throw new InvalidEncodingException(name.toString(), p, "truncated: length bytes missing");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (src[p++] & 0xff);
      }
    }
    if (length > limit - p) {
      throw new InvalidEncodingException(name.toString(), offset, "length " + length + " runs past the end"
          + " of the enclosing data (" + (limit - p) + " bytes left)");
    }
    return new Tlv(src, offset, tag, p - offset, (int) length, name, depth);
  }

  /** One element: tag, header and value, located in its source array. */
  public static final class Tlv {
    private final byte[] src;
    private final int offset;
    private final int tag;
    private final int headerLength;
    private final int length;
    private final Name name;
    private final int depth;

    Tlv(byte[] src, int offset, int tag, int headerLength, int length, Name name, int depth) {
      this.src = src;
      this.offset = offset;
      this.tag = tag;
      this.headerLength = headerLength;
      this.length = length;
      this.name = name;
      this.depth = depth;
    }

    /**
     * The identifier octet.
     *
     * @return for example {@code 0x30}
     */
    public int tag() {
      return tag;
    }

    /**
     * Where the element starts in the input.
     *
     * @return the offset of the tag
     */
    public int offset() {
      return offset;
    }

    /**
     * The offset just after the element.
     *
     * @return the end offset
     */
    public int end() {
      return offset + headerLength + length;
    }

    /**
     * The value length.
     *
     * @return the length in bytes
     */
    public int length() {
      return length;
    }

    /**
     * The field name used in messages.
     *
     * @return the path, such as {@code "SESeal.eSealInfo.header"}
     */
    public String what() {
      return name.toString();
    }

    /**
     * The array this element was read from (the whole input, not a copy): for holding the
     * element as a range of it, between {@link #offset()} and {@link #end()}.
     *
     * @return the input array, never to be written
     */
    public byte[] source() {
      return src;
    }

    /**
     * The whole element (header and value) as a key over its source, without a copy: for
     * looking an element up by its exact bytes.
     *
     * @return a key over the element's bytes
     */
    public ByteKey region() {
      return ByteKey.view(src, offset, headerLength + length);
    }

    /**
     * The whole element (tag, length, value) exactly as in the input.
     *
     * @return a copy
     */
    public byte[] encoded() {
      return Arrays.copyOfRange(src, offset, end());
    }

    /**
     * The value bytes exactly as in the input.
     *
     * @return a copy
     */
    public byte[] value() {
      return Arrays.copyOfRange(src, offset + headerLength, end());
    }

    /**
     * The elements inside a constructed element.
     *
     * @param childWhat the name prefix for the children
     * @return the children in order
     * @throws InvalidEncodingException if the contents are not a series of elements
     */
    public List<Tlv> children(String childWhat) throws InvalidEncodingException {
      if ((tag & 0x20) == 0) {
        throw new InvalidEncodingException(what(), offset, "expected a constructed element");
      }
      List<Tlv> out = new ArrayList<>();
      int p = offset + headerLength;
      int limit = end();
      while (p < limit) {
        Tlv child = read(src, p, limit, new Name(childWhat, null, out.size()), depth + 1);
        out.add(child);
        p = child.end();
      }
      return out;
    }

    /**
     * Renames this element for messages.
     *
     * @param name the field path
     * @return a view with that name
     */
    public Tlv named(String name) {
      return new Tlv(src, offset, tag, headerLength, length, Name.of(name), depth);
    }

    /**
     * Renames this element {@code parent + field} for messages, composed only if a message
     * needs it.
     *
     * @param parent the parent's path
     * @param field the rest, such as {@code ".version"}
     * @return a view with that name
     */
    public Tlv named(String parent, String field) {
      return new Tlv(src, offset, tag, headerLength, length, new Name(parent, field, 0), depth);
    }

    /**
     * Checks the tag.
     *
     * @param expected the expected identifier octet
     * @param typeName the ASN.1 type, for the message
     * @return this
     * @throws InvalidEncodingException if the tag differs
     */
    public Tlv expect(int expected, String typeName) throws InvalidEncodingException {
      if (tag != expected) {
        throw new InvalidEncodingException(what(), offset,
            String.format("expected %s (0x%02x), found tag 0x%02x", typeName, expected, tag));
      }
      return this;
    }

    /**
     * Reads an INTEGER that fits in an int.
     *
     * @return the value
     * @throws InvalidEncodingException if not an INTEGER or out of range
     */
    public int intValue() throws InvalidEncodingException {
      BigInteger v = bigIntValue();
      if (v.bitLength() > 31) {
        throw new InvalidEncodingException(what(), offset, "INTEGER too large: " + v);
      }
      return v.intValue();
    }

    /**
     * Reads an INTEGER.
     *
     * @return the value
     * @throws InvalidEncodingException if not an INTEGER or empty
     */
    public BigInteger bigIntValue() throws InvalidEncodingException {
      expect(INTEGER, "INTEGER");
      if (length == 0) {
        throw new InvalidEncodingException(what(), offset, "empty INTEGER");
      }
      if (length > 64) {
        throw new InvalidEncodingException(what(), offset, "INTEGER longer than 64 bytes");
      }
      return new BigInteger(value());
    }

    /**
     * Reads a BOOLEAN (any non-zero octet is TRUE, as BER allows).
     *
     * @return the value
     * @throws InvalidEncodingException if not a one-octet BOOLEAN
     */
    public boolean booleanValue() throws InvalidEncodingException {
      expect(BOOLEAN, "BOOLEAN");
      if (length != 1) {
        throw new InvalidEncodingException(what(), offset, "BOOLEAN must be one octet");
      }
      return src[offset + headerLength] != 0;
    }

    /**
     * Reads an IA5String, PrintableString or UTF8String as text.
     *
     * @return the string
     * @throws InvalidEncodingException if not a string type
     */
    public String stringValue() throws InvalidEncodingException {
      if (tag != IA5_STRING && tag != UTF8_STRING && tag != PRINTABLE_STRING) {
        throw new InvalidEncodingException(what(), offset,
            String.format("expected a string (IA5String, UTF8String, PrintableString),"
                + " found tag 0x%02x", tag));
      }
      return new String(src, offset + headerLength, length,
          tag == UTF8_STRING ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads an OBJECT IDENTIFIER in dotted form.
     *
     * @return the OID
     * @throws InvalidEncodingException if not a well-formed OID
     */
    public String oidValue() throws InvalidEncodingException {
      expect(OID, "OBJECT IDENTIFIER");
      if (length == 0 || length > 64) {
        throw new InvalidEncodingException(what(), offset, "bad OBJECT IDENTIFIER length " + length);
      }
      StringBuilder sb = new StringBuilder();
      long value = 0;
      boolean first = true;
      int start = offset + headerLength;
      for (int i = start; i < end(); i++) {
        int b = src[i] & 0xff;
        if (value == 0 && b == 0x80) {
          throw new InvalidEncodingException(what(), i, "non-minimal OID sub-identifier");
        }
        value = (value << 7) | (b & 0x7f);
        if (value > (1L << 56)) {
          throw new InvalidEncodingException(what(), i, "OID sub-identifier too large");
        }
        if ((b & 0x80) == 0) {
          if (first) {
            int arc1 = value < 40 ? 0 : value < 80 ? 1 : 2;
            sb.append(arc1).append('.').append(value - 40L * arc1);
            first = false;
          } else {
            sb.append('.').append(value);
          }
          value = 0;
        } else if (i == end() - 1) {
          throw new InvalidEncodingException(what(), i, "OID ends inside a sub-identifier");
        }
      }
      return sb.toString();
    }

    /**
     * Reads a BIT STRING's bytes (the unused-bits octet must be 0, as in every signature and
     * hash value).
     *
     * @return the bytes after the unused-bits octet
     * @throws InvalidEncodingException if not a BIT STRING of whole octets
     */
    public byte[] bitStringBytes() throws InvalidEncodingException {
      expect(BIT_STRING, "BIT STRING");
      if (length == 0) {
        throw new InvalidEncodingException(what(), offset, "BIT STRING without unused-bits octet");
      }
      int unused = src[offset + headerLength] & 0xff;
      if (unused != 0) {
        throw new InvalidEncodingException(what(), offset,
            "BIT STRING with " + unused + " unused bits where whole octets are expected");
      }
      return Arrays.copyOfRange(src, offset + headerLength + 1, end());
    }

    /**
     * Reads an OCTET STRING's bytes.
     *
     * @return the bytes
     * @throws InvalidEncodingException if not an OCTET STRING
     */
    public byte[] octets() throws InvalidEncodingException {
      expect(OCTET_STRING, "OCTET STRING");
      return value();
    }

    /**
     * Reads a UTCTime or GeneralizedTime.
     *
     * @return the instant
     * @throws InvalidEncodingException if neither, or malformed
     */
    public Instant timeValue() throws InvalidEncodingException {
      String s = new String(src, offset + headerLength, length, StandardCharsets.US_ASCII);
      try {
        if (tag == UTC_TIME) {
          return parseUtcTime(s);
        }
        if (tag == GENERALIZED_TIME) {
          return parseGeneralizedTime(s);
        }
      } catch (DateTimeException | IllegalArgumentException e) {
        throw new InvalidEncodingException(what(), offset, "malformed time '" + printable(s) + "'",
            e);
      }
      throw new InvalidEncodingException(what(), offset,
          String.format("expected UTCTime or GeneralizedTime, found tag 0x%02x", tag));
    }
  }

  /**
   * Parses UTCTime {@code YYMMDDhhmm[ss](Z|±hhmm)}; years 50–99 are 19xx (RFC 5280 §4.1.2.5.1).
   *
   * @param s the text
   * @return the instant
   */
  static Instant parseUtcTime(String s) {
    int zone = zoneStart(s);
    String body = s.substring(0, zone);
    if (body.length() != 10 && body.length() != 12) {
      throw new IllegalArgumentException("UTCTime must have 10 or 12 digits");
    }
    int yy = Integer.parseInt(body.substring(0, 2));
    String full = (yy >= 50 ? "19" : "20") + body + (body.length() == 10 ? "00" : "");
    return toInstant(full, s.substring(zone));
  }

  /**
   * Parses GeneralizedTime {@code YYYYMMDDhhmm[ss[.fff]](Z|±hhmm)}; without a zone the time is
   * read as UTC.
   *
   * @param s the text
   * @return the instant
   */
  static Instant parseGeneralizedTime(String s) {
    int zone = zoneStart(s);
    String body = s.substring(0, zone);
    String fraction = "";
    int dot = body.indexOf('.');
    if (dot < 0) {
      dot = body.indexOf(',');
    }
    if (dot >= 0) {
      fraction = body.substring(dot + 1);
      body = body.substring(0, dot);
      if (fraction.isEmpty() || fraction.length() > 9 || !fraction.chars().allMatch(
          Character::isDigit)) {
        throw new IllegalArgumentException("bad fraction");
      }
    }
    if (body.length() == 12) {
      body = body + "00";
    }
    if (body.length() != 14) {
      throw new IllegalArgumentException("GeneralizedTime must have 12 or 14 digits");
    }
    Instant t = toInstant(body, s.substring(zone));
    if (!fraction.isEmpty()) {
      String nanos = (fraction + "000000000").substring(0, 9);
      t = t.plusNanos(Long.parseLong(nanos));
    }
    return t;
  }

  private static int zoneStart(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'Z' || c == '+' || c == '-') {
        return i;
      }
    }
    return s.length();
  }

  private static Instant toInstant(String yyyyMMddHHmmss, String zone) {
    if (!yyyyMMddHHmmss.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("non-digit in time");
    }
    LocalDateTime t = LocalDateTime.of(
        Integer.parseInt(yyyyMMddHHmmss.substring(0, 4)),
        Integer.parseInt(yyyyMMddHHmmss.substring(4, 6)),
        Integer.parseInt(yyyyMMddHHmmss.substring(6, 8)),
        Integer.parseInt(yyyyMMddHHmmss.substring(8, 10)),
        Integer.parseInt(yyyyMMddHHmmss.substring(10, 12)),
        Integer.parseInt(yyyyMMddHHmmss.substring(12, 14)));
    ZoneOffset offset;
    if (zone.isEmpty() || zone.equals("Z")) {
      offset = ZoneOffset.UTC;
    } else if (zone.length() == 5) {
      offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(zone.substring(0, 3)),
          Integer.parseInt(zone.charAt(0) + zone.substring(3, 5)));
    } else {
      throw new IllegalArgumentException("bad time zone '" + zone + "'");
    }
    return t.toInstant(offset);
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 40); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
