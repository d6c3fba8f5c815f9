package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;

class PemTest {
  private static final byte[] DER = new byte[100];

  static {
    for (int i = 0; i < DER.length; i++) {
      DER[i] = (byte) (i * 7);
    }
  }

  @Test
  void writesRfc7468LinesOfSixtyFourCharacters() {
    String pem = Pem.encode("PUBLIC KEY", DER);
    String[] lines = pem.split("\n");
    assertEquals("-----BEGIN PUBLIC KEY-----", lines[0]);
    assertEquals(64, lines[1].length());
    assertEquals("-----END PUBLIC KEY-----", lines[lines.length - 1]);
    assertTrue(pem.endsWith("-----\n"));
  }

  @Test
  void readsBackWhatItWrites() throws Exception {
    byte[] pem = Pem.encode("CERTIFICATE", DER).getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(DER, Pem.decode(pem, "cert", Set.of("CERTIFICATE")));
  }

  @Test
  void readsPemWithCrlfAndLeadingBlankLines() throws Exception {
    String pem = "\r\n\r\n" + Pem.encode("CERTIFICATE", DER).replace("\n", "\r\n");
    assertArrayEquals(DER, Pem.decode(pem.getBytes(StandardCharsets.US_ASCII), "cert",
        Set.of("CERTIFICATE")));
  }

  @Test
  void passesDerThrough() throws Exception {
    byte[] der = {0x30, 0x03, 0x02, 0x01, 0x01};
    assertFalse(Pem.isPem(der));
    assertArrayEquals(der, Pem.decode(der, "cert", Set.of("CERTIFICATE")));
  }

  @Test
  void rejectsAnotherLabelAndSaysWhichWasFound() {
    byte[] pem = Pem.encode("PRIVATE KEY", DER).getBytes(StandardCharsets.US_ASCII);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Pem.decode(pem, "public key k.pem", Set.of("PUBLIC KEY")));
    assertEquals("public key k.pem at offset 0: PEM label is 'PRIVATE KEY', expected PUBLIC KEY",
        e.getMessage());
  }

  @Test
  void rejectsAMissingEndLine() {
    String pem = Pem.encode("CERTIFICATE", DER);
    byte[] cut = pem.substring(0, pem.indexOf("-----END")).getBytes(StandardCharsets.US_ASCII);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Pem.decode(cut, "cert", Set.of("CERTIFICATE")));
    assertTrue(e.getMessage().contains("no '-----END CERTIFICATE-----' line"), e.getMessage());
  }

  @Test
  void rejectsCharactersOutsideTheBase64Alphabet() {
    String pem = Pem.encode("CERTIFICATE", DER).replaceFirst("\n[A-Za-z0-9+/]", "\n*");
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Pem.decode(pem.getBytes(StandardCharsets.US_ASCII), "cert",
            Set.of("CERTIFICATE")));
    assertTrue(e.getMessage().endsWith("PEM body is not Base64"), e.getMessage());
  }

  @Test
  void rejectsEncryptedPemHeaders() {
    String pem = "-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n"
        + "-----END PUBLIC KEY-----\n";
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Pem.decode(pem.getBytes(StandardCharsets.US_ASCII), "k", Set.of("PUBLIC KEY")));
    assertTrue(e.getMessage().contains("PEM headers"), e.getMessage());
  }

  @Test
  void rejectsAnEmptyBody() {
    String pem = "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n";
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Pem.decode(pem.getBytes(StandardCharsets.US_ASCII), "k", Set.of("PUBLIC KEY")));
    assertTrue(e.getMessage().endsWith("PEM body is empty"), e.getMessage());
  }
}
