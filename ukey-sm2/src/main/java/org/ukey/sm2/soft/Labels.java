package org.ukey.sm2.soft;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rules for token and key labels: 1 to a maximum number of bytes in UTF-8, no control
 * characters, no unpaired surrogates, no leading or trailing white space (PKCS#11 pads labels
 * with blanks, so trailing blanks would not survive a trip through a PKCS#11 token).
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Labels {
  private Labels() {}

  /** What is wrong with a label, or null when it is acceptable. */
  static String problem(String label, int maxBytes) {
    if (label.isEmpty()) {
      return "a label must not be empty";
    }
    int bytes;
    try {
      bytes = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(label)).remaining();
    } catch (CharacterCodingException e) {
      return "a label must be valid Unicode (it holds an unpaired surrogate)";
    }
    if (bytes > maxBytes) {
      return "a label must be at most " + maxBytes + " bytes in UTF-8, was " + bytes;
    }
    for (int i = 0; i < label.length(); i++) {
      if (Character.isISOControl(label.charAt(i))) {
        return "a label must not contain control characters";
      }
    }
    if (Character.isWhitespace(label.charAt(0))
        || Character.isWhitespace(label.charAt(label.length() - 1))
        || Character.isSpaceChar(label.charAt(0))
        || Character.isSpaceChar(label.charAt(label.length() - 1))) {
      return "a label must not start or end with white space";
    }
    return null;
  }

  /** Shows a label in a message: quoted, at most 80 characters. */
  static String quote(String label) {
    String s = label.length() > 80 ? label.substring(0, 80) + "…" : label;
    return "'" + s + "'";
  }
}
