package org.ukey.sm2.internal;

import java.math.BigInteger;
import java.util.Locale;
import org.ukey.api.InvalidEncodingException;

/**
 * Reads DER (ITU-T X.690 §10) strictly, and says what and where when the input is not DER:
 * definite lengths only, in their shortest form; INTEGERs minimal; BOOLEAN 00 or FF; no
 * constructed strings; nothing after the outermost value; nothing longer than its container.
 * Lengths are checked against the bytes actually present before anything is allocated, so a
 * hostile length cannot make the reader allocate or loop.
 *
 * <p>{@link #checkStrict} walks a whole encoding; the instance methods read a known structure
 * field by field.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one reader per input.
 */
public final class DerReader {
  /** Nesting deeper than this is refused: no real certificate, CRL or CMS needs it. */
  private static final int MAX_DEPTH = 48;

  public static final int BOOLEAN = 0x01;
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int SEQUENCE = 0x30;
  public static final int SET = 0x31;

  private final byte[] in;
  private final int end;
  private final String what;
  private int pos;

  private DerReader(byte[] in, int start, int end, String what) {
    this.in = in;
    this.pos = start;
    this.end = end;
    this.what = what;
  }

  /**
   * A reader over a whole input.
   *
   * @param in the bytes
   * @param what the structure, for error messages
   * @return the reader
   */
  public static DerReader of(byte[] in, String what) {
    return new DerReader(in, 0, in.length, what);
  }

  /**
   * Checks that {@code in} is exactly one DER value, walking every nested constructed value.
   *
   * @param in the bytes
   * @param what the structure, for error messages ({@code "Certificate"})
   * @throws InvalidEncodingException naming the offset of the first violation
   */
  public static void checkStrict(byte[] in, String what) throws InvalidEncodingException {
    if (in.length == 0) {
      throw new InvalidEncodingException(what, 0, "empty input");
    }
    int next = walk(in, 0, in.length, what, 0);
    if (next != in.length) {
      throw new InvalidEncodingException(what, next,
          (in.length - next) + " bytes of trailing data after the DER value");
    }
  }

  /**
   * The total length (header and content) of the first value, from its header alone, for a
   * definite length; -1 for an indefinite (BER) length or a header too short to read.
   *
   * @param in the bytes
   * @return the length in bytes, possibly more than {@code in.length} when truncated
   */
  public static int definiteLength(byte[] in) {
    if (in.length < 2 || (in[0] & 0x1f) == 0x1f) {
      return -1;
    }
    int first = in[1] & 0xff;
    if (first < 0x80) {
      return 2 + first;
    }
    int count = first & 0x7f;
    if (count == 0 || count > 4 || in.length < 2 + count) {
      return -1;
    }
    long len = 0;
    for (int i = 0; i < count; i++) {
      len = (len << 8) | (in[2 + i] & 0xff);
    }
    return (int) Math.min(Integer.MAX_VALUE, 2 + count + len);
  }

