package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.pkcs11.cryptoki.CKK;
import org.ukey.pkcs11.cryptoki.CKM;

class ProfileParserTest {
  private static final String MINIMAL = "name = mine\nextends = standard\n";

  private static ProfileCatalog builtIn() throws Exception {
    return ProfileCatalog.load(List.of());
  }

  private static MechanismProfile parse(String text) throws Exception {
    ProfileCatalog c = builtIn();
    return ProfileParser.parse("test.properties", text, n -> {
      try {
        return Optional.of(c.named(n));
      } catch (Exception e) {
        return Optional.empty();
      }
    });
  }

  @Test
  void standardProfileGivesRsaAndEcdsaWays() throws Exception {
    MechanismProfile p = builtIn().named("standard");
    SignWay ecdsa = p.ways(SignatureAlgorithm.SHA256_WITH_ECDSA).get(0);
    assertEquals(CKM.CKM_ECDSA, ecdsa.mechanism());
    assertEquals(SignWay.Input.DIGEST, ecdsa.input());
    assertEquals(SignWay.Output.RAW, ecdsa.output());
    SignWay rsa = p.ways(SignatureAlgorithm.SHA256_WITH_RSA).get(0);
    assertEquals(CKM.CKM_SHA256_RSA_PKCS, rsa.mechanism());
    assertEquals(SignWay.Input.MESSAGE, rsa.input());
    assertTrue(p.ways(SignatureAlgorithm.SHA256_WITH_RSA_PSS).get(0).pss());
    assertEquals(CKK.CKK_EC, p.key(KeyType.EC).orElseThrow().keyType());
    assertTrue(p.ways(SignatureAlgorithm.SM3_WITH_SM2).isEmpty());
  }

  @Test
  void sansecProfileHasExactlyTheDocumentedValues() throws Exception {
    // pkcs11-prior-art.md §3.2, from xipki vendor-sansec.json and ipkcs11wrapper vendor.conf.
    MechanismProfile p = builtIn().named("sansec");
    KeyProfile sm2 = p.key(KeyType.SM2).orElseThrow();
    assertEquals(0x80000004L, sm2.keyType());
    assertEquals(0x80008001L, sm2.generateMechanism());
    List<SignWay> ways = p.ways(SignatureAlgorithm.SM3_WITH_SM2);
    assertEquals(0x80008104L, ways.get(0).mechanism());
    assertEquals(SignWay.Input.E, ways.get(0).input());
    assertEquals(SignWay.Output.RAW, ways.get(0).output());
    assertEquals(0x80008102L, ways.get(1).mechanism());
    assertEquals(SignWay.Input.MESSAGE_Z, ways.get(1).input());
    assertEquals(0x80008103L, ways.get(2).mechanism());
    assertEquals(SignWay.Output.DER, ways.get(2).output());
    assertEquals("CKM_SA_SM3_SM2", p.mechanismName(0x80008100L));
    assertEquals("CKM_ECDSA", p.mechanismName(CKM.CKM_ECDSA));
    // Inherited from standard.
    assertEquals(CKM.CKM_ECDSA, p.ways(SignatureAlgorithm.SHA256_WITH_ECDSA).get(0).mechanism());
  }

  @Test
  void tassProfileSignsSm2AndEcdsaInDerWithAFrameLimit() throws Exception {
    MechanismProfile p = builtIn().named("tass");
    assertEquals(0x80000004L, p.key(KeyType.SM2).orElseThrow().keyType());
    SignWay sm2 = p.ways(SignatureAlgorithm.SM3_WITH_SM2).get(0);
    assertEquals(0x80008000L, sm2.mechanism());
    assertEquals(SignWay.Output.DER, sm2.output());
    assertEquals(SignWay.Output.DER,
        p.ways(SignatureAlgorithm.SHA256_WITH_ECDSA).get(0).output());
    assertEquals(8192, p.maxSinglePart());
    assertEquals("CKK_TA_SM4", p.keyTypeName(0x80000002L));
    // The token hashes Z|M with the user ID as the parameter (GMTOKEN-SPEC, TASS slots).
    SignWay withId = p.ways(SignatureAlgorithm.SM3_WITH_SM2).get(1);
    assertEquals(0x80008100L, withId.mechanism());
    assertEquals(SignWay.Input.MESSAGE_ID, withId.input());
    assertEquals(SignWay.Output.DER, withId.output());
    assertEquals(0x80008001L, p.key(KeyType.SM2).orElseThrow().generateMechanism());
  }

  @Test
  void sansecAndTassDecryptSm2OnTheTokenInC1C3C2() throws Exception {
    for (String name : List.of("sansec", "tass")) {
      MechanismProfile p = builtIn().named(name);
      for (EncryptionAlgorithm alg : List.of(EncryptionAlgorithm.SM2_ASN1,
          EncryptionAlgorithm.SM2_C1C3C2, EncryptionAlgorithm.SM2_C1C2C3)) {
        List<DecryptWay> ways = p.ways(alg);
        assertEquals(1, ways.size(), name + " " + alg);
        assertEquals(0x80008200L, ways.get(0).mechanism(), name + " " + alg);
        assertEquals(DecryptWay.Layout.C1C3C2, ways.get(0).layout(), name + " " + alg);
      }
    }
  }

