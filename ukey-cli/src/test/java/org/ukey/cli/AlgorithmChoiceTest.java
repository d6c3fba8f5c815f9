package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;

class AlgorithmChoiceTest {
  @Test
  void defaultsToTheKeysUsualAlgorithm() throws Exception {
    assertEquals(SignatureAlgorithm.SM3_WITH_SM2,
        AlgorithmChoice.resolve(null, null, KeySpec.sm2()));
    assertEquals(SignatureAlgorithm.SHA256_WITH_RSA,
        AlgorithmChoice.resolve(null, null, KeySpec.rsa(2048)));
    assertEquals(SignatureAlgorithm.SHA384_WITH_ECDSA,
        AlgorithmChoice.resolve(null, null, KeySpec.ecP384()));
  }

  @Test
  void takesTheCliNames() throws Exception {
    assertEquals(SignatureAlgorithm.SHA256_WITH_RSA_PSS,
        AlgorithmChoice.resolve("sha256-rsa-pss", null, KeySpec.rsa(3072)));
    assertEquals(SignatureAlgorithm.SHA256_WITH_ECDSA,
        AlgorithmChoice.resolve("sha256-ecdsa", null, KeySpec.ecP256()));
  }

  @Test
  void carriesTheSm2UserIdAsUtf8() throws Exception {
    SignatureAlgorithm a = AlgorithmChoice.resolve("sm3-sm2", "张三@财政局", KeySpec.sm2());
    assertArrayEquals("张三@财政局".getBytes(StandardCharsets.UTF_8), a.sm2UserId().orElseThrow());
  }

  @Test
  void refusesAnAlgorithmOfAnotherKeyType() {
    CliException e = assertThrows(CliException.class,
        () -> AlgorithmChoice.resolve("sha256-rsa", null, KeySpec.sm2()));
    assertEquals("--alg sha256-rsa needs an RSA key; this key is sm2", e.getMessage());
  }

  @Test
  void listsTheKnownNamesForAnUnknownOne() {
    CliException e = assertThrows(CliException.class,
        () -> AlgorithmChoice.resolve("md5-rsa", null, KeySpec.rsa(2048)));
    assertTrue(e.getMessage().startsWith("unknown --alg 'md5-rsa'; known: sm3-sm2, sha256-rsa"),
        e.getMessage());
  }

  @Test
  void refusesAUserIdForNonSm2AndOneThatIsTooLong() {
    assertThrows(CliException.class,
        () -> AlgorithmChoice.resolve(null, "alice", KeySpec.ecP256()));
    CliException e = assertThrows(CliException.class,
        () -> AlgorithmChoice.resolve(null, "x".repeat(8192), KeySpec.sm2()));
    assertTrue(e.getMessage().contains("shorter than 8192 bytes"), e.getMessage());
  }
}
