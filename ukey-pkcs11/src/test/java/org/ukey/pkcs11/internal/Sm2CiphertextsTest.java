package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;

class Sm2CiphertextsTest {
  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] cat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  private final byte[] x = filled(32, 0x81);
  private final byte[] y = filled(32, 0x22);
  private final byte[] c1 = cat(new byte[] {4}, x, y);
  private final byte[] c3 = filled(32, 0x33);
  private final byte[] c2 = filled(5, 0x44);

  @Test
  void swapsTheRawLayouts() throws Exception {
    assertArrayEquals(cat(c1, c2, c3), Sm2Ciphertexts.convert(cat(c1, c3, c2),
        EncryptionAlgorithm.SM2_C1C3C2, DecryptWay.Layout.C1C2C3));
    assertArrayEquals(cat(c1, c3, c2), Sm2Ciphertexts.convert(cat(c1, c2, c3),
        EncryptionAlgorithm.SM2_C1C2C3, DecryptWay.Layout.C1C3C2));
  }

  @Test
  void unwrapsTheGmT0009Structure() throws Exception {
    byte[] asn1 = Der.sequence(Der.integer(new BigInteger(1, x)), Der.integer(
        new BigInteger(1, y)), Der.octetString(c3), Der.octetString(c2));
    assertArrayEquals(cat(c1, c3, c2), Sm2Ciphertexts.convert(asn1,
        EncryptionAlgorithm.SM2_ASN1, DecryptWay.Layout.C1C3C2));
  }

  @Test
  void rejectsMalformedCiphertexts() {
    assertThrows(InvalidEncodingException.class, () -> Sm2Ciphertexts.convert(
        cat(c1, c3), EncryptionAlgorithm.SM2_C1C3C2, DecryptWay.Layout.C1C2C3));
    byte[] badStart = cat(c1, c3, c2);
    badStart[0] = 2;
    assertThrows(InvalidEncodingException.class, () -> Sm2Ciphertexts.convert(badStart,
        EncryptionAlgorithm.SM2_C1C3C2, DecryptWay.Layout.C1C2C3));
    byte[] shortHash = Der.sequence(Der.integer(BigInteger.ONE), Der.integer(BigInteger.TWO),
        Der.octetString(filled(31, 1)), Der.octetString(c2));
    assertThrows(InvalidEncodingException.class, () -> Sm2Ciphertexts.convert(shortHash,
        EncryptionAlgorithm.SM2_ASN1, DecryptWay.Layout.C1C3C2));
    byte[] trailing = cat(Der.sequence(Der.integer(BigInteger.ONE)), new byte[] {0});
    assertThrows(InvalidEncodingException.class, () -> Sm2Ciphertexts.convert(trailing,
        EncryptionAlgorithm.SM2_ASN1, DecryptWay.Layout.C1C3C2));
  }
}
