package org.ukey.sm2.cipher;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Objects;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.sm2.internal.DerReader;

/**
 * An SM2 ciphertext (GB/T 32918.4-2016 §6.1): C1 = [k]G as a point, C3 = SM3(x2 ‖ M ‖ y2) and
 * C2 = M ⊕ t, read from and written to each of the three layouts counterparties use:
 *
 * <ul>
 *   <li>{@link EncryptionAlgorithm#SM2_ASN1}: GM/T 0009-2012 §7.2 {@code SM2Cipher ::= SEQUENCE
 *       { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (32), CipherText OCTET
 *       STRING }}, strict DER (what OpenSSL and GmSSL emit);
 *   <li>{@link EncryptionAlgorithm#SM2_C1C3C2}: raw {@code 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2}, the order of
 *       GB/T 32918.4-2016;
 *   <li>{@link EncryptionAlgorithm#SM2_C1C2C3}: raw {@code 04 ‖ x1 ‖ y1 ‖ C2 ‖ C3}, the 2010 order
 *       that BouncyCastle's defaults still produce.
 * </ul>
 *
 * <p>Converting between layouts ({@code decode(bytes, SM2_C1C2C3).encode(SM2_ASN1)}) needs no
 * key. Decoding checks structure only; whether C1 is on the curve and C3 matches is checked by
 * decryption.
 *
 * <p><b>Thread-safety:</b> immutable; accessors return copies.
 */
public final class Sm2Ciphertext {
  private static final int FIELD = 32;
  private static final int HASH = 32;
  private static final int C1_LENGTH = 1 + 2 * FIELD;

  private final byte[] x;
  private final byte[] y;
  private final byte[] c3;
  private final byte[] c2;

  Sm2Ciphertext(byte[] x, byte[] y, byte[] c3, byte[] c2) {
    this.x = x;
    this.y = y;
    this.c3 = c3;
    this.c2 = c2;
  }

  /**
   * Reads a ciphertext in the given layout.
   *
   * @param encoded the ciphertext
   * @param layout one of the SM2 layouts
   * @return the ciphertext
   * @throws InvalidEncodingException if it is not a well-formed ciphertext of that layout
   * @throws IllegalArgumentException if the layout is not an SM2 one
   */
  public static Sm2Ciphertext decode(byte[] encoded, EncryptionAlgorithm layout)
      throws InvalidEncodingException {
    Objects.requireNonNull(encoded, "encoded");
    requireSm2(layout);
    if (layout == EncryptionAlgorithm.SM2_ASN1) {
      return decodeAsn1(encoded);
    }
    String what = "SM2 ciphertext (" + layout + ")";
    if (encoded.length < C1_LENGTH + HASH + 1) {
      throw new InvalidEncodingException(what, -1, "length " + encoded.length
          + " is shorter than C1 (65) + C3 (32) + at least one byte of C2");
    }
    if (encoded[0] != 0x04) {
      throw new InvalidEncodingException(what, 0, String.format(
          "C1 must be an uncompressed point starting 04, starts %02x", encoded[0] & 0xff));
    }
    byte[] x = slice(encoded, 1, FIELD);
    byte[] y = slice(encoded, 1 + FIELD, FIELD);
    int c2Length = encoded.length - C1_LENGTH - HASH;
    if (layout == EncryptionAlgorithm.SM2_C1C3C2) {
      return new Sm2Ciphertext(x, y, slice(encoded, C1_LENGTH, HASH),
          slice(encoded, C1_LENGTH + HASH, c2Length));
    }
    return new Sm2Ciphertext(x, y, slice(encoded, C1_LENGTH + c2Length, HASH),
        slice(encoded, C1_LENGTH, c2Length));
  }

