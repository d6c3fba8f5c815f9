package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.CertificateBuilder;

/** Key management through a logged-in session on SoftHSM. */
class SessionImplTest {
  private static final byte[] MESSAGE = "stamp this".getBytes(StandardCharsets.UTF_8);
  private static TestSoftHsm hsm;
  private static Session session;
  private static TokenKey rsa;

  @BeforeAll
  static void open() throws Exception {
    hsm = TestSoftHsm.create("keys");
    session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
    rsa = session.generateKey(KeySpec.rsa(2048), "rsa");
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
    if (hsm != null) {
      hsm.close();
    }
  }

  private static Map<Long, byte[]> attributes(TokenKey key, long... types) throws Exception {
    Pkcs11Key k = (Pkcs11Key) key;
    return k.state.withSession(ns -> k.state.calls.getAttributes(ns.handle, k.privateHandle,
        types));
  }

  private static int objectsWithId(byte[] id) throws Exception {
    TokenState state = ((TokenImpl) session.token()).state();
    return state.withSession(ns -> state.calls.findObjects(ns.handle,
        new Template().bytes(CKA.CKA_ID, id), 10)).length;
  }

  @Test
  void generatedPrivateKeysAreSensitiveNotExtractablePrivateTokenObjects() throws Exception {
    TokenKey ec = session.generateKey(KeySpec.ecP384(), "sensitive");
    for (TokenKey k : List.of(rsa, ec)) {
      Map<Long, byte[]> a = attributes(k, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE,
          CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE,
          CKA.CKA_VALUE, CKA.CKA_PRIVATE_EXPONENT);
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_SENSITIVE));
      assertArrayEquals(new byte[] {0}, a.get(CKA.CKA_EXTRACTABLE));
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_TOKEN));
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_PRIVATE));
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_ALWAYS_SENSITIVE));
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_NEVER_EXTRACTABLE));
      assertFalse(a.containsKey(CKA.CKA_VALUE));
      assertFalse(a.containsKey(CKA.CKA_PRIVATE_EXPONENT));
    }
    session.deleteKey(ec);
  }

  @Test
  void findsKeysByLabelAndById() throws Exception {
    TokenKey byLabel = session.key("rsa");
    assertArrayEquals(rsa.id(), byLabel.id());
    assertEquals(KeySpec.rsa(2048), byLabel.spec());
    assertEquals(rsa.publicKey(), session.keyById(rsa.id()).publicKey());
    assertTrue(session.keys().stream().anyMatch(k -> k.label().equals("rsa")));
    assertThrows(KeyNotFoundException.class, () -> session.key("nosuch"));
    assertThrows(KeyNotFoundException.class, () -> session.keyById(new byte[] {9, 9}));
  }

  @Test
  void refusesASecondKeyWithTheSameLabel() {
    UKeyException e = assertThrows(UKeyException.class,
        () -> session.generateKey(KeySpec.ecP256(), "rsa"));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }

  @Test
  void importedKeysSignLikeTheirOriginals() throws Exception {
    for (KeySpec spec : List.of(KeySpec.ecP256(), KeySpec.rsa(2048))) {
      KeyPair pair = SoftKeys.generate(spec);
      TokenKey k = session.importKey(pair.getPrivate(), null, "imported-" + spec.name());
      assertEquals(spec, k.spec());
      assertEquals(pair.getPublic(), SoftKeys.publicKey(k.publicKey().getEncoded()));
      Map<Long, byte[]> a = attributes(k, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE);
      assertArrayEquals(new byte[] {1}, a.get(CKA.CKA_SENSITIVE));
      assertArrayEquals(new byte[] {0}, a.get(CKA.CKA_EXTRACTABLE));
      SignatureAlgorithm alg = spec.defaultSignatureAlgorithm();
      SoftVerifiers.verify(pair.getPublic(), alg, MESSAGE,
          session.signer(k, alg).sign(MESSAGE));
      session.deleteKey(k);
    }
  }

  @Test
  void storesACertificateWithItsKeyAndReplacesIt() throws Exception {
    TokenKey ec = session.generateKey(KeySpec.ecP256(), "certified");
    X509Certificate first = selfSigned(ec, "CN=first", 1);
    TokenKey withCert = session.importCertificate(ec, first);
    assertEquals(first, withCert.certificate().orElseThrow());
    assertEquals(first, session.key("certified").certificate().orElseThrow());
    X509Certificate second = selfSigned(ec, "CN=second", 2);
    session.importCertificate(ec, second);
    assertEquals(second, session.key("certified").certificate().orElseThrow());
    assertEquals(3, objectsWithId(ec.id()), "private key, public key, one certificate");
    session.deleteKey(ec);
  }

  @Test
  void refusesACertificateForAnotherKey() throws Exception {
    TokenKey ec = session.generateKey(KeySpec.ecP256(), "other-cert");
    X509Certificate ofRsa = selfSigned(rsa, "CN=rsa", 3);
    assertThrows(InvalidEncodingException.class, () -> session.importCertificate(ec, ofRsa));
    session.deleteKey(ec);
  }

  @Test
  void deletesAKeyWithItsPublicKeyAndCertificate() throws Exception {
    TokenKey ec = session.generateKey(KeySpec.ecP256(), "doomed");
    session.importCertificate(ec, selfSigned(ec, "CN=doomed", 4));
    assertEquals(3, objectsWithId(ec.id()));
    session.deleteKey(ec);
    assertEquals(0, objectsWithId(ec.id()));
    assertThrows(KeyNotFoundException.class, () -> session.key("doomed"));
  }

  @Test
  void decryptsRsaOaepWithSha256OrSaysTheTokenCannot() throws Exception {
    byte[] secret = "session key bytes".getBytes(StandardCharsets.UTF_8);
    Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
    oaep.init(Cipher.ENCRYPT_MODE, rsa.publicKey(), new OAEPParameterSpec("SHA-256", "MGF1",
        MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    byte[] ciphertext = oaep.doFinal(secret);
    if (hsm.provider().libraryInfo().libraryVersion().equals("2.6")) {
      // SoftHSM 2.6 takes OAEP with SHA-1 only and answers CKR_ARGUMENTS_BAD otherwise.
      UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
          () -> session.decrypt(rsa, EncryptionAlgorithm.RSA_OAEP_SHA256, ciphertext));
      Pkcs11Exception cause = (Pkcs11Exception) e.getCause();
      assertEquals(CKR.CKR_ARGUMENTS_BAD, cause.code());
      assertEquals("C_DecryptInit", cause.function());
    } else {
      assertArrayEquals(secret, session.decrypt(rsa, EncryptionAlgorithm.RSA_OAEP_SHA256,
          ciphertext));
    }
  }

  @Test
  void decryptsRsaPkcs1() throws Exception {
    byte[] secret = "session key bytes".getBytes(StandardCharsets.UTF_8);
    Cipher pkcs1 = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    pkcs1.init(Cipher.ENCRYPT_MODE, rsa.publicKey());
    assertArrayEquals(secret, session.decrypt(rsa, EncryptionAlgorithm.RSA_PKCS1,
        pkcs1.doFinal(secret)));
  }

  @Test
  void generatesRandomBytesWithinBounds() throws Exception {
    assertEquals(0, session.generateRandom(0).length);
    assertEquals(65536, session.generateRandom(65536).length);
    assertThrows(IllegalArgumentException.class, () -> session.generateRandom(-1));
    assertThrows(IllegalArgumentException.class, () -> session.generateRandom(65537));
  }

  @Test
  void refusesKeysThatAreNotFromItsToken() {
    TokenKey foreign = new Pkcs11Key(null, 1, new byte[] {1}, "x", KeySpec.ecP256(),
        rsa.publicKey(), null);
    assertThrows(IllegalArgumentException.class,
        () -> session.signer(foreign, SignatureAlgorithm.SHA256_WITH_ECDSA));
    assertThrows(IllegalArgumentException.class, () -> session.deleteKey(foreign));
  }

  @Test
  void aClosedSessionRefusesToWork() throws Exception {
    Session other = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
    assertTrue(other.isOpen());
    other.close();
    other.close();
    assertFalse(other.isOpen());
    assertThrows(IllegalStateException.class, () -> other.keys());
    assertThrows(IllegalStateException.class, () -> other.generateRandom(4));
    assertTrue(session.isOpen());
  }

  @Test
  void keysPrintMetadataOnly() {
    String s = rsa.toString();
    assertTrue(s.contains("label=rsa") && s.contains("rsa2048"), s);
    assertEquals(-1, s.indexOf("Handle"));
  }

  private static X509Certificate selfSigned(TokenKey key, String dn, int serial)
      throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return CertificateBuilder.forSubject(dn, key.publicKey())
        .serialNumber(BigInteger.valueOf(serial))
        .validity(now, now.plus(365, ChronoUnit.DAYS))
        .sign(session.signer(key, key.spec().defaultSignatureAlgorithm()));
  }
}
