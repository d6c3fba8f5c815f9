package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.OpenSslCli;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.TestGmToken;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.cipher.PublicKeyEncryption;

/**
 * SM2 on the GM soft token through ukey-pkcs11: a Sansec slot and a TASS slot, each profile picked
 * by the token's manufacturer ID, every signing way of both profiles (forced one at a time by a
 * profile file), signatures checked in software (ukey-sm2 over BouncyCastle) and by
 * {@code openssl pkeyutl}, a non-default user ID, long streams, SM2 decryption of ciphertexts
 * made by ukey-sm2 and by OpenSSL, and the TASS private key's {@code CKA_EC_POINT}.
 */
class GmSigningTest {
  private static final byte[] MESSAGE =
      "财政国库支付凭证 2026-12-06 ¥1,000.00".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ALICE = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
  private static final int SANSEC = 0;
  private static final int TASS = 1;

  @TempDir
  static Path dir;
  private static TestGmToken gm;
  private static Session[] sessions = new Session[2];
  private static TokenKey[] keys = new TokenKey[2];

  @BeforeAll
  static void open() throws Exception {
    gm = TestGmToken.create("sign", TestGmToken.SANSEC, TestGmToken.TASS);
    for (int slot = 0; slot < 2; slot++) {
      sessions[slot] = gm.token(slot).login(TestGmToken.pin(TestGmToken.USER_PIN));
      keys[slot] = sessions[slot].generateKey(KeySpec.sm2(), "sm2");
    }
  }

  @AfterAll
  static void close() {
    for (Session s : sessions) {
      if (s != null) {
        s.close();
      }
    }
    if (gm != null) {
      gm.close();
    }
  }

  @Test
  void picksEachVendorsProfileByManufacturerIdWithNoConfiguration() throws Exception {
    assertEquals("sansec", gm.token(SANSEC).profileName());
    assertEquals("tass", gm.token(TASS).profileName());
    assertTrue(gm.token(SANSEC).info().manufacturer().toLowerCase().contains("sansec"));
    assertTrue(gm.token(TASS).info().manufacturer().toLowerCase().contains("tass"));
  }

