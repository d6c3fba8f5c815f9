package org.ukey.sm2;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.util.BigIntegers;
import org.ukey.api.InvalidEncodingException;

/**
 * The one codec between the two forms of an (EC)DSA or SM2 signature: DER
 * {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009-2012 §7.3, RFC 3279) and raw
 * {@code r‖s} with each half the field length (what SKF's {@code ECCSIGNATUREBLOB} and most
 * PKCS#11 SM2 mechanisms return).
 *
 * <p>Decoding is strict DER: definite minimal lengths, minimal non-negative integers, nothing
 * after the sequence, and r and s in [1, n-1] for the curve order n. A signature that fails any
 * of these is rejected with the field and offset named.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 */
public final class SignatureCodec {
  private SignatureCodec() {}

  /**
   * Decodes a strict-DER signature into r and s.
   *
   * @param der the encoding
   * @param order the curve order n; r and s must be in [1, n-1]
   * @return {r, s}
   * @throws InvalidEncodingException if the encoding is not strict DER or r, s are out of range
   */
  public static BigInteger[] decodeDer(byte[] der, BigInteger order)
      throws InvalidEncodingException {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(order, "order");
    int[] pos = {0};
    if (der.length < 2 || (der[0] & 0xff) != 0x30) {
      throw new InvalidEncodingException("signature", 0, "expected SEQUENCE (0x30)");
    }
    pos[0] = 1;
    int seqLen = readLength(der, pos, "signature");
    if (pos[0] + seqLen != der.length) {
      throw new InvalidEncodingException("signature", pos[0] + (long) seqLen,
          seqLen + pos[0] < der.length ? "trailing bytes after SEQUENCE"
              : "SEQUENCE length runs past the end of the input");
    }
    BigInteger r = readInteger(der, pos, "signature.r");
    BigInteger s = readInteger(der, pos, "signature.s");
    if (pos[0] != der.length) {
      throw new InvalidEncodingException("signature", pos[0], "trailing bytes inside SEQUENCE");
    }
    checkRange(r, order, "signature.r");
    checkRange(s, order, "signature.s");
    return new BigInteger[] {r, s};
  }

  /**
   * Encodes r and s as DER.
   *
   * @param r r, positive
   * @param s s, positive
   * @return {@code SEQUENCE { r, s }}
   */
  public static byte[] encodeDer(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    int bodyLen = 2 + rb.length + 2 + sb.length;
    if (rb.length > 127 || sb.length > 127 || bodyLen > 255) {
      throw new IllegalArgumentException("integers too large for a signature");
    }
    int header = bodyLen > 127 ? 3 : 2;
    byte[] out = new byte[header + bodyLen];
    int p = 0;
    out[p++] = 0x30;
    if (bodyLen > 127) {
      out[p++] = (byte) 0x81;
    }
    out[p++] = (byte) bodyLen;
    out[p++] = 0x02;
    out[p++] = (byte) rb.length;
    System.arraycopy(rb, 0, out, p, rb.length);
    p += rb.length;
    out[p++] = 0x02;
    out[p++] = (byte) sb.length;
    System.arraycopy(sb, 0, out, p, sb.length);
    return out;
  }

  /**
   * DER to raw {@code r‖s}, each half {@code fieldLength} bytes, right-aligned.
   *
   * @param der the strict DER signature
   * @param order the curve order
   * @param fieldLength the length of each half (32 for SM2 and P-256, 48 for P-384)
   * @return the raw form
   * @throws InvalidEncodingException if the DER is not strict or r, s are out of range
   */
  public static byte[] derToRaw(byte[] der, BigInteger order, int fieldLength)
      throws InvalidEncodingException {
    BigInteger[] rs = decodeDer(der, order);
    byte[] out = new byte[2 * fieldLength];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, fieldLength);
    BigIntegers.asUnsignedByteArray(rs[1], out, fieldLength, fieldLength);
    return out;
  }

  /**
   * Raw {@code r‖s} to DER.
   *
   * @param raw the raw form, two halves of equal length
   * @param order the curve order; r and s must be in [1, n-1]
   * @return the DER form
   * @throws InvalidEncodingException if the length is odd or r, s are out of range
   */
  public static byte[] rawToDer(byte[] raw, BigInteger order) throws InvalidEncodingException {
    Objects.requireNonNull(raw, "raw");
    if (raw.length == 0 || raw.length % 2 != 0 || raw.length > 132) {
      throw new InvalidEncodingException("raw signature", -1,
          "length must be even and at most 132 bytes, was " + raw.length);
    }
    int half = raw.length / 2;
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, half));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, half, raw.length));
    checkRange(r, order, "raw signature.r");
    checkRange(s, order, "raw signature.s");
    return encodeDer(r, s);
  }

  private static void checkRange(BigInteger v, BigInteger order, String what)
      throws InvalidEncodingException {
    if (v.signum() <= 0 || v.compareTo(order) >= 0) {
      throw new InvalidEncodingException(what, -1, "value out of range [1, n-1]");
    }
  }

  private static int readLength(byte[] in, int[] pos, String what)
      throws InvalidEncodingException {
    if (pos[0] >= in.length) {
      throw new InvalidEncodingException(what, pos[0], "truncated: length missing");
    }
    int first = in[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    if (first == 0x81) {
      if (pos[0] >= in.length) {
        throw new InvalidEncodingException(what, pos[0], "truncated: length missing");
      }
      int len = in[pos[0]++] & 0xff;
      if (len < 0x80) {
        throw new InvalidEncodingException(what, pos[0] - 2L, "non-minimal length encoding");
      }
      return len;
    }
    throw new InvalidEncodingException(what, pos[0] - 1L,
        first == 0x80 ? "indefinite length is not DER" : "length too large for a signature");
  }

  private static BigInteger readInteger(byte[] in, int[] pos, String what)
      throws InvalidEncodingException {
    int start = pos[0];
    if (start >= in.length) {
      throw new InvalidEncodingException(what, start, "truncated: INTEGER missing");
    }
    if ((in[start] & 0xff) != 0x02) {
      throw new InvalidEncodingException(what, start,
          String.format("expected INTEGER (0x02), found tag 0x%02x", in[start] & 0xff));
    }
    pos[0]++;
    int len = readLength(in, pos, what);
    int body = pos[0];
    if (len == 0) {
      throw new InvalidEncodingException(what, start, "empty INTEGER");
    }
    if (body + len > in.length) {
      throw new InvalidEncodingException(what, start, "INTEGER runs past the end of the input");
    }
    if ((in[body] & 0x80) != 0) {
      throw new InvalidEncodingException(what, body, "negative INTEGER");
    }
    if (len > 1 && in[body] == 0 && (in[body + 1] & 0x80) == 0) {
      throw new InvalidEncodingException(what, body, "non-minimal INTEGER (extra leading 0x00)");
    }
    pos[0] = body + len;
    return new BigInteger(1, java.util.Arrays.copyOfRange(in, body, body + len));
  }
}
