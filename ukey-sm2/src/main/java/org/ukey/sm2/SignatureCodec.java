package org.ukey.sm2;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.util.BigIntegers;
import org.ukey.api.InvalidEncodingException;

/**
 * The one codec between the two forms of an (EC)DSA or SM2 signature: DER
 * {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009-2012 §7.3, RFC 3279 §2.2.3) and raw
 * {@code r‖s} with each half the length of the curve order (what SKF's
 * {@code ECCSIGNATUREBLOB} and most PKCS#11 SM2 mechanisms return).
 *
 * <p>Decoding is strict DER (X.690 §10): the SEQUENCE and INTEGER tags and nothing else,
 * definite lengths in their shortest form, minimal non-negative integers, nothing after the
 * SEQUENCE and nothing after s inside it, and r and s in [1, n−1] for the curve order n. A
 * signature that fails any of these is rejected with the field and byte offset named; no
 * allocation is sized by a length read from the input.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 */
public final class SignatureCodec {
  private static final int SEQUENCE = 0x30;
  private static final int INTEGER = 0x02;
  private static final String WHAT = "signature";

  private SignatureCodec() {}

  /**
   * Decodes a strict-DER signature into r and s.
   *
   * @param der the encoding
   * @param order the curve order n; r and s must be in [1, n−1]
   * @return {r, s}
   * @throws InvalidEncodingException if the encoding is not strict DER or r, s are out of range
   */
  public static BigInteger[] decodeDer(byte[] der, BigInteger order)
      throws InvalidEncodingException {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(order, "order");
    if (der.length == 0) {
      throw new InvalidEncodingException(WHAT, 0, "empty input");
    }
    if ((der[0] & 0xff) != SEQUENCE) {
      throw new InvalidEncodingException(WHAT, 0,
          "expected SEQUENCE (0x30), found tag " + hex(der[0]));
    }
    int[] pos = {1};
    int length = readLength(der, pos, der.length, WHAT);
    int end = pos[0] + length;
    if (end > der.length) {
      throw new InvalidEncodingException(WHAT, 1, "SEQUENCE length " + length
          + " runs past the end of the input (" + (der.length - pos[0]) + " bytes follow)");
    }
    if (end < der.length) {
      throw new InvalidEncodingException(WHAT, end,
          (der.length - end) + " trailing byte(s) after the SEQUENCE");
    }
    BigInteger r = readInteger(der, pos, end, order, "signature.r");
    BigInteger s = readInteger(der, pos, end, order, "signature.s");
    if (pos[0] != end) {
      throw new InvalidEncodingException(WHAT, pos[0],
          (end - pos[0]) + " trailing byte(s) inside the SEQUENCE after s");
    }
    return new BigInteger[] {r, s};
  }

