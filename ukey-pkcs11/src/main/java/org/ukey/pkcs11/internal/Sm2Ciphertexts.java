package org.ukey.pkcs11.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;

/**
 * Rearranges an SM2 ciphertext into the layout a token takes: C1‖C3‖C2 (GB/T 32918.4-2016
 * §6.1), C1‖C2‖C3 (the 2010 order), or from the GM/T 0009-2012 §7.2 DER
 * {@code SM2Cipher ::= SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING(32), ciphertext
 * OCTET STRING }}. C1 is 04‖x‖y (65 bytes), C3 the 32-byte SM3 hash.
 */
final class Sm2Ciphertexts {
  private static final int C1 = 65;
  private static final int C3 = 32;

  private Sm2Ciphertexts() {}

  static byte[] convert(byte[] in, EncryptionAlgorithm from, DecryptWay.Layout to)
      throws InvalidEncodingException {
    byte[] c1;
    byte[] c2;
    byte[] c3;
    switch (from) {
      case SM2_C1C3C2:
      case SM2_C1C2C3:
        if (in.length <= C1 + C3 || in[0] != 0x04) {
          throw new InvalidEncodingException("SM2 ciphertext", 0,
              "expected 04|x|y followed by at least " + (C3 + 1) + " bytes");
        }
        c1 = Arrays.copyOfRange(in, 0, C1);
        if (from == EncryptionAlgorithm.SM2_C1C3C2) {
          c3 = Arrays.copyOfRange(in, C1, C1 + C3);
          c2 = Arrays.copyOfRange(in, C1 + C3, in.length);
        } else {
          c2 = Arrays.copyOfRange(in, C1, in.length - C3);
          c3 = Arrays.copyOfRange(in, in.length - C3, in.length);
        }
        break;
      case SM2_ASN1: {
        byte[] body = Der.content(in, 0x30, "SM2Cipher");
        int[] pos = {0};
        byte[] x = element(body, pos, 0x02, "SM2Cipher.x");
        byte[] y = element(body, pos, 0x02, "SM2Cipher.y");
        c3 = element(body, pos, 0x04, "SM2Cipher.hash");
        c2 = element(body, pos, 0x04, "SM2Cipher.ciphertext");
        if (pos[0] != body.length) {
          throw new InvalidEncodingException("SM2Cipher", pos[0], "trailing bytes");
        }
        if (c3.length != C3 || c2.length == 0) {
          throw new InvalidEncodingException("SM2Cipher.hash", -1, "expected 32 bytes");
        }
        c1 = new byte[C1];
        c1[0] = 0x04;
        coordinate(x, c1, 1, "SM2Cipher.x");
        coordinate(y, c1, 33, "SM2Cipher.y");
        break;
      }
      default:
        throw new IllegalArgumentException("not SM2: " + from);
    }
    byte[] out = new byte[c1.length + c2.length + c3.length];
    System.arraycopy(c1, 0, out, 0, C1);
    if (to == DecryptWay.Layout.C1C3C2) {
      System.arraycopy(c3, 0, out, C1, C3);
      System.arraycopy(c2, 0, out, C1 + C3, c2.length);
    } else {
      System.arraycopy(c2, 0, out, C1, c2.length);
      System.arraycopy(c3, 0, out, C1 + c2.length, C3);
    }
    return out;
  }

  private static void coordinate(byte[] integer, byte[] out, int at, String what)
      throws InvalidEncodingException {
    BigInteger v = new BigInteger(integer);
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new InvalidEncodingException(what, -1, "not a 256-bit coordinate");
    }
    byte[] u = v.toByteArray();
    int skip = u.length > 32 ? u.length - 32 : 0;
    System.arraycopy(u, skip, out, at + 32 - (u.length - skip), u.length - skip);
  }

  /** One short- or long-form (up to 2 length bytes) DER element inside a buffer. */
  private static byte[] element(byte[] b, int[] pos, int tag, String what)
      throws InvalidEncodingException {
    int p = pos[0];
    if (p + 2 > b.length || (b[p] & 0xFF) != tag) {
      throw new InvalidEncodingException(what, p, String.format("expected tag 0x%02x", tag));
    }
    int len = b[p + 1] & 0xFF;
    int header = 2;
    if (len == 0x81 || len == 0x82) {
      int n = len - 0x80;
      if (p + 2 + n > b.length) {
        throw new InvalidEncodingException(what, p, "truncated length");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[p + 2 + i] & 0xFF);
      }
      header = 2 + n;
    } else if (len >= 0x80) {
      throw new InvalidEncodingException(what, p, "unsupported length form");
    }
    if (p + header + len > b.length) {
      throw new InvalidEncodingException(what, p, "content runs past the end");
    }
    pos[0] = p + header + len;
    return Arrays.copyOfRange(b, p + header, p + header + len);
  }
}
