package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.DigestAlgorithm;

class DigestsTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void hashesAbcAsTheStandardsSay() {
    // GB/T 32905-2016 Annex A.1; FIPS 180-4 examples (NIST CSRC "SHA256/384/512.pdf").
    assertArrayEquals(Hex.decode(
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        Digests.digest(DigestAlgorithm.SM3, ABC));
    assertArrayEquals(Hex.decode(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Digests.digest(DigestAlgorithm.SHA256, ABC));
    assertArrayEquals(Hex.decode(
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
        + "8086072ba1e7cc2358baeca134c825a7"), Digests.digest(DigestAlgorithm.SHA384, ABC));
    assertArrayEquals(Hex.decode(
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        Digests.digest(DigestAlgorithm.SHA512, ABC));
  }

  @Test
  void aStreamLongerThanTheBufferHashesAsItsBytesAndAsTheJdkDoes() throws Exception {
    byte[] data = new byte[200_001];
    new Random(7).nextBytes(data);
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      byte[] expected = Digests.digest(alg, data);
      assertEquals(alg.length(), expected.length, alg.toString());
      assertArrayEquals(expected, Digests.digest(alg, new ByteArrayInputStream(data)),
          alg.toString());
      if (alg != DigestAlgorithm.SM3) {
        assertArrayEquals(MessageDigest.getInstance(alg.jcaName()).digest(data), expected,
            alg.toString());
      }
    }
    assertArrayEquals(Sm3.digest(data), Digests.digest(DigestAlgorithm.SM3, data));
  }

  @Test
  void refusesNull() {
    assertThrows(NullPointerException.class,
        () -> Digests.digest(DigestAlgorithm.SM3, (byte[]) null));
    assertThrows(NullPointerException.class,
        () -> Digests.digest(DigestAlgorithm.SM3, (InputStream) null));
  }
}
