package org.ukey.pkcs11.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import org.ukey.api.InvalidEncodingException;

/**
 * The few DER encodings PKCS#11 attributes need (X.690): OIDs for {@code CKA_EC_PARAMS}, the
 * OCTET STRING around {@code CKA_EC_POINT}, INTEGER for {@code CKA_SERIAL_NUMBER}, and an EC
 * {@code SubjectPublicKeyInfo} (RFC 5480 §2) to hand a token's public point to {@code SoftKeys}.
 * Decoding is strict and bounded by the input.
 */
final class Der {
  /** id-ecPublicKey, RFC 5480 §2.1.1. */
  static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

  private Der() {}

  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    return tlv(0x30, body.toByteArray());
  }

  static byte[] octetString(byte[] content) {
    return tlv(0x04, content);
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long first = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
    base128(body, first);
    for (int i = 2; i < arcs.length; i++) {
      base128(body, Long.parseLong(arcs[i]));
    }
    return tlv(0x06, body.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long v) {
    int groups = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((v >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  /** An EC public key's SPKI: SEQUENCE { SEQUENCE { id-ecPublicKey, curve }, BIT STRING }. */
  static byte[] ecSpki(String curveOid, byte[] uncompressedPoint) {
    byte[] bits = new byte[uncompressedPoint.length + 1];
    System.arraycopy(uncompressedPoint, 0, bits, 1, uncompressedPoint.length);
    return sequence(sequence(oid(EC_PUBLIC_KEY), oid(curveOid)), tlv(0x03, bits));
  }

  /**
   * Reads a DER OBJECT IDENTIFIER that is the whole input ({@code CKA_EC_PARAMS} as a named
   * curve).
   */
  static String readOid(byte[] der, String what) throws InvalidEncodingException {
    byte[] body = content(der, 0x06, what);
    if (body.length == 0 || (body[body.length - 1] & 0x80) != 0) {
      throw new InvalidEncodingException(what, 0, "malformed OBJECT IDENTIFIER");
    }
    StringBuilder sb = new StringBuilder();
    long v = 0;
    boolean first = true;
    for (int i = 0; i < body.length; i++) {
      if (v == 0 && (body[i] & 0xFF) == 0x80) {
        throw new InvalidEncodingException(what, 2 + i, "non-minimal OID arc");
      }
      if (v > (Long.MAX_VALUE >>> 7)) {
        throw new InvalidEncodingException(what, 2 + i, "OID arc too large");
      }
      v = (v << 7) | (body[i] & 0x7F);
      if ((body[i] & 0x80) == 0) {
        if (first) {
          long top = Math.min(v / 40, 2);
          sb.append(top).append('.').append(v - 40 * top);
          first = false;
        } else {
          sb.append('.').append(v);
        }
        v = 0;
      }
    }
    return sb.toString();
  }

  /** The content of a DER element of the given tag that is the whole input. */
  static byte[] content(byte[] der, int tag, String what) throws InvalidEncodingException {
    if (der.length < 2) {
      throw new InvalidEncodingException(what, 0, "truncated DER element");
    }
    if ((der[0] & 0xFF) != tag) {
      throw new InvalidEncodingException(what, 0, String.format(
          "expected tag 0x%02x, found 0x%02x", tag, der[0] & 0xFF));
    }
    int len = der[1] & 0xFF;
    int header = 2;
    if (len == 0x81) {
      if (der.length < 3 || (der[2] & 0xFF) < 0x80) {
        throw new InvalidEncodingException(what, 1, "malformed or non-minimal length");
      }
      len = der[2] & 0xFF;
      header = 3;
    } else if (len == 0x82) {
      if (der.length < 4 || (der[2] & 0xFF) == 0) {
        throw new InvalidEncodingException(what, 1, "malformed or non-minimal length");
      }
      len = ((der[2] & 0xFF) << 8) | (der[3] & 0xFF);
      header = 4;
    } else if (len >= 0x80) {
      throw new InvalidEncodingException(what, 1, "unsupported length form");
    }
    if (header + len != der.length) {
      throw new InvalidEncodingException(what, header, header + len > der.length
          ? "content runs past the end" : "trailing bytes after the element");
    }
    return Arrays.copyOfRange(der, header, der.length);
  }
}