  /**
   * Encodes r and s as DER.
   *
   * @param r r, positive
   * @param s s, positive
   * @return {@code SEQUENCE { r, s }}
   * @throws IllegalArgumentException if r or s is not positive or too large for a signature
   */
  public static byte[] encodeDer(BigInteger r, BigInteger s) {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.signum() <= 0 || s.signum() <= 0) {
      throw new IllegalArgumentException("r and s must be positive");
    }
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    if (rb.length > 127 || sb.length > 127 || 2 + rb.length + 2 + sb.length > 255) {
      throw new IllegalArgumentException("integers too large for a signature");
    }
    // toByteArray is already the minimal two's-complement content DER wants.
    return sequence(rb, 0, rb.length, rb.length, sb, 0, sb.length, sb.length);
  }

  /**
   * DER to raw {@code r‖s}, each half {@code fieldLength} bytes, right-aligned.
   *
   * @param der the strict DER signature
   * @param order the curve order
   * @param fieldLength the length of each half (32 for SM2 and P-256, 48 for P-384); at least
   *     the length of the order
   * @return the raw form
   * @throws InvalidEncodingException if the DER is not strict or r, s are out of range
   * @throws IllegalArgumentException if {@code fieldLength} is shorter than the order
   */
  public static byte[] derToRaw(byte[] der, BigInteger order, int fieldLength)
      throws InvalidEncodingException {
    Objects.requireNonNull(order, "order");
    if (fieldLength < byteLength(order)) {
      throw new IllegalArgumentException("fieldLength " + fieldLength
          + " is shorter than the order (" + byteLength(order) + " bytes)");
    }
    BigInteger[] rs = decodeDer(der, order);
    byte[] out = new byte[2 * fieldLength];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, fieldLength);
    BigIntegers.asUnsignedByteArray(rs[1], out, fieldLength, fieldLength);
    return out;
  }

  /**
   * Raw {@code r‖s} to DER.
   *
   * @param raw the raw form: two halves, each as long as the order (64 bytes for SM2 and
   *     P-256, 96 for P-384)
   * @param order the curve order; r and s must be in [1, n−1]
   * @return the DER form
   * @throws InvalidEncodingException if the length is wrong or r, s are out of range
   */
  public static byte[] rawToDer(byte[] raw, BigInteger order) throws InvalidEncodingException {
    Objects.requireNonNull(raw, "raw");
    return rawToDer(raw, 0, raw.length, order);
  }

  /**
   * Raw {@code r‖s} at {@code raw[offset, offset + length)} to DER, for a caller that keeps
   * signatures in a buffer of its own (the PKCS#11 signing path reads a token's output into
   * one per session instead of allocating an array per signature).
   *
   * @param raw the array holding the raw form
   * @param offset where the raw form starts
   * @param length its length: two halves, each as long as the order
   * @param order the curve order; r and s must be in [1, n−1]
   * @return the DER form, a new array
   * @throws InvalidEncodingException if the length is wrong or r, s are out of range (the
   *     position in the message counts from {@code offset})
   * @throws IndexOutOfBoundsException if the range is not within {@code raw}
   */
  public static byte[] rawToDer(byte[] raw, int offset, int length, BigInteger order)
      throws InvalidEncodingException {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(order, "order");
    Objects.checkFromIndexSize(offset, length, raw.length);
    int half = byteLength(order);
    if (length != 2 * half) {
      throw new InvalidEncodingException("raw signature", 0,
          "length must be " + 2 * half + " bytes (r‖s), was " + length);
    }
    // Byte by byte, without BigIntegers: a token's raw r‖s is converted once per signature on
    // the PKCS#11 signing path, where the BigInteger route was half of the SDK's own CPU time.
    if (half > 125) {
      throw new IllegalArgumentException("a " + order.bitLength() + "-bit order is no curve's");
    }
    byte[] n = orderBytes(order, half);
    int end = offset + length;
    checkRange(raw, offset, half, n, "raw signature.r", offset);
    checkRange(raw, offset + half, half, n, "raw signature.s", offset);
    int rStart = firstNonZero(raw, offset, half);
    int sStart = firstNonZero(raw, offset + half, half);
    int rLength = offset + half - rStart + ((raw[rStart] & 0x80) != 0 ? 1 : 0);
    int sLength = end - sStart + ((raw[sStart] & 0x80) != 0 ? 1 : 0);
    return sequence(raw, rStart, offset + half, rLength, raw, sStart, end, sLength);
  }

  /**
   * {@code SEQUENCE { INTEGER r, INTEGER s }} from the magnitudes {@code r[rFrom, rTo)} and
   * {@code s[sFrom, sTo)}, each written as an INTEGER of {@code rLength}/{@code sLength} bytes
   * (one more than the magnitude when a leading zero keeps it positive). Lengths under 128.
   */
  private static byte[] sequence(byte[] r, int rFrom, int rTo, int rLength, byte[] s, int sFrom,
      int sTo, int sLength) {
    int body = 2 + rLength + 2 + sLength;
    int header = body > 127 ? 3 : 2;
    byte[] out = new byte[header + body];
    int p = 0;
    out[p++] = SEQUENCE;
    if (body > 127) {
      out[p++] = (byte) 0x81;
    }
    out[p++] = (byte) body;
    p = putInteger(out, p, r, rFrom, rTo, rLength);
    putInteger(out, p, s, sFrom, sTo, sLength);
    return out;
  }

  /** The order's big-endian bytes, {@code length} long; the last order asked for is kept. */
  private static byte[] orderBytes(BigInteger order, int length) {
    OrderBytes last = lastOrder;
    if (last != null && last.order == order) {
      return last.bytes;
    }
    byte[] b = order.toByteArray();
    byte[] fixed = new byte[length];
    int copy = Math.min(b.length, length);
    System.arraycopy(b, b.length - copy, fixed, length - copy, copy);
    lastOrder = new OrderBytes(order, fixed);
    return fixed;
  }

  private record OrderBytes(BigInteger order, byte[] bytes) {}

  /** Racy but safe: an {@link OrderBytes} is immutable and rebuilt when it does not match. */
  private static volatile OrderBytes lastOrder;

  /**
   * Rejects a value (big-endian, {@code length} bytes at {@code off}) of 0 or n and above;
   * positions in messages count from {@code base}.
   */
  private static void checkRange(byte[] raw, int off, int length, byte[] n, String what,
      int base) throws InvalidEncodingException {
    if (firstNonZero(raw, off, length) == off + length) {
      throw new InvalidEncodingException(what, off - base, "value is 0, must be in [1, n-1]");
    }
    if (Arrays.compareUnsigned(raw, off, off + length, n, 0, length) >= 0) {
      throw new InvalidEncodingException(what, off - base,
          "value is n or more, must be in [1, n-1]");
    }
  }

  /** The index of the first non-zero byte in {@code [off, off + length)}, or its end. */
  private static int firstNonZero(byte[] b, int off, int length) {
    int i = off;
    while (i < off + length && b[i] == 0) {
      i++;
    }
    return i;
  }

  /** Writes INTEGER with the minimal positive encoding of {@code raw[from, to)}. */
  private static int putInteger(byte[] out, int p, byte[] raw, int from, int to, int length) {
    out[p++] = INTEGER;
    out[p++] = (byte) length;
    if (length > to - from) {
      out[p++] = 0; // the high bit is set: a leading zero keeps the value positive
    }
    System.arraycopy(raw, from, out, p, to - from);
    return p + to - from;
  }

  private static int byteLength(BigInteger order) {
    return (order.bitLength() + 7) / 8;
  }

  private static void checkRange(BigInteger v, BigInteger order, String what, long offset)
      throws InvalidEncodingException {
    if (v.signum() == 0) {
      throw new InvalidEncodingException(what, offset, "value is 0, must be in [1, n-1]");
    }
    if (v.compareTo(order) >= 0) {
      throw new InvalidEncodingException(what, offset, "value is n or more, must be in [1, n-1]");
    }
  }

  /** Reads a DER length at {@code pos[0]}; the length's bytes must lie before {@code end}. */
  private static int readLength(byte[] in, int[] pos, int end, String what)
      throws InvalidEncodingException {
    int at = pos[0];
    if (at >= end) {
      throw new InvalidEncodingException(what, at, "truncated: length missing");
    }
    int first = in[at] & 0xff;
    if (first < 0x80) {
      pos[0] = at + 1;
      return first;
    }
    if (first == 0x80) {
      throw new InvalidEncodingException(what, at, "indefinite length (0x80) is not DER");
    }
    if (first != 0x81) {
      throw new InvalidEncodingException(what, at, "length of " + (first & 0x7f)
          + " bytes is too large for a signature");
    }
    if (at + 1 >= end) {
      throw new InvalidEncodingException(what, at, "truncated: long-form length missing");
    }
    int length = in[at + 1] & 0xff;
    if (length < 0x80) {
      throw new InvalidEncodingException(what, at,
          "long-form length " + length + " where the short form is required");
    }
    pos[0] = at + 2;
    return length;
  }

  private static BigInteger readInteger(byte[] in, int[] pos, int end, BigInteger order,
      String what) throws InvalidEncodingException {
    int start = pos[0];
    if (start >= end) {
      throw new InvalidEncodingException(what, start, "truncated: INTEGER missing");
    }
    if ((in[start] & 0xff) != INTEGER) {
      throw new InvalidEncodingException(what, start,
          "expected INTEGER (0x02), found tag " + hex(in[start]));
    }
    pos[0] = start + 1;
    int length = readLength(in, pos, end, what);
    int body = pos[0];
    if (length == 0) {
      throw new InvalidEncodingException(what, start, "empty INTEGER");
    }
    if (length > end - body) {
      throw new InvalidEncodingException(what, start, "INTEGER length " + length
          + " runs past the end of the SEQUENCE (" + (end - body) + " bytes left)");
    }
    if ((in[body] & 0x80) != 0) {
      throw new InvalidEncodingException(what, body, "negative INTEGER");
    }
    if (length > 1 && in[body] == 0 && (in[body + 1] & 0x80) == 0) {
      throw new InvalidEncodingException(what, body, "non-minimal INTEGER (extra leading 0x00)");
    }
    pos[0] = body + length;
    BigInteger v = new BigInteger(1, Arrays.copyOfRange(in, body, body + length));
    checkRange(v, order, what, start);
    return v;
  }

  private static String hex(byte b) {
    return String.format("0x%02x", b & 0xff);
  }
}