  private static int walk(byte[] in, int pos, int limit, String what, int depth)
      throws InvalidEncodingException {
    if (depth > MAX_DEPTH) {
      throw new InvalidEncodingException(what, pos, "nested more than " + MAX_DEPTH + " deep");
    }
    int start = pos;
    int tag = in[pos++] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      // High tag number form, X.690 §8.1.2.4: base-128, no leading 0x80.
      if (pos >= limit) {
        throw truncated(what, start);
      }
      if ((in[pos] & 0xff) == 0x80) {
        throw new InvalidEncodingException(what, pos, "tag number not in its shortest form");
      }
      int count = 0;
      while ((in[pos] & 0x80) != 0) {
        if (++count > 4 || ++pos >= limit) {
          throw new InvalidEncodingException(what, start, "tag number too long or truncated");
        }
      }
      pos++;
    }
    long[] lenOut = new long[1];
    pos = readLength(in, pos, limit, what, start, lenOut);
    int contentEnd = pos + (int) lenOut[0];
    boolean constructed = (tag & 0x20) != 0;
    if (constructed) {
      if ((tag & 0xc0) == 0 && tag != SEQUENCE && tag != SET && tag != 0x28 && tag != 0x2b) {
        // Universal string types (OCTET STRING 0x24, BIT STRING 0x23, …) are primitive in DER.
        throw new InvalidEncodingException(what, start,
            "constructed form of a string type (tag 0x" + hex(tag) + ") is not DER");
      }
      int p = pos;
      while (p < contentEnd) {
        p = walk(in, p, contentEnd, what, depth + 1);
      }
      return contentEnd;
    }
    checkPrimitive(in, tag, pos, contentEnd - pos, what, start);
    return contentEnd;
  }

  private static void checkPrimitive(byte[] in, int tag, int pos, int len, String what, int at)
      throws InvalidEncodingException {
    switch (tag) {
      case BOOLEAN:
        if (len != 1 || (in[pos] != 0 && in[pos] != (byte) 0xff)) {
          throw new InvalidEncodingException(what, at, "BOOLEAN must be one byte 00 or FF");
        }
        break;
      case INTEGER:
      case 0x0a: // ENUMERATED
        checkMinimalInteger(in, pos, len, what, at);
        break;
      case BIT_STRING:
        if (len == 0 || (in[pos] & 0xff) > 7 || (len == 1 && in[pos] != 0)) {
          throw new InvalidEncodingException(what, at, "BIT STRING has a bad unused-bits byte");
        }
        break;
      case NULL:
        if (len != 0) {
          throw new InvalidEncodingException(what, at, "NULL must be empty");
        }
        break;
      case OID:
        if (len == 0 || (in[pos + len - 1] & 0x80) != 0) {
          throw new InvalidEncodingException(what, at, "OBJECT IDENTIFIER is truncated");
        }
        for (int i = 0; i < len; i++) {
          boolean first = i == 0 || (in[pos + i - 1] & 0x80) == 0;
          if (first && (in[pos + i] & 0xff) == 0x80) {
            throw new InvalidEncodingException(what, at,
                "OBJECT IDENTIFIER arc not in its shortest form");
          }
        }
        break;
      default:
        break;
    }
  }

  private static void checkMinimalInteger(byte[] in, int pos, int len, String what, int at)
      throws InvalidEncodingException {
    if (len == 0) {
      throw new InvalidEncodingException(what, at, "INTEGER is empty");
    }
    if (len > 1) {
      int b0 = in[pos] & 0xff;
      int b1 = in[pos + 1] & 0x80;
      if ((b0 == 0 && b1 == 0) || (b0 == 0xff && b1 != 0)) {
        throw new InvalidEncodingException(what, at,
            "INTEGER not in its shortest form (non-minimal DER)");
      }
    }
  }

  /** Reads a length; returns the position after it; puts the length in {@code out[0]}. */
  private static int readLength(byte[] in, int pos, int limit, String what, int at, long[] out)
      throws InvalidEncodingException {
    if (pos >= limit) {
      throw truncated(what, at);
    }
    int first = in[pos++] & 0xff;
    long len;
    if (first < 0x80) {
      len = first;
    } else if (first == 0x80) {
      throw new InvalidEncodingException(what, at, "indefinite length is not DER");
    } else {
      int count = first & 0x7f;
      if (count > 4) {
        throw new InvalidEncodingException(what, at, "length of " + count + " bytes is too large");
      }
      if (pos + count > limit) {
        throw truncated(what, at);
      }
      if (in[pos] == 0) {
        throw new InvalidEncodingException(what, at, "length has leading zero bytes (not DER)");
      }
      len = 0;
      for (int i = 0; i < count; i++) {
        len = (len << 8) | (in[pos++] & 0xff);
      }
      if (len < 0x80) {
        throw new InvalidEncodingException(what, at,
            "length " + len + " in long form where short form is required (not DER)");
      }
    }
    if (len > limit - pos) {
      throw new InvalidEncodingException(what, at, "length " + len + " runs past the end of the "
          + "enclosing data (" + (limit - pos) + " bytes left): truncated");
    }
    out[0] = len;
    return pos;
  }

  private static InvalidEncodingException truncated(String what, int at) {
    return new InvalidEncodingException(what, at, "truncated");
  }

  private static String hex(int b) {
    return String.format(Locale.ROOT, "%02x", b);
  }

  // ---- field-by-field reading ----

  /**
   * Whether there is more content.
   *
   * @return true when not at the end
   */
  public boolean hasMore() {
    return pos < end;
  }

  /**
   * The tag of the next value.
   *
   * @return the tag byte
   * @throws InvalidEncodingException at the end of the content
   */
  public int peekTag() throws InvalidEncodingException {
    if (pos >= end) {
      throw new InvalidEncodingException(what, pos, "unexpected end of content");
    }
    return in[pos] & 0xff;
  }

  /**
   * The current offset in the whole input.
   *
   * @return the offset
   */
  public int offset() {
    return pos;
  }

  /**
   * Reads one value of the given tag and returns a reader over its content.
   *
   * @param tag the expected tag (single byte)
   * @param field the field name, for error messages
   * @return a reader over the content
   * @throws InvalidEncodingException if the tag differs or the encoding is bad
   */
  public DerReader read(int tag, String field) throws InvalidEncodingException {
    int at = pos;
    String name = what + "." + field;
    if (pos >= end) {
      throw new InvalidEncodingException(name, at, "missing (end of content)");
    }
    int actual = in[pos] & 0xff;
    if (actual != tag) {
      throw new InvalidEncodingException(name, at,
          "expected tag 0x" + hex(tag) + ", found 0x" + hex(actual));
    }
    long[] len = new long[1];
    int contentStart = readLength(in, pos + 1, end, name, at, len);
    int contentEnd = contentStart + (int) len[0];
    if ((tag & 0x20) == 0) {
      checkPrimitive(in, tag, contentStart, (int) len[0], name, at);
    }
    pos = contentEnd;
    return new DerReader(in, contentStart, contentEnd, name);
  }

  /**
   * Reads a non-negative INTEGER.
   *
   * @param field the field name
   * @return the value
   * @throws InvalidEncodingException if it is not a minimal non-negative INTEGER
   */
  public BigInteger nonNegativeInteger(String field) throws InvalidEncodingException {
    int at = pos;
    DerReader r = read(INTEGER, field);
    if ((in[r.pos] & 0x80) != 0) {
      throw new InvalidEncodingException(what + "." + field, at, "negative INTEGER");
    }
    return new BigInteger(1, r.remaining());
  }

  /**
   * Reads an OCTET STRING.
   *
   * @param field the field name
   * @return its content
   * @throws InvalidEncodingException if it is not an OCTET STRING
   */
  public byte[] octetString(String field) throws InvalidEncodingException {
    return read(OCTET_STRING, field).remaining();
  }

  /**
   * The rest of the content, as bytes.
   *
   * @return a copy
   */
  public byte[] remaining() {
    byte[] b = new byte[end - pos];
    System.arraycopy(in, pos, b, 0, b.length);
    pos = end;
    return b;
  }

  /**
   * Checks that all content was read.
   *
   * @throws InvalidEncodingException if something is left
   */
  public void end() throws InvalidEncodingException {
    if (pos != end) {
      throw new InvalidEncodingException(what, pos,
          (end - pos) + " unexpected bytes after the last field");
    }
  }
}
