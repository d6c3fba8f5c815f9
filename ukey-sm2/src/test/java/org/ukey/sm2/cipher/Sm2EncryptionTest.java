package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.sm2.internal.KeyParameters;

/**
 * Known-answer test of SM2 encryption on sm2p256v1: GM/T 0003.5-2012 / GB/T 32918.5 Annex C as
 * OpenSSL's test/sm2_internal_test.c reproduces it (research notes gm-standards.md §5.5).
 */
class Sm2EncryptionTest {
  static final BigInteger D = new BigInteger(
      "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16);
  static final BigInteger K = new BigInteger(
      "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16);
  static final byte[] M = "encryption standard".getBytes(StandardCharsets.US_ASCII);
  static final String X1 = "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73";
  static final String Y1 = "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0";
  static final String C3 = "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766";
  static final String C2 = "21886CA989CA9C7D58087307CA93092D651EFA";

  private static ECPoint publicKey() {
    return KeyParameters.SM2.getG().multiply(D).normalize();
  }

  @Test
  void encryptsTheGmt00035AnnexCExampleWithTheInjectedNonce() {
    Sm2Ciphertext c = Sm2Encryption.encrypt(publicKey(), M, K);
    assertArrayEquals(Hex.decode("04" + X1 + Y1), c.c1());
    assertArrayEquals(Hex.decode(C3), c.c3());
    assertArrayEquals(Hex.decode(C2), c.c2());
    assertArrayEquals(Hex.decode("04" + X1 + Y1 + C3 + C2),
        c.encode(EncryptionAlgorithm.SM2_C1C3C2));
    assertArrayEquals(Hex.decode("04" + X1 + Y1 + C2 + C3),
        c.encode(EncryptionAlgorithm.SM2_C1C2C3));
    // GM/T 0009-2012 §7.2 SM2Cipher; y is a 33-byte INTEGER because its high bit is set.
    assertArrayEquals(Hex.decode("307C0220" + X1 + "022100" + Y1 + "0420" + C3 + "0413" + C2),
        c.encode(EncryptionAlgorithm.SM2_ASN1));
  }

  @Test
  void decryptsTheGmt00035AnnexCExample() throws Exception {
    Sm2Ciphertext c = Sm2Ciphertext.decode(Hex.decode("04" + X1 + Y1 + C3 + C2),
        EncryptionAlgorithm.SM2_C1C3C2);
    assertArrayEquals(M, Sm2Encryption.decrypt(D, c));
  }

  @Test
  void rejectsTheExampleWithOneBitOfC3Flipped() throws Exception {
    byte[] bad = Hex.decode("04" + X1 + Y1 + C3 + C2);
    bad[65] ^= 1;
    Sm2Ciphertext c = Sm2Ciphertext.decode(bad, EncryptionAlgorithm.SM2_C1C3C2);
    assertThrows(DecryptionFailedException.class, () -> Sm2Encryption.decrypt(D, c));
  }

  @Test
  void rejectsTheExampleWithOneBitOfC2Flipped() throws Exception {
    byte[] bad = Hex.decode("04" + X1 + Y1 + C3 + C2);
    bad[bad.length - 1] ^= 1;
    Sm2Ciphertext c = Sm2Ciphertext.decode(bad, EncryptionAlgorithm.SM2_C1C3C2);
    assertThrows(DecryptionFailedException.class, () -> Sm2Encryption.decrypt(D, c));
  }

  @Test
  void rejectsAC1ThatIsNotOnTheCurve() throws Exception {
    byte[] bad = Hex.decode("04" + X1 + Y1 + C3 + C2);
    bad[64] ^= 1; // last byte of y1
    Sm2Ciphertext c = Sm2Ciphertext.decode(bad, EncryptionAlgorithm.SM2_C1C3C2);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Sm2Encryption.decrypt(D, c));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a point"),
        e.getMessage());
  }

  @Test
  void rejectsAC1WhoseCoordinateIsNotAFieldElement() throws Exception {
    byte[] bad = Hex.decode("04" + X1 + Y1 + C3 + C2);
    java.util.Arrays.fill(bad, 1, 33, (byte) 0xff);
    Sm2Ciphertext c = Sm2Ciphertext.decode(bad, EncryptionAlgorithm.SM2_C1C3C2);
    assertThrows(InvalidEncodingException.class, () -> Sm2Encryption.decrypt(D, c));
  }
}