  private static Sm2Ciphertext decodeAsn1(byte[] der) throws InvalidEncodingException {
    DerReader.checkStrict(der, "SM2Cipher");
    DerReader seq = DerReader.of(der, "SM2Cipher").read(DerReader.SEQUENCE, "SEQUENCE");
    int at = seq.offset();
    BigInteger x = seq.nonNegativeInteger("XCoordinate");
    BigInteger y = seq.nonNegativeInteger("YCoordinate");
    if (x.bitLength() > 8 * FIELD || y.bitLength() > 8 * FIELD) {
      throw new InvalidEncodingException("SM2Cipher", at, "coordinate longer than 256 bits");
    }
    int hashAt = seq.offset();
    byte[] hash = seq.octetString("HASH");
    if (hash.length != HASH) {
      throw new InvalidEncodingException("SM2Cipher.HASH", hashAt,
          "must be 32 bytes (SM3), was " + hash.length);
    }
    int ctAt = seq.offset();
    byte[] c2 = seq.octetString("CipherText");
    if (c2.length == 0) {
      throw new InvalidEncodingException("SM2Cipher.CipherText", ctAt, "empty");
    }
    seq.end();
    return new Sm2Ciphertext(fixed(x), fixed(y), hash, c2);
  }

  /**
   * Writes the ciphertext in a layout.
   *
   * @param layout one of the SM2 layouts
   * @return the encoding
   * @throws IllegalArgumentException if the layout is not an SM2 one
   */
  public byte[] encode(EncryptionAlgorithm layout) {
    requireSm2(layout);
    if (layout == EncryptionAlgorithm.SM2_ASN1) {
      ByteArrayOutputStream body = new ByteArrayOutputStream(c2.length + 120);
      writeTlv(body, DerReader.INTEGER, new BigInteger(1, x).toByteArray());
      writeTlv(body, DerReader.INTEGER, new BigInteger(1, y).toByteArray());
      writeTlv(body, DerReader.OCTET_STRING, c3);
      writeTlv(body, DerReader.OCTET_STRING, c2);
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 6);
      writeTlv(out, DerReader.SEQUENCE, body.toByteArray());
      return out.toByteArray();
    }
    byte[] out = new byte[C1_LENGTH + HASH + c2.length];
    out[0] = 0x04;
    System.arraycopy(x, 0, out, 1, FIELD);
    System.arraycopy(y, 0, out, 1 + FIELD, FIELD);
    if (layout == EncryptionAlgorithm.SM2_C1C3C2) {
      System.arraycopy(c3, 0, out, C1_LENGTH, HASH);
      System.arraycopy(c2, 0, out, C1_LENGTH + HASH, c2.length);
    } else {
      System.arraycopy(c2, 0, out, C1_LENGTH, c2.length);
      System.arraycopy(c3, 0, out, C1_LENGTH + c2.length, HASH);
    }
    return out;
  }

  /**
   * C1 as an uncompressed point.
   *
   * @return {@code 04 ‖ x1 ‖ y1}, 65 bytes
   */
  public byte[] c1() {
    byte[] out = new byte[C1_LENGTH];
    out[0] = 0x04;
    System.arraycopy(x, 0, out, 1, FIELD);
    System.arraycopy(y, 0, out, 1 + FIELD, FIELD);
    return out;
  }

  /**
   * C3, the SM3 hash that authenticates the plaintext.
   *
   * @return 32 bytes
   */
  public byte[] c3() {
    return c3.clone();
  }

  /**
   * C2, the masked message; as long as the plaintext.
   *
   * @return the bytes
   */
  public byte[] c2() {
    return c2.clone();
  }

  byte[] x() {
    return x;
  }

  byte[] y() {
    return y;
  }

  byte[] c3Internal() {
    return c3;
  }

  byte[] c2Internal() {
    return c2;
  }

  private static void requireSm2(EncryptionAlgorithm layout) {
    Objects.requireNonNull(layout, "layout");
    if (layout.keyType() != KeyType.SM2) {
      throw new IllegalArgumentException(layout + " is not an SM2 ciphertext layout");
    }
  }

  private static byte[] fixed(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[FIELD];
    int n = Math.min(b.length, FIELD);
    System.arraycopy(b, b.length - n, out, FIELD - n, n);
    return out;
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] content) {
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len);
    } else if (len < 0x1000000) {
      out.write(0x83);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    } else {
      out.write(0x84);
      out.write(len >>> 24);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    }
    out.write(content, 0, len);
  }

  @Override
  public String toString() {
    return "Sm2Ciphertext[" + c2.length + " bytes of message]";
  }
}
