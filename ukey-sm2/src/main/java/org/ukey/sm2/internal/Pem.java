package org.ukey.sm2.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.ukey.api.InvalidEncodingException;

/**
 * PEM (RFC 7468) blocks: {@code -----BEGIN LABEL-----}, Base64 lines, {@code -----END LABEL-----}.
 * Text outside blocks is ignored, as RFC 7468 §2 allows (OpenSSL prints a human-readable dump
 * before certificates). Encapsulated headers ({@code Proc-Type:}) are kept for the legacy
 * encrypted keys that BouncyCastle's PEM parser reads.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private Pem() {}

  /** One block: its label, decoded content and the offset of its BEGIN line. */
  public static final class Block {
    private final String label;
    private final byte[] der;
    private final int offset;
    private final boolean hasHeaders;

    Block(String label, byte[] der, int offset, boolean hasHeaders) {
      this.label = label;
      this.der = der;
      this.offset = offset;
      this.hasHeaders = hasHeaders;
    }

    public String label() {
      return label;
    }

    public byte[] der() {
      return der;
    }

    public int offset() {
      return offset;
    }

    /** Whether the block has RFC 1421 headers (a legacy OpenSSL-encrypted key). */
    public boolean hasHeaders() {
      return hasHeaders;
    }
  }

  /**
   * Whether data looks like PEM rather than DER: DER starts with a tag byte, PEM with text.
   *
   * @param data the bytes
   * @return true when a BEGIN line is present
   */
  public static boolean looksLikePem(byte[] data) {
    if (data.length > 0 && data[0] == 0x30) {
      return false;
    }
    return new String(data, StandardCharsets.ISO_8859_1).contains(BEGIN);
  }

  /**
   * Every PEM block in the text.
   *
   * @param data the text (ASCII)
   * @param what what the file is, for messages
   * @return the blocks, in order
   * @throws InvalidEncodingException if a block is unterminated or not Base64
   */
  public static List<Block> decode(byte[] data, String what) throws InvalidEncodingException {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    int pos = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, pos);
      if (begin < 0) {
        break;
      }
      int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
      int lineEnd = text.indexOf('\n', begin);
      if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
        throw new InvalidEncodingException(what, begin, "malformed PEM BEGIN line");
      }
      String label = text.substring(begin + BEGIN.length(), labelEnd);
      String endLine = END + label + DASHES;
      int end = text.indexOf(endLine, labelEnd);
      if (end < 0) {
        throw new InvalidEncodingException(what, begin,
            "PEM block \"" + label + "\" has no END line (truncated)");
      }
      String body = text.substring(labelEnd + DASHES.length(), end);
      boolean headers = body.contains(":");
      if (headers) {
        int blank = body.indexOf("\n\n");
        if (blank < 0) {
          blank = body.indexOf("\r\n\r\n");
        }
        body = blank < 0 ? body : body.substring(blank);
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(stripWhitespace(body, what, begin));
      } catch (IllegalArgumentException e) {
        throw new InvalidEncodingException(what, begin,
            "PEM block \"" + label + "\" is not valid Base64", e);
      }
      blocks.add(new Block(label, der, begin, headers));
      pos = end + endLine.length();
    }
    return blocks;
  }

  private static String stripWhitespace(String body, String what, int at)
      throws InvalidEncodingException {
    StringBuilder sb = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
          || c == '/' || c == '=')) {
        throw new InvalidEncodingException(what, at,
            "PEM body has a character that is not Base64: '" + c + "'");
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * Encodes one block with 64-character lines.
   *
   * @param label the label, such as {@code CERTIFICATE}
   * @param der the content
   * @return the PEM text
   */
  public static String encode(String label, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + 80);
    sb.append(BEGIN).append(label).append(DASHES).append('\n');
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append(END).append(label).append(DASHES).append('\n');
    return sb.toString();
  }
}
