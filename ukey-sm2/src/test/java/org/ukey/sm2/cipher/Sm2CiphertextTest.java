package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.cipher.Sm2EncryptionTest.C2;
import static org.ukey.sm2.cipher.Sm2EncryptionTest.C3;
import static org.ukey.sm2.cipher.Sm2EncryptionTest.X1;
import static org.ukey.sm2.cipher.Sm2EncryptionTest.Y1;

import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;

class Sm2CiphertextTest {
  private static final byte[] ASN1 =
      Hex.decode("307C0220" + X1 + "022100" + Y1 + "0420" + C3 + "0413" + C2);
  private static final byte[] C1C3C2 = Hex.decode("04" + X1 + Y1 + C3 + C2);
  private static final byte[] C1C2C3 = Hex.decode("04" + X1 + Y1 + C2 + C3);

  @Test
  void convertsBetweenAllThreeLayoutsWithoutAKey() throws Exception {
    for (EncryptionAlgorithm from : new EncryptionAlgorithm[] {EncryptionAlgorithm.SM2_ASN1,
        EncryptionAlgorithm.SM2_C1C3C2, EncryptionAlgorithm.SM2_C1C2C3}) {
      Sm2Ciphertext c = Sm2Ciphertext.decode(encoded(from), from);
      assertArrayEquals(ASN1, c.encode(EncryptionAlgorithm.SM2_ASN1), from.toString());
      assertArrayEquals(C1C3C2, c.encode(EncryptionAlgorithm.SM2_C1C3C2), from.toString());
      assertArrayEquals(C1C2C3, c.encode(EncryptionAlgorithm.SM2_C1C2C3), from.toString());
    }
  }

  @Test
  void readsShortCoordinatesLeftPadded() throws Exception {
    // x = 0x00…01 encodes as a one-byte INTEGER; the decoder must left-pad it (GmSSL #1624).
    byte[] der = Hex.decode("302B020101020102" + "0420" + C3 + "040100");
    Sm2Ciphertext c = Sm2Ciphertext.decode(der, EncryptionAlgorithm.SM2_ASN1);
    byte[] c1 = c.c1();
    assertArrayEquals(Hex.decode("04" + "00".repeat(31) + "01" + "00".repeat(31) + "02"), c1);
    assertArrayEquals(der, c.encode(EncryptionAlgorithm.SM2_ASN1));
  }

  @Test
  void rejectsTruncatedDer() {
    for (int cut : new int[] {1, 2, 10, ASN1.length - 1}) {
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
          () -> Sm2Ciphertext.decode(Arrays.copyOf(ASN1, cut), EncryptionAlgorithm.SM2_ASN1));
      assertTrue(e.getMessage().startsWith("SM2Cipher"), e.getMessage());
    }
  }

  @Test
  void rejectsTrailingGarbageAfterTheDer() {
    byte[] padded = Arrays.copyOf(ASN1, ASN1.length + 2);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(padded, EncryptionAlgorithm.SM2_ASN1));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    assertTrue(e.offset() == ASN1.length, "offset " + e.offset());
  }

  @Test
  void rejectsNonMinimalDer() {
    // x with a needless leading 00 (its high bit is clear).
    byte[] nonMinimalInteger =
        Hex.decode("307D022100" + X1 + "022100" + Y1 + "0420" + C3 + "0413" + C2);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(nonMinimalInteger, EncryptionAlgorithm.SM2_ASN1));
    assertTrue(e.getMessage().contains("shortest form"), e.getMessage());
    // The outer length in long form where the short form fits.
    byte[] longLength = Hex.decode("30817C0220" + X1 + "022100" + Y1 + "0420" + C3 + "0413" + C2);
    assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(longLength, EncryptionAlgorithm.SM2_ASN1));
    byte[] indefinite = Hex.decode("30800220" + X1 + "022100" + Y1 + "0420" + C3 + "0413" + C2
        + "0000");
    assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(indefinite, EncryptionAlgorithm.SM2_ASN1));
  }

  @Test
  void rejectsAHashThatIsNot32Bytes() {
    byte[] der = Hex.decode("307B0220" + X1 + "022100" + Y1 + "041F" + C3.substring(2)
        + "0413" + C2);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(der, EncryptionAlgorithm.SM2_ASN1));
    assertTrue(e.getMessage().contains("HASH"), e.getMessage());
  }

  @Test
  void rejectsRawCiphertextsThatAreTooShortOrNotUncompressed() {
    assertThrows(InvalidEncodingException.class, () -> Sm2Ciphertext.decode(
        Arrays.copyOf(C1C3C2, 97), EncryptionAlgorithm.SM2_C1C3C2));
    byte[] compressed = C1C3C2.clone();
    compressed[0] = 0x02;
    assertThrows(InvalidEncodingException.class,
        () -> Sm2Ciphertext.decode(compressed, EncryptionAlgorithm.SM2_C1C3C2));
  }

  @Test
  void refusesRsaLayouts() {
    assertThrows(IllegalArgumentException.class,
        () -> Sm2Ciphertext.decode(C1C3C2, EncryptionAlgorithm.RSA_PKCS1));
  }

  private static byte[] encoded(EncryptionAlgorithm layout) {
    switch (layout) {
      case SM2_ASN1:
        return ASN1;
      case SM2_C1C3C2:
        return C1C3C2;
      default:
        return C1C2C3;
    }
  }
}