  @Test
  void picksProfilesByManufacturerAndFallsBackToStandard() throws Exception {
    ProfileCatalog c = builtIn();
    assertEquals("sansec", c.select(List.of("SANSEC Tech", "x"), "SJJ1012", "lib").name());
    assertEquals("tass", c.select(List.of("Tass HSM"), "m", "d").name());
    assertEquals("luna", c.select(List.of("SafeNet, Inc."), "Luna K7", "Chrystoki").name());
    assertEquals("standard", c.select(List.of("SafeNet, Inc."), "Luna K7", "other").name());
    assertEquals("ibm-ep11", c.select(List.of("IBM"), "EP11", "opencryptoki").name());
    assertEquals("standard", c.select(List.of("IBM"), "ICA", "opencryptoki").name());
    assertEquals("standard",
        c.select(List.of("SoftHSM project", "SoftHSM"), "SoftHSM v2", "Impl").name());
  }

  @Test
  void userFileExtendsAndOverridesABuiltInProfile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("acme.properties");
    Files.writeString(f, "# ACME key\nname = acme\nextends = sansec\n"
        + "match.manufacturer = acme\n"
        + "define.CKM_ACME_SM2 = 0x8000AC01\n"
        + "sign.SM3_WITH_SM2 = CKM_ACME_SM2 e der\n");
    ProfileCatalog c = ProfileCatalog.load(List.of(f));
    MechanismProfile p = c.select(List.of("ACME Corp"), "", "");
    assertEquals("acme", p.name());
    assertEquals(0x8000AC01L, p.ways(SignatureAlgorithm.SM3_WITH_SM2).get(0).mechanism());
    assertEquals(0x80000004L, p.key(KeyType.SM2).orElseThrow().keyType());
    assertEquals("acme", c.named(f.toString()).name());
  }

  @Test
  void profileWithoutMatchLinesIsUsedOnlyByName() throws Exception {
    MechanismProfile p = parse(MINIMAL);
    assertFalse(p.matches(List.of("anything"), "model", "library"));
  }

  @Test
  void rejectsUnknownKeyWithItsLine() throws Exception {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "\nsign.SHA256_WITH_ECDSA = CKM_ECDSA digest raw\nsigne = x\n"));
    assertEquals("mechanism profile test.properties line 5", e.what());
    assertTrue(e.getMessage().contains("unknown key 'signe'"), e.getMessage());
  }

  @Test
  void rejectsARepeatedKey() {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse("name = a\nname = b\n"));
    assertTrue(e.getMessage().contains("given twice (first on line 1)"), e.getMessage());
  }

  @Test
  void rejectsAMissingOrBadName() {
    assertThrows(InvalidEncodingException.class, () -> parse("description = x\n"));
    assertThrows(InvalidEncodingException.class, () -> parse("name = Has Spaces\n"));
  }

  @Test
  void rejectsAnUnknownParent() {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse("name = a\nextends = nosuch\n"));
    assertTrue(e.getMessage().contains("unknown profile 'nosuch'"), e.getMessage());
  }

  @Test
  void rejectsAnUndefinedMechanismName() {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SM3_WITH_SM2 = CKM_NOPE e raw\n"));
    assertTrue(e.getMessage().contains("define.CKM_NOPE"), e.getMessage());
  }

  @Test
  void rejectsNumbersOutOfRange() {
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "define.CKM_X = 0x100000000\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "define.CKM_X = twelve\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "max-single-part = 0\n"));
  }

  @Test
  void rejectsWaysThatDoNotFitTheirAlgorithm() {
    // SM2 needs Z: a token hashing the bare message does not make SM3withSM2 signatures.
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SM3_WITH_SM2 = 0x80008100 message raw\n"));
    // EC output form is required; RSA has none.
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_ECDSA = CKM_ECDSA digest\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_RSA = CKM_SHA256_RSA_PKCS message raw\n"));
    // e is SM2-only; digest-info is PKCS#1 v1.5 only; PSS ways must say pss.
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_ECDSA = CKM_ECDSA e raw\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_RSA_PSS = CKM_RSA_PKCS digest-info\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_RSA_PSS = CKM_RSA_PKCS_PSS digest\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "sign.SHA256_WITH_WHAT = CKM_ECDSA digest raw\n"));
  }

  @Test
  void rejectsDecryptionWaysWithoutTheirParameters() {
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "decrypt.SM2_C1C3C2 = 0x80008200\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "decrypt.RSA_OAEP_SHA256 = CKM_RSA_PKCS_OAEP\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "decrypt.RSA_PKCS1 = CKM_RSA_PKCS c1c3c2\n"));
  }

  @Test
  void rejectsAKeyBlockWithoutItsType() {
    assertThrows(InvalidEncodingException.class,
        () -> parse("name = a\nkey.SM2.generate = 0x80008001\n"));
    assertThrows(InvalidEncodingException.class,
        () -> parse(MINIMAL + "key.DSA.type = CKK_DSA\n"));
  }

  @Test
  void everyBuiltInProfileParses() throws Exception {
    ProfileCatalog c = builtIn();
    for (String name : ProfileCatalog.BUILT_IN) {
      assertEquals(name, c.named(name).name());
    }
  }
}
