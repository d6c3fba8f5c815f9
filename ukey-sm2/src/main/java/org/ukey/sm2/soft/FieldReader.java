package org.ukey.sm2.soft;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.ukey.api.InvalidEncodingException;

/**
 * Reads the big-endian fields of a soft token file from a byte array, checking every length
 * against what is left before it allocates anything. Every failure names the file, the field and
 * the offset.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one reader per parse.
 */
final class FieldReader {
  private final String source;
  private final byte[] data;
  private final int end;
  private int pos;

  /**
   * A reader over {@code data[from, to)}.
   *
   * @param source what is being read, for messages (the file and the section)
   */
  FieldReader(String source, byte[] data, int from, int to) {
    this.source = source;
    this.data = data;
    this.pos = from;
    this.end = to;
  }

  int position() {
    return pos;
  }

  int u8(String field) throws InvalidEncodingException {
    need(field, 1);
    return data[pos++] & 0xff;
  }

  int u16(String field) throws InvalidEncodingException {
    need(field, 2);
    int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  long u32(String field) throws InvalidEncodingException {
    need(field, 4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 4;
    return v;
  }

  long u64(String field) throws InvalidEncodingException {
    need(field, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    if (v < 0) {
      throw error(field, pos - 8, "value out of range");
    }
    return v;
  }

  /** An integer field that must lie in [min, max]. */
  int u8In(String field, int min, int max) throws InvalidEncodingException {
    int at = pos;
    int v = u8(field);
    return checkRange(field, at, v, min, max);
  }

  int u16In(String field, int min, int max) throws InvalidEncodingException {
    int at = pos;
    int v = u16(field);
    return checkRange(field, at, v, min, max);
  }

  int u32In(String field, int min, int max) throws InvalidEncodingException {
    int at = pos;
    long v = u32(field);
    if (v < min || v > max) {
      throw error(field, at, "value " + v + " is outside " + min + ".." + max);
    }
    return (int) v;
  }

  private int checkRange(String field, int at, int v, int min, int max)
      throws InvalidEncodingException {
    if (v < min || v > max) {
      throw error(field, at, "value " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  /** Exactly {@code n} bytes; {@code n} must already have been bounded by the caller. */
  byte[] bytes(String field, int n) throws InvalidEncodingException {
    need(field, n);
    byte[] out = new byte[n];
    System.arraycopy(data, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A byte string with a one-byte length in [min, max]. */
  byte[] bytesU8(String field, int min, int max) throws InvalidEncodingException {
    return bytes(field, u8In(field + " length", min, max));
  }

  /** A byte string with a two-byte length in [min, max]. */
  byte[] bytesU16(String field, int min, int max) throws InvalidEncodingException {
    return bytes(field, u16In(field + " length", min, max));
  }

  /** A byte string with a four-byte length in [min, max]. */
  byte[] bytesU32(String field, int min, int max) throws InvalidEncodingException {
    return bytes(field, u32In(field + " length", min, max));
  }

  /** A strictly decoded UTF-8 string with a one-byte length in [min, max] bytes. */
  String utf8U8(String field, int min, int max) throws InvalidEncodingException {
    int at = pos;
    byte[] raw = bytesU8(field, min, max);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEncodingException(source + " " + field, at, "not valid UTF-8", e);
    }
  }

  void expectEnd(String section) throws InvalidEncodingException {
    if (pos != end) {
      throw error(section, pos, (end - pos) + " unexpected trailing bytes");
    }
  }

  InvalidEncodingException error(String field, long offset, String problem) {
    return new InvalidEncodingException(source + " " + field, offset, problem);
  }

  private void need(String field, int n) throws InvalidEncodingException {
    if (n < 0 || n > end - pos) {
      throw error(field, pos, "needs " + n + " bytes but only " + (end - pos)
          + " remain (file truncated or damaged)");
    }
  }
}
