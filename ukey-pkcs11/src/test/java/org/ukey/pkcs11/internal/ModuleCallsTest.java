package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKK;
import org.ukey.pkcs11.cryptoki.CKM;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CKU;
import org.ukey.pkcs11.cryptoki.CK_INFO;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM_INFO;
import org.ukey.pkcs11.cryptoki.CK_SESSION_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.CkFunctions;
import org.ukey.pkcs11.cryptoki.Cryptoki;
import org.ukey.pkcs11.cryptoki.NativeArena;

/**
 * The raw binding and its typed layer against SoftHSM, function by function, through both the
 * direct-mapped and the function-list calls. The module is initialized by a provider; these
 * calls share it as another component of the process would.
 */
class ModuleCallsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef"
      .getBytes(StandardCharsets.US_ASCII);
  private static TestSoftHsm hsm;
  private static Cryptoki ck;
  private static ModuleCalls calls;
  private static long slot;
  private static SessionRef sessionRef;
  private static long session;

  @BeforeAll
  static void open() throws Exception {
    hsm = TestSoftHsm.create("raw");
    ck = Cryptoki.load(TestSoftHsm.library().toRealPath(), true);
    calls = new ModuleCalls(ck.functions(), ck.abi());
    slot = hsm.token().slotId();
    sessionRef = calls.openSession(slot);
    session = sessionRef.handle();
    calls.login(session, CKU.CKU_USER, TestSoftHsm.USER_PIN.getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void close() {
    if (calls != null) {
      calls.closeSession(sessionRef);
      ck.unbind();
    }
    if (hsm != null) {
      hsm.close();
    }
  }

  @Test
  void usesDirectMappingForSoftHsm() {
    assertTrue(ck.direct());
    assertEquals(2, ck.functionListVersion().major());
  }

  @Test
  void readsLibraryTokenAndSessionInfo() throws Exception {
    CK_INFO info = calls.getInfo();
    assertEquals("SoftHSM", info.manufacturerID());
    assertEquals(2, info.cryptokiVersion().major());
    CK_TOKEN_INFO token = calls.getTokenInfo(slot);
    assertEquals("raw", token.label());
    assertTrue(token.has(CKF.CKF_TOKEN_INITIALIZED));
    assertTrue(token.has(CKF.CKF_USER_PIN_INITIALIZED));
    assertTrue(calls.getSlotInfo(slot).tokenPresent());
    CK_SESSION_INFO si = calls.getSessionInfo(session);
    assertEquals(slot, si.slotID());
    assertTrue(si.userLoggedIn());
    assertTrue((si.flags() & CKF.CKF_RW_SESSION) != 0);
  }

  @Test
  void listsSlotsAndMechanisms() throws Exception {
    long[] slots = calls.getSlotList(true);
    assertTrue(Arrays.stream(slots).anyMatch(s -> s == slot));
    long[] mechanisms = calls.getMechanismList(slot);
    assertTrue(Arrays.stream(mechanisms).anyMatch(m -> m == CKM.CKM_ECDSA));
    CK_MECHANISM_INFO ecdsa = calls.getMechanismInfo(slot, CKM.CKM_ECDSA);
    assertTrue(ecdsa.has(CKF.CKF_SIGN));
    assertTrue(ecdsa.has(CKF.CKF_VERIFY));
    assertEquals(521, ecdsa.ulMaxKeySize());
  }

  @Test
  void digestsInOneAndManyParts() throws Exception {
    byte[] data = new byte[10_000];
    Arrays.fill(data, (byte) 7);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
    for (CkFunctions f : new CkFunctions[] {ck.functions(), ck.functionListCalls()}) {
      try (NativeArena a = new NativeArena(ck.abi())) {
        long mech = mechanism(a, CKM.CKM_SHA256, null);
        long in = a.copy(data);
        long out = a.allocate(32);
        long len = a.ulongs(32);
        calls.check("C_DigestInit", f.C_DigestInit(session, mech));
        calls.check("C_Digest", f.C_Digest(session, in, data.length, out, len));
        assertArrayEquals(expected, a.read(out, 32));
        calls.check("C_DigestInit", f.C_DigestInit(session, mech));
        calls.check("C_DigestUpdate", f.C_DigestUpdate(session, in, 4000));
        calls.check("C_DigestUpdate", f.C_DigestUpdate(session, in + 4000, 6000));
        a.putUlong(len, 32);
        calls.check("C_DigestFinal", f.C_DigestFinal(session, out, len));
        assertArrayEquals(expected, a.read(out, 32));
      }
    }
  }

  @Test
  void macsAndVerifiesInManyPartsWithAGeneratedSecretKey() throws Exception {
    long key = secretKey(CKM.CKM_GENERIC_SECRET_KEY_GEN, CKK.CKK_GENERIC_SECRET, "hmac");
    byte[] data = "the message, in two parts".getBytes(StandardCharsets.US_ASCII);
    for (CkFunctions f : new CkFunctions[] {ck.functions(), ck.functionListCalls()}) {
      try (NativeArena a = new NativeArena(ck.abi())) {
        long mech = mechanism(a, CKM.CKM_SHA256_HMAC, null);
        long in = a.copy(data);
        long out = a.allocate(32);
        long len = a.ulongs(32);
        calls.check("C_SignInit", f.C_SignInit(session, mech, key));
        calls.check("C_SignUpdate", f.C_SignUpdate(session, in, 10));
        calls.check("C_SignUpdate", f.C_SignUpdate(session, in + 10, data.length - 10));
        calls.check("C_SignFinal", f.C_SignFinal(session, out, len));
        byte[] mac = a.read(out, (int) a.getUlong(len));
        calls.check("C_SignInit", f.C_SignInit(session, mech, key));
        a.putUlong(len, 32);
        long out2 = a.allocate(32);
        calls.check("C_Sign", f.C_Sign(session, in, data.length, out2, len));
        assertArrayEquals(mac, a.read(out2, 32));

        calls.check("C_VerifyInit", f.C_VerifyInit(session, mech, key));
        calls.check("C_Verify", f.C_Verify(session, in, data.length, out, 32));
        calls.check("C_VerifyInit", f.C_VerifyInit(session, mech, key));
        calls.check("C_VerifyUpdate", f.C_VerifyUpdate(session, in, data.length));
        calls.check("C_VerifyFinal", f.C_VerifyFinal(session, out, 32));
        a.buffer(out, 32).put(0, (byte) (mac[0] ^ 1));
        calls.check("C_VerifyInit", f.C_VerifyInit(session, mech, key));
        assertEquals(CKR.CKR_SIGNATURE_INVALID, f.C_Verify(session, in, data.length, out, 32));
      }
    }
  }

  @Test
  void encryptsAndDecryptsInOneAndManyParts() throws Exception {
    long key = importAes();
    byte[] iv = new byte[16];
    Arrays.fill(iv, (byte) 3);
    byte[] plain = "a plaintext that spans three AES blocks, and then some"
        .getBytes(StandardCharsets.US_ASCII);
    Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SECRET, "AES"), new IvParameterSpec(iv));
    byte[] expected = jdk.doFinal(plain);
    CkFunctions f = ck.functions();
    try (NativeArena a = new NativeArena(ck.abi())) {
      long mech = mechanism(a, CKM.CKM_AES_CBC_PAD, iv);
      long in = a.copy(plain);
      long out = a.allocate(128);
      long len = a.ulongs(128);
      calls.check("C_EncryptInit", f.C_EncryptInit(session, mech, key));
      calls.check("C_Encrypt", f.C_Encrypt(session, in, plain.length, out, len));
      assertArrayEquals(expected, a.read(out, (int) a.getUlong(len)));

      calls.check("C_EncryptInit", f.C_EncryptInit(session, mech, key));
      a.putUlong(len, 128);
      calls.check("C_EncryptUpdate", f.C_EncryptUpdate(session, in, 20, out, len));
      long first = a.getUlong(len);
      a.putUlong(len, 128 - first);
      calls.check("C_EncryptUpdate",
          f.C_EncryptUpdate(session, in + 20, plain.length - 20, out + first, len));
      long second = a.getUlong(len);
      a.putUlong(len, 128 - first - second);
      calls.check("C_EncryptFinal", f.C_EncryptFinal(session, out + first + second, len));
      assertArrayEquals(expected, a.read(out, (int) (first + second + a.getUlong(len))));

      long cin = a.copy(expected);
      calls.check("C_DecryptInit", f.C_DecryptInit(session, mech, key));
      a.putUlong(len, 128);
      calls.check("C_DecryptUpdate", f.C_DecryptUpdate(session, cin, expected.length, out, len));
      long part = a.getUlong(len);
      a.putUlong(len, 128 - part);
      calls.check("C_DecryptFinal", f.C_DecryptFinal(session, out + part, len));
      assertArrayEquals(plain, a.read(out, (int) (part + a.getUlong(len))));
    }
    assertArrayEquals(plain, calls.decrypt(session, CKM.CKM_AES_CBC_PAD, iv, key, expected, 8));
  }

  @Test
  void createsReadsChangesAndDestroysObjects() throws Exception {
    long data = calls.createObject(session, new Template().ulong(CKA.CKA_CLASS, CKO.CKO_DATA)
        .bool(CKA.CKA_TOKEN, false).utf8(CKA.CKA_LABEL, "note")
        .bytes(CKA.CKA_VALUE, new byte[] {1, 2, 3}));
    Map<Long, byte[]> a = calls.getAttributes(session, data, CKA.CKA_LABEL, CKA.CKA_VALUE,
        CKA.CKA_MODULUS);
    assertEquals("note", new String(a.get(CKA.CKA_LABEL), StandardCharsets.UTF_8));
    assertArrayEquals(new byte[] {1, 2, 3}, a.get(CKA.CKA_VALUE));
    assertFalse(a.containsKey(CKA.CKA_MODULUS), "an attribute the object lacks is absent");
    calls.setAttributes(session, data, new Template().utf8(CKA.CKA_LABEL, "renamed"));
    assertEquals(1, calls.findObjects(session, new Template().utf8(CKA.CKA_LABEL, "renamed"),
        10).length);
    calls.destroyObject(session, data);
    assertEquals(0, calls.findObjects(session, new Template().utf8(CKA.CKA_LABEL, "renamed"),
        10).length);
  }

  @Test
  void sensitiveAttributesAreAbsentNotErrors() throws Exception {
    long key = secretKey(CKM.CKM_GENERIC_SECRET_KEY_GEN, CKK.CKK_GENERIC_SECRET, "sensitive");
    Map<Long, byte[]> a = calls.getAttributes(session, key, CKA.CKA_VALUE, CKA.CKA_LABEL);
    assertFalse(a.containsKey(CKA.CKA_VALUE));
    assertEquals("sensitive", new String(a.get(CKA.CKA_LABEL), StandardCharsets.UTF_8));
  }

  @Test
  void findsManyObjectsInBatches() throws Exception {
    Template t = new Template().ulong(CKA.CKA_CLASS, CKO.CKO_DATA).bool(CKA.CKA_TOKEN, false)
        .utf8(CKA.CKA_APPLICATION, "batch");
    for (int i = 0; i < 70; i++) {
      calls.createObject(session, t);
    }
    long[] found = calls.findObjects(session, t, 1000);
    assertEquals(70, found.length);
    assertEquals(65, calls.findObjects(session, t, 65).length);
    for (long h : found) {
      calls.destroyObject(session, h);
    }
  }

  @Test
  void generatesRandomBytes() throws Exception {
    byte[] r1 = calls.generateRandom(session, 32);
    byte[] r2 = calls.generateRandom(session, 32);
    assertEquals(32, r1.length);
    assertNotEquals(Arrays.toString(r1), Arrays.toString(r2));
  }

  @Test
  void softHsmAnswersNoEventWithoutBlocking() throws Exception {
    // SoftHSM 2.6 never reports slot events: C_WaitForSlotEvent(CKF_DONT_BLOCK) is always
    // CKR_NO_EVENT, which is why the watcher also compares slot lists.
    assertTrue(calls.pollSlotEvent().isEmpty());
  }

  @Test
  void presenceProbeReadsTheSlotFlags() throws Exception {
    // The signing path's presence check: the flag of a full C_GetSlotInfo, through the direct
    // binding (which now includes C_GetSlotInfo) on SoftHSM, repeatedly into the same memory.
    assertTrue(ck.functions().getClass().getName().contains("DirectLp64Calls"),
        ck.functions().getClass().getName());
    for (int i = 0; i < 3; i++) {
      assertEquals(calls.getSlotInfo(slot).tokenPresent(), calls.tokenPresent(slot));
      assertTrue(calls.tokenPresent(slot));
    }
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
        () -> calls.tokenPresent(0xDEADBEEFL));
    assertEquals(CKR.CKR_SLOT_ID_INVALID, e.code());
    assertEquals("C_GetSlotInfo", e.function());
    assertTrue(calls.tokenPresent(slot), "a failed probe leaves the next one working");
  }

  @Test
  void reportsErrorsWithCodeNameAndFunction() {
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
        () -> calls.getTokenInfo(0xDEADBEEFL));
    assertEquals(CKR.CKR_SLOT_ID_INVALID, e.code());
    assertEquals("CKR_SLOT_ID_INVALID", e.codeName());
    assertEquals("C_GetTokenInfo", e.function());
  }

  private static long mechanism(NativeArena a, long type, byte[] parameter) {
    CkAbi abi = a.abi();
    int size = CK_MECHANISM.layout(abi).size();
    long m = a.allocate(size);
    ByteBuffer b = a.buffer(m, size);
    CK_MECHANISM.write(b, 0, abi, type, a.copy(parameter),
        parameter == null ? 0 : parameter.length);
    return m;
  }

  private static long secretKey(long mechanism, long keyType, String label) throws Exception {
    try (NativeArena a = new NativeArena(ck.abi())) {
      long mech = mechanism(a, mechanism, null);
      Template t = new Template().ulong(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)
          .ulong(CKA.CKA_KEY_TYPE, keyType).bool(CKA.CKA_TOKEN, false)
          .bool(CKA.CKA_SENSITIVE, true).bool(CKA.CKA_SIGN, true).bool(CKA.CKA_VERIFY, true)
          .ulong(CKA.CKA_VALUE_LEN, 32).utf8(CKA.CKA_LABEL, label);
      long out = a.ulongs(0);
      calls.check("C_GenerateKey",
          ck.functions().C_GenerateKey(session, mech, t.write(a), t.size(), out));
      return a.getUlong(out);
    }
  }

  private static long importAes() throws Exception {
    long key = calls.createObject(session, new Template()
        .ulong(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY).ulong(CKA.CKA_KEY_TYPE, CKK.CKK_AES)
        .bool(CKA.CKA_TOKEN, false).bool(CKA.CKA_ENCRYPT, true).bool(CKA.CKA_DECRYPT, true)
        .bytes(CKA.CKA_VALUE, SECRET));
    // Cross-check the key with the JDK's HMAC so a wrong key length would show.
    Mac.getInstance("HmacSHA256").init(new SecretKeySpec(SECRET, "HmacSHA256"));
    return key;
  }
}
