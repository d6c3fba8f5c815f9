package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;

class SignatureEncodingTest {
  private static final byte[] MESSAGE = "voucher".getBytes(StandardCharsets.UTF_8);
  private static KeyPair sm2;
  private static KeyPair p384;
  private static byte[] sm2Der;

  @BeforeAll
  static void keys() throws Exception {
    sm2 = SoftKeys.generate(KeySpec.sm2());
    p384 = SoftKeys.generate(KeySpec.ecP384());
    sm2Der = SoftSigners.create(sm2.getPrivate(), sm2.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
  }

  @Test
  void convertsSm2DerToSixtyFourBytesOfRawThatReadsBackAsTheSameSignature() throws Exception {
    byte[] raw = SignatureEncoding.RAW.fromDer(sm2Der, sm2.getPublic());
    assertEquals(64, raw.length);
    List<String> problems = new ArrayList<>();
    List<SignatureEncoding.Reading> readings =
        SignatureEncoding.readings(raw, sm2.getPublic(), problems);
    assertEquals(1, readings.size(), problems.toString());
    assertEquals(SignatureEncoding.RAW, readings.get(0).encoding());
    SoftVerifiers.verify(sm2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE,
        readings.get(0).der());
  }

  @Test
  void readsDerAsDer() {
    List<SignatureEncoding.Reading> readings =
        SignatureEncoding.readings(sm2Der, sm2.getPublic(), new ArrayList<>());
    assertEquals(SignatureEncoding.DER, readings.get(0).encoding());
    assertArrayEquals(sm2Der, readings.get(0).der());
  }

  @Test
  void usesTheCurveOrderLengthForP384() throws Exception {
    byte[] der = SoftSigners.create(p384.getPrivate(), p384.getPublic(), null,
        SignatureAlgorithm.SHA384_WITH_ECDSA).sign(MESSAGE);
    assertEquals(96, SignatureEncoding.RAW.fromDer(der, p384.getPublic()).length);
  }

  @Test
  void findsNoReadingOfBytesThatAreNeitherForm() {
    List<String> problems = new ArrayList<>();
    assertTrue(SignatureEncoding.readings(new byte[10], sm2.getPublic(), problems).isEmpty());
    assertEquals("not raw r||s (64 bytes for this key, not 10)", problems.get(1));
  }

  @Test
  void refusesRawForRsa() throws Exception {
    KeyPair rsa = SoftKeys.generate(KeySpec.rsa(2048));
    CliException e = assertThrows(CliException.class,
        () -> SignatureEncoding.RAW.fromDer(new byte[256], rsa.getPublic()));
    assertTrue(e.getMessage().startsWith("--format raw is r||s"), e.getMessage());
    assertEquals(1, SignatureEncoding.readings(new byte[256], rsa.getPublic(),
        new ArrayList<>()).size());
  }
}
