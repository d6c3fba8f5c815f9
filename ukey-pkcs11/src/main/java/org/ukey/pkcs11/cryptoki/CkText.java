package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the blank-padded fixed-length text fields of Cryptoki structures. */
final class CkText {
  private CkText() {}

  /**
   * Decodes a blank-padded {@code CK_UTF8CHAR[n]} field. Trailing blanks and NULs are dropped
   * (some modules pad with NUL against the spec); invalid UTF-8 (some Chinese modules write GBK)
   * is replaced rather than rejected, since the text is only shown and matched.
   */
  static String read(ByteBuffer b, int offset, int length) {
    byte[] raw = new byte[length];
    b.get(offset, raw);
    int end = length;
    while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) {
      end--;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }
}
