package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.TestGmToken;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.SoftKeys;

/**
 * The standard's SM2 signature, exactly, through the SDK: the GM soft token's test-hooks build
 * ({@code make hooks}) with k fixed by {@code UKEY_GM_TEST_K}, the GB/T 32918.5 Annex A key
 * imported through {@code Session.importKey}, and every signing way of the Sansec and TASS
 * profiles giving the standard's r and s for "message digest" with the default ID
 * (shared/reference/gm-standards.md §5.4). This checks the whole path: the SDK's Z and e, the
 * parameters, the token's output form and the SDK's conversion to DER.
 */
class GmFixedKTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String D =
      "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
  private static final String K =
      "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
  private static final BigInteger R =
      new BigInteger("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3", 16);
  private static final BigInteger S =
      new BigInteger("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", 16);
  private static final byte[] M = "message digest".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  static Path dir;
  private static TestGmToken gm;

  @BeforeAll
  static void open() throws Exception {
    gm = TestGmToken.create(TestGmToken.hooksLibrary(), "fixed-k", 6, false,
        Pkcs11Options.builder().environment("UKEY_GM_TEST_K", K), TestGmToken.SANSEC,
        TestGmToken.TASS);
    PrivateKey d = SoftKeys.privateKey(HEX.parseHex("3041020100301306072A8648CE3D020106082A"
        + "811CCF5501822D042730250201010420" + D));
    for (int slot = 0; slot < 2; slot++) {
      try (Session s = gm.token(slot).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        s.importKey(d, null, "kat");
      }
    }
  }

  @AfterAll
  static void close() {
    if (gm != null) {
      gm.close();
    }
  }

  @Test
  void everyWayOfBothProfilesGivesTheStandardsSignature() throws Exception {
    String[][] ways = {
        {"sansec", "0", "CKM_SA_SM2_SIGN e raw"},
        {"sansec", "0", "CKM_SA_SM3_SM2_Z message-z raw"},
        {"sansec", "0", "CKM_SA_SM3_SM2_Z_DER message-z der"},
        {"tass", "1", "CKM_TA_SM2 e der"},
        {"tass", "1", "CKM_TA_SM3_SM2 message-id der"}};
    for (String[] way : ways) {
      Path f = dir.resolve(way[0] + Math.abs(way[2].hashCode()) + ".properties");
      Files.writeString(f, "name = only\nextends = " + way[0] + "\nsign.SM3_WITH_SM2 = "
          + way[2] + "\n", StandardCharsets.UTF_8);
      try (Pkcs11Provider p = Pkcs11.load(gm.libraryPath(),
              gm.sameModule().profileFile(f).profile("only").build());
           Session s = p.slot(Integer.parseInt(way[1]))
               .login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        TokenKey key = s.key("kat");
        byte[] der = s.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(M);
        BigInteger[] rs = SignatureCodec.decodeDer(der, Sm2.order());
        assertEquals(R, rs[0], way[2]);
        assertEquals(S, rs[1], way[2]);
      }
    }
  }

  @Test
  void theBuiltInProfilesPickedByManufacturerGiveItToo() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      try (Session s = gm.token(slot).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        byte[] der = s.signer(s.key("kat"), SignatureAlgorithm.SM3_WITH_SM2).sign(M);
        assertEquals(HEX.formatHex(HEX.parseHex("3046022100F5A03B0648D2C4630EEAC513E1BB81A15944"
            + "DA3827D5B74143AC7EACEEE720B3022100B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4"
            + "840B69C485BBC1AA")), HEX.formatHex(der), "slot " + slot);
      }
    }
  }
}
