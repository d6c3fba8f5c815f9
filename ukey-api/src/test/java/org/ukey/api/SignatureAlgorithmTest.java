package org.ukey.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureAlgorithmTest {
  /**
   * OIDs: GM/T 0006-2012 (SM3withSM2 1.2.156.10197.1.501), RFC 8017 appendix C (RSA PKCS#1 v1.5
   * and RSASSA-PSS), RFC 5758 §3.2 (ECDSA with SHA-2). JCA names: the JDK's standard names,
   * BouncyCastle's for SM2.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "SM3_WITH_SM2, sm3-sm2, 1.2.156.10197.1.501, SM3withSM2, SM2, SM3, false",
      "SHA256_WITH_RSA, sha256-rsa, 1.2.840.113549.1.1.11, SHA256withRSA, RSA, SHA256, false",
      "SHA384_WITH_RSA, sha384-rsa, 1.2.840.113549.1.1.12, SHA384withRSA, RSA, SHA384, false",
      "SHA256_WITH_RSA_PSS, sha256-rsa-pss, 1.2.840.113549.1.1.10, SHA256withRSA/PSS, RSA,"
          + " SHA256, true",
      "SHA384_WITH_RSA_PSS, sha384-rsa-pss, 1.2.840.113549.1.1.10, SHA384withRSA/PSS, RSA,"
          + " SHA384, true",
      "SHA256_WITH_ECDSA, sha256-ecdsa, 1.2.840.10045.4.3.2, SHA256withECDSA, EC, SHA256, false",
      "SHA384_WITH_ECDSA, sha384-ecdsa, 1.2.840.10045.4.3.3, SHA384withECDSA, EC, SHA384, false"
  })
  void namesOidsAndJcaNames(String name, String cli, String oid, String jca, KeyType type,
      DigestAlgorithm digest, boolean pss) {
    SignatureAlgorithm a = SignatureAlgorithm.byName(name).orElseThrow();
    assertEquals(name, a.name());
    assertEquals(cli, a.cliName());
    assertEquals(oid, a.oid());
    assertEquals(jca, a.jcaName());
    assertEquals(type, a.keyType());
    assertEquals(digest, a.digest());
    assertEquals(pss, a.isPss());
    assertEquals(pss ? digest.length() : 0, a.pssSaltLength(), "PSS salt = digest length");
    assertEquals(a, SignatureAlgorithm.byName(cli).orElseThrow());
    assertEquals(a, SignatureAlgorithm.byName(jca.toUpperCase()).orElseThrow());
    assertEquals(a, SignatureAlgorithm.byName(name.toLowerCase()).orElseThrow());
    if (!pss) {
      assertEquals(a, SignatureAlgorithm.byOid(oid).orElseThrow());
    }
  }

  @Test
  void listsEveryAlgorithmOnceAndRefusesUnknownNames() {
    assertEquals(7, SignatureAlgorithm.values().size());
    assertEquals(7, SignatureAlgorithm.values().stream().map(SignatureAlgorithm::name)
        .distinct().count());
    assertTrue(SignatureAlgorithm.byName("md5-rsa").isEmpty());
    assertTrue(SignatureAlgorithm.byOid("1.2.840.113549.1.1.4").isEmpty());
    // RSASSA-PSS has one OID for every hash; the hash is in its parameters, so the OID alone
    // names no algorithm.
    assertTrue(SignatureAlgorithm.byOid("1.2.840.113549.1.1.10").isEmpty());
  }

  @Test
  void sm2CarriesTheDefaultUserIdOfGmt0009() {
    SignatureAlgorithm a = SignatureAlgorithm.SM3_WITH_SM2;
    byte[] id = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(id, a.sm2UserId().orElseThrow());
    assertArrayEquals(id, SignatureAlgorithm.defaultSm2UserId());
    assertTrue(a.hasDefaultSm2UserId());
    assertTrue(SignatureAlgorithm.SHA256_WITH_RSA.sm2UserId().isEmpty());
    assertFalse(SignatureAlgorithm.SHA256_WITH_RSA.hasDefaultSm2UserId());
    // Copies, so no caller can change the default.
    a.sm2UserId().orElseThrow()[0] = 'X';
    SignatureAlgorithm.defaultSm2UserId()[0] = 'X';
    assertArrayEquals(id, a.sm2UserId().orElseThrow());
  }

  @Test
  void anotherUserIdMakesAnotherAlgorithmOfTheSameFamily() {
    byte[] id = "zhangsan@finance".getBytes(StandardCharsets.US_ASCII);
    SignatureAlgorithm a = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(id);
    id[0] = 'X';
    assertArrayEquals("zhangsan@finance".getBytes(StandardCharsets.US_ASCII),
        a.sm2UserId().orElseThrow(), "the ID is copied in");
    assertNotEquals(SignatureAlgorithm.SM3_WITH_SM2, a);
    assertTrue(a.sameFamilyAs(SignatureAlgorithm.SM3_WITH_SM2));
    assertFalse(a.hasDefaultSm2UserId());
    assertEquals("SM3_WITH_SM2(id=\"zhangsan@finance\")", a.toString());
    assertEquals("SM3_WITH_SM2", SignatureAlgorithm.SM3_WITH_SM2.toString());
    SignatureAlgorithm again = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(
        "zhangsan@finance".getBytes(StandardCharsets.US_ASCII));
    assertEquals(a, again);
    assertEquals(a.hashCode(), again.hashCode());
    assertEquals(SignatureAlgorithm.SM3_WITH_SM2, SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId(SignatureAlgorithm.defaultSm2UserId()));
    assertEquals("SM3_WITH_SM2(id=0x00ff)", SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId(new byte[] {0, (byte) 0xff}).toString());
  }

  @Test
  void userIdLimitsFollowGmt0009() {
    // ENTL is the ID's length in bits in 16 bits: at most 8191 bytes.
    SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(new byte[8191]);
    assertThrows(IllegalArgumentException.class,
        () -> SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(new byte[8192]));
    assertThrows(IllegalArgumentException.class,
        () -> SignatureAlgorithm.SHA256_WITH_ECDSA.withSm2UserId(new byte[16]));
    assertThrows(NullPointerException.class,
        () -> SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(null));
  }

  @ParameterizedTest(name = "{0}: {1}, {2}")
  @CsvSource({
      "SM3, 1.2.156.10197.1.401, 32, SM3",
      "SHA256, 2.16.840.1.101.3.4.2.1, 32, SHA-256",
      "SHA384, 2.16.840.1.101.3.4.2.2, 48, SHA-384",
      "SHA512, 2.16.840.1.101.3.4.2.3, 64, SHA-512"
  })
  void digestsHaveTheirOidsAndLengths(DigestAlgorithm d, String oid, int length, String jca) {
    assertEquals(oid, d.oid());
    assertEquals(length, d.length());
    assertEquals(jca, d.jcaName());
    assertEquals(d, DigestAlgorithm.byName(oid).orElseThrow());
    assertEquals(d, DigestAlgorithm.byName(jca).orElseThrow());
    assertEquals(d, DigestAlgorithm.byName(jca.toLowerCase()).orElseThrow());
  }

  @Test
  void unknownDigestsAreEmpty() {
    assertTrue(DigestAlgorithm.byName("MD5").isEmpty());
    assertTrue(DigestAlgorithm.byName("1.2.840.113549.2.5").isEmpty());
  }
}