  @Test
  void generatedKeysAreSm2SensitiveAndCarryTheCurve() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      TokenKey k = keys[slot];
      assertEquals(KeySpec.sm2(), k.spec());
      ModuleCalls calls = ((ProviderImpl) gm.provider()).calls();
      long handle = ((Pkcs11Key) k).privateHandle;
      Map<Long, byte[]> a = ((TokenImpl) sessions[slot].token()).state().withSession(ns ->
          calls.getAttributes(ns.handle, handle, CKA.CKA_VALUE, CKA.CKA_KEY_TYPE,
              CKA.CKA_EC_PARAMS, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE));
      assertFalse(a.containsKey(CKA.CKA_VALUE), "d must not be readable");
      assertEquals(0x80000004L, KeyObjects.ulong(calls.abi(), a.get(CKA.CKA_KEY_TYPE), "type"));
      assertArrayEquals(Der.oid(KeySpec.SM2_CURVE_OID), a.get(CKA.CKA_EC_PARAMS));
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_SENSITIVE));
      assertArrayEquals(new byte[] {0}, a.get(CKA.CKA_EXTRACTABLE));
    }
  }

  @Test
  void signaturesOfBothVendorsVerifyInSoftwareAndWithOpenssl() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      byte[] sig = sessions[slot].signer(keys[slot], SignatureAlgorithm.SM3_WITH_SM2)
          .sign(MESSAGE);
      SoftVerifiers.verify(keys[slot].publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE,
          sig);
      assertOpensslVerifies(keys[slot], MESSAGE, sig, "slot " + slot);
      byte[] other = MESSAGE.clone();
      other[0] ^= 1;
      TokenKey k = keys[slot];
      assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
          k.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, other, sig));
    }
  }

  /** Each way of the Sansec and TASS profiles, forced alone through a profile file. */
  @Test
  void everySigningWayOfBothProfilesMakesVerifiableSignatures() throws Exception {
    String[][] ways = {
        {"sansec", "CKM_SA_SM2_SIGN e raw"},
        {"sansec", "CKM_SA_SM3_SM2_Z message-z raw"},
        {"sansec", "CKM_SA_SM3_SM2_Z_DER message-z der"},
        {"tass", "CKM_TA_SM2 e der"},
        {"tass", "CKM_TA_SM3_SM2 message-id der"}};
    byte[] longMessage = new byte[20_000];
    for (int i = 0; i < longMessage.length; i++) {
      longMessage[i] = (byte) (i * 7);
    }
    for (String[] way : ways) {
      int slot = way[0].equals("sansec") ? SANSEC : TASS;
      try (Pkcs11Provider p = forcedWay(way[0], way[1]);
           Session s = p.slot(slot).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        TokenKey key = s.key("sm2");
        Signer signer = s.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
        for (byte[] m : List.of(MESSAGE, new byte[0], longMessage)) {
          byte[] sig = signer.sign(m);
          SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, m, sig);
          byte[] streamed = signer.sign(new ByteArrayInputStream(m));
          SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, m, streamed);
        }
        assertOpensslVerifies(key, MESSAGE, signer.sign(MESSAGE), way[1]);
      }
    }
  }

  @Test
  void aNonDefaultUserIdWorksOnTassWithTheIdAsParameterAndOnSansecWithE() throws Exception {
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(ALICE);
    // TASS: the token computes Z from the ID passed as CKM_TA_SM3_SM2's parameter.
    try (Pkcs11Provider p = forcedWay("tass", "CKM_TA_SM3_SM2 message-id der");
         Session s = p.slot(TASS).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
      TokenKey key = s.key("sm2");
      byte[] sig = s.signer(key, alice).sign(MESSAGE);
      SoftVerifiers.verify(key.publicKey(), alice, MESSAGE, sig);
      assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
          key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
    }
    // Sansec: e is computed here with the ID; the Z mechanisms know only the default ID.
    byte[] sig = sessions[SANSEC].signer(keys[SANSEC], alice).sign(MESSAGE);
    SoftVerifiers.verify(keys[SANSEC].publicKey(), alice, MESSAGE, sig);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        keys[SANSEC].publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
    try (Pkcs11Provider p = forcedWay("sansec", "CKM_SA_SM3_SM2_Z message-z raw");
         Session s = p.slot(SANSEC).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
      UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
          () -> s.signer(s.key("sm2"), alice));
      assertTrue(e.getMessage().contains("CKM_SA_SM3_SM2_Z"), e.getMessage());
    }
  }

  /** Both default profiles sign SM2 with an e way: the caller's e is what C_Sign gets. */
  @Test
  void signsACallersEOnBothVendorsWithTheDefaultAndAnotherUserId() throws Exception {
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(ALICE);
    for (int slot = 0; slot < 2; slot++) {
      TokenKey k = keys[slot];
      ECPublicKey pub = (ECPublicKey) k.publicKey();
      for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SM3_WITH_SM2, alice)) {
        byte[] e = Sm2.digestForSigning(alg.sm2UserId().orElseThrow(), pub, MESSAGE);
        byte[] sig = sessions[slot].signer(k, alg).signDigest(e);
        SoftVerifiers.verify(pub, alg, MESSAGE, sig);
        byte[] other = MESSAGE.clone();
        other[0] ^= 1;
        assertThrows(SignatureVerificationException.class,
            () -> SoftVerifiers.verify(pub, alg, other, sig));
      }
      byte[] e = Sm2.digestForSigning(SignatureAlgorithm.defaultSm2UserId(), pub, MESSAGE);
      assertOpensslVerifies(k, MESSAGE, sessions[slot].signer(k,
          SignatureAlgorithm.SM3_WITH_SM2).signDigest(e), "signDigest on slot " + slot);
      // Forgetting Z: a signature of SM3(M) is not a signature of M.
      byte[] noZ = sessions[slot].signer(k, SignatureAlgorithm.SM3_WITH_SM2)
          .signDigest(Sm3.digest(MESSAGE));
      assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(pub,
          SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, noZ));
    }
  }

  /** The ways where the token computes Z and hashes cannot take a caller's e. */
  @Test
  void waysWhereTheTokenHashesRefuseACallersE() throws Exception {
    String[][] ways = {
        {"sansec", "CKM_SA_SM3_SM2_Z message-z raw", "CKM_SA_SM3_SM2_Z"},
        {"tass", "CKM_TA_SM3_SM2 message-id der", "CKM_TA_SM3_SM2"}};
    for (String[] way : ways) {
      int slot = way[0].equals("sansec") ? SANSEC : TASS;
      try (Pkcs11Provider p = forcedWay(way[0], way[1]);
           Session s = p.slot(slot).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        TokenKey key = s.key("sm2");
        Signer signer = s.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
        byte[] e = Sm2.digestForSigning(SignatureAlgorithm.defaultSm2UserId(),
            (ECPublicKey) key.publicKey(), MESSAGE);
        UnsupportedAlgorithmException refused = assertThrows(
            UnsupportedAlgorithmException.class, () -> signer.signDigest(e));
        assertTrue(refused.getMessage().contains(way[2]), refused.getMessage());
        SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE,
            signer.sign(MESSAGE));
      }
    }
  }

  @Test
  void decryptsSm2CiphertextsOfUkeySm2InEveryLayoutAndOfOpenssl() throws Exception {
    byte[] plain = "会计凭证密钥 0123456789".getBytes(StandardCharsets.UTF_8);
    for (int slot = 0; slot < 2; slot++) {
      for (EncryptionAlgorithm alg : List.of(EncryptionAlgorithm.SM2_C1C3C2,
          EncryptionAlgorithm.SM2_C1C2C3, EncryptionAlgorithm.SM2_ASN1)) {
        byte[] c = PublicKeyEncryption.encrypt(keys[slot].publicKey(), alg, plain);
        assertArrayEquals(plain, sessions[slot].decrypt(keys[slot], alg, c), alg.toString());
      }
      Path pub = writePublicKey(keys[slot], "enc" + slot);
      Path in = Files.write(dir.resolve("plain" + slot), plain);
      byte[] c = OpenSslCli.ok(dir, "pkeyutl", "-encrypt", "-pubin", "-inkey", pub.toString(),
          "-in", in.toString());
      assertArrayEquals(plain, sessions[slot].decrypt(keys[slot], EncryptionAlgorithm.SM2_ASN1,
          c), "OpenSSL's SM2 ciphertext (GM/T 0009 DER)");
    }
  }

  @Test
  void readsATassPublicKeyFromItsPrivateKeysEcPoint() throws Exception {
    TokenKey k = sessions[TASS].generateKey(KeySpec.sm2(), "no-public-object");
    ModuleCalls calls = ((ProviderImpl) gm.provider()).calls();
    TokenState state = ((TokenImpl) sessions[TASS].token()).state();
    state.withSession(ns -> {
      long[] pubs = calls.findObjects(ns.handle, new Template()
          .ulong(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY).bytes(CKA.CKA_ID, k.id()), 2);
      assertEquals(1, pubs.length);
      calls.destroyObject(ns.handle, pubs[0]);
      return null;
    });
    // Only the private key is left: CKK 0x80000004 with CKA_EC_PARAMS and CKA_EC_POINT.
    TokenKey found = sessions[TASS].key("no-public-object");
    assertArrayEquals(k.publicKey().getEncoded(), found.publicKey().getEncoded());
    byte[] sig = sessions[TASS].signer(found, SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    SoftVerifiers.verify(k.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig);
    // A Sansec private key has no point: without its public key object the key is unusable.
    TokenKey s = sessions[SANSEC].generateKey(KeySpec.sm2(), "sansec-no-public");
    TokenState sansec = ((TokenImpl) sessions[SANSEC].token()).state();
    Map<Long, byte[]> priv = sansec.withSession(ns -> calls.getAttributes(ns.handle,
        ((Pkcs11Key) s).privateHandle, CKA.CKA_EC_POINT));
    assertFalse(priv.containsKey(CKA.CKA_EC_POINT));
  }

  @Test
  void theUserLoginIsSharedByProvidersOfTheSameModule() throws Exception {
    try (Pkcs11Provider second = Pkcs11.load(TestGmToken.library(), gm.sameModule().build())) {
      TokenState a = ((TokenImpl) sessions[SANSEC].token()).state();
      TokenState b = ((TokenImpl) second.slot(SANSEC)).state();
      assertTrue(a == b, "one token state per module and slot");
    }
  }

  private static Pkcs11Provider forcedWay(String parent, String way) throws Exception {
    String name = parent + "-only";
    Path f = dir.resolve(name + "-" + Integer.toHexString(way.hashCode()) + ".properties");
    Files.writeString(f, "name = " + name + "\nextends = " + parent + "\n"
        + "sign.SM3_WITH_SM2 = " + way + "\n", StandardCharsets.UTF_8);
    return Pkcs11.load(gm.libraryPath(), gm.sameModule().profileFile(f).profile(name)
        .build());
  }

  private static Path writePublicKey(TokenKey key, String name) throws Exception {
    return Files.writeString(dir.resolve(name + ".pem"), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.publicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
  }

  /** {@code openssl pkeyutl -verify} with the GM/T 0009 default user ID. */
  private static void assertOpensslVerifies(TokenKey key, byte[] message, byte[] der,
      String what) throws Exception {
    Path pub = writePublicKey(key, "pub");
    Path msg = Files.write(dir.resolve("msg"), message);
    Path sig = Files.write(dir.resolve("sig"), der);
    OpenSslCli.Result r = OpenSslCli.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey",
        pub.toString(), "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
        "-in", msg.toString(), "-sigfile", sig.toString());
    assertEquals(0, r.exit(), what + ": " + r.stdout() + r.err());
    assertTrue(r.stdout().contains("Signature Verified Successfully"), what + ": " + r.stdout());
  }
}
