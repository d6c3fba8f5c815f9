package org.ukey.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.ukey.api.InvalidEncodingException;

/**
 * PEM armour (RFC 7468): writes the strict form and reads either PEM or plain DER.
 *
 * <p>Reading: when the input starts with {@code -----BEGIN } (after optional whitespace) it is
 * PEM: the first block must carry one of the expected labels, its body is Base64 (whitespace
 * between characters ignored, anything else refused), and it must end with the matching
 * {@code -----END} line; anything else is taken to be DER and returned as is. RFC 1421 headers
 * ({@code Proc-Type:}) are refused: an encrypted PEM is not a public key or certificate.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Pem {
  private static final int LINE = 64;
  private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

  private Pem() {}

  /**
   * Armours DER: RFC 7468 §2, Base64 in lines of 64 characters.
   *
   * @param label the label, such as {@code CERTIFICATE} or {@code PUBLIC KEY}
   * @param der the content
   * @return the PEM text, ending with a newline
   */
  static String encode(String label, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + b64.length() / LINE + 64);
    sb.append("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < b64.length(); i += LINE) {
      sb.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
    }
    sb.append("-----END ").append(label).append("-----\n");
    return sb.toString();
  }

  /**
   * Whether the input looks like PEM rather than DER.
   *
   * @param data the file's content
   * @return true when it starts, after whitespace, with {@code -----BEGIN }
   */
  static boolean isPem(byte[] data) {
    int i = skipWhitespace(data, 0);
    if (data.length - i < BEGIN.length) {
      return false;
    }
    for (int k = 0; k < BEGIN.length; k++) {
      if (data[i + k] != BEGIN[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads PEM or DER.
   *
   * @param data the file's content
   * @param what what the file is, for messages (such as {@code "certificate cert.pem"})
   * @param labels the PEM labels accepted
   * @return the DER
   * @throws InvalidEncodingException if it is PEM with another label, a bad body or no end line
   */
  static byte[] decode(byte[] data, String what, Set<String> labels)
      throws InvalidEncodingException {
    if (!isPem(data)) {
      return data;
    }
    String text = new String(data, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int labelEnd = text.indexOf("-----", begin + 11);
    int lineEnd = text.indexOf('\n', begin);
    if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
      throw new InvalidEncodingException(what, begin, "PEM BEGIN line is not closed by -----");
    }
    String label = text.substring(begin + 11, labelEnd);
    if (!labels.contains(label)) {
      throw new InvalidEncodingException(what, begin,
          "PEM label is '" + label + "', expected " + String.join(" or ", labels));
    }
    int bodyStart = labelEnd + 5;
    String endLine = "-----END " + label + "-----";
    int end = text.indexOf(endLine, bodyStart);
    if (end < 0) {
      throw new InvalidEncodingException(what, bodyStart, "no '" + endLine + "' line");
    }
    String body = text.substring(bodyStart, end);
    if (body.indexOf(':') >= 0) {
      throw new InvalidEncodingException(what, bodyStart,
          "PEM headers (encrypted PEM) are not supported here");
    }
    // The basic decoder, not the MIME one: MIME silently skips characters outside the alphabet.
    String b64 = body.replaceAll("\\s+", "");
    if (b64.isEmpty()) {
      throw new InvalidEncodingException(what, bodyStart, "PEM body is empty");
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(what, bodyStart, "PEM body is not Base64", e);
    }
  }

  private static int skipWhitespace(byte[] data, int i) {
    while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'
        || data[i] == '\n')) {
      i++;
    }
    return i;
  }
}
