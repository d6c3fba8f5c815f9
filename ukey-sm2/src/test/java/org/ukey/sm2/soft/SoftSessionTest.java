package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.createToken;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.Digests;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.CertificateBuilder;

class SoftSessionTest {
  private static final byte[] MESSAGE = "pay 100.00 CNY to account 6222".getBytes(
      StandardCharsets.UTF_8);

  @TempDir
  Path dir;
  SoftTokenProvider store;
  Token token;
  Session session;

  @BeforeEach
  void open() throws Exception {
    store = SoftTokens.open(dir);
    token = createToken(store, "t");
    session = token.login(pin(USER_PIN));
  }

  @AfterEach
  void close() {
    session.close();
    store.close();
  }

  @Test
  void generatesSignsAndVerifiesEveryKeyType() throws Exception {
    Object[][] cases = {
        {KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2},
        {KeySpec.ecP256(), SignatureAlgorithm.SHA256_WITH_ECDSA},
        {KeySpec.ecP384(), SignatureAlgorithm.SHA384_WITH_ECDSA},
        {KeySpec.rsa(2048), SignatureAlgorithm.SHA256_WITH_RSA},
        {KeySpec.rsa(3072), SignatureAlgorithm.SHA256_WITH_RSA_PSS},
        {KeySpec.rsa(4096), SignatureAlgorithm.SHA384_WITH_RSA},
    };
    for (Object[] c : cases) {
      KeySpec spec = (KeySpec) c[0];
      SignatureAlgorithm alg = (SignatureAlgorithm) c[1];
      TokenKey key = session.generateKey(spec, "key-" + spec.name());
      assertEquals(spec, key.spec());
      assertEquals(20, key.id().length);
      byte[] sig = session.signer(key, alg).sign(MESSAGE);
      SoftVerifiers.verify(key.publicKey(), alg, MESSAGE, sig);
      assertThrows(SignatureVerificationException.class,
          () -> SoftVerifiers.verify(key.publicKey(), alg, "other".getBytes(), sig), spec.name());
    }
    assertEquals(6, session.keys().size());
  }

  @Test
  void sm2SignatureVerifiesWithBouncyCastleSm2SignerDirectly() throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), "sm2");
    byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    SignatureAlgorithm alg = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(id);
    byte[] sig = session.signer(key, alg).sign(MESSAGE);

    ECPublicKeyParameters pub = (ECPublicKeyParameters) PublicKeyFactory.createKey(
        key.publicKey().getEncoded());
    SM2Signer verifier = new SM2Signer();
    verifier.init(false, new ParametersWithID(pub, id));
    verifier.update(MESSAGE, 0, MESSAGE.length);
    assertTrue(verifier.verifySignature(sig));

    verifier.init(false, new ParametersWithID(pub, SignatureAlgorithm.defaultSm2UserId()));
    verifier.update(MESSAGE, 0, MESSAGE.length);
    assertFalse(verifier.verifySignature(sig), "the user ID is part of what is signed");
  }

  @Test
  void streamingSignatureEqualsArraySignatureForDeterministicEcdsa() throws Exception {
    TokenKey key = session.generateKey(KeySpec.ecP256(), "ec");
    Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
    // RFC 6979 nonces: the same message gives the same signature by either path.
    assertArrayEquals(signer.sign(MESSAGE), signer.sign(new ByteArrayInputStream(MESSAGE)));
  }

  @Test
  void refusesAnAlgorithmThatDoesNotSuitTheKey() throws Exception {
    TokenKey key = session.generateKey(KeySpec.ecP256(), "ec");
    UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
        () -> session.signer(key, SignatureAlgorithm.SM3_WITH_SM2));
    assertTrue(e.getMessage().contains("'ec'"), e.getMessage());
    assertThrows(UnsupportedAlgorithmException.class,
        () -> session.signer(key, SignatureAlgorithm.SHA256_WITH_RSA));
  }

  @Test
  void refusesRsaUnder2048BitsForGeneration() {
    assertThrows(UnsupportedAlgorithmException.class,
        () -> session.generateKey(KeySpec.rsa(1024), "weak"));
  }

  @Test
  void findsKeysByLabelAndIdAndTheIdIsTheSubjectKeyIdentifier() throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), "seal");
    assertEquals(key, session.key("seal"));
    assertEquals(key, session.keyById(key.id()));
    X509Certificate cert = selfSigned(key.publicKey(), "CN=Seal Holder,O=Finance",
        session.signer(key, SignatureAlgorithm.SM3_WITH_SM2));
    TokenKey withCert = session.importCertificate(key, cert);
    assertEquals(cert, withCert.certificate().orElseThrow());
    assertArrayEquals(subjectKeyId(cert), key.id());
    assertThrows(KeyNotFoundException.class, () -> session.key("nope"));
    assertThrows(KeyNotFoundException.class, () -> session.keyById(new byte[] {1, 2, 3}));
  }

  @Test
  void refusesADuplicateKeyLabel() throws Exception {
    session.generateKey(KeySpec.ecP256(), "k");
    UKeyException e = assertThrows(UKeyException.class,
        () -> session.generateKey(KeySpec.sm2(), "k"));
    assertTrue(e.getMessage().contains("already has a key labelled 'k'"), e.getMessage());
    assertEquals(1, session.keys().size());
  }

  @Test
  void refusesInvalidKeyLabels() {
    assertThrows(UKeyException.class, () -> session.generateKey(KeySpec.sm2(), ""));
    assertThrows(UKeyException.class, () -> session.generateKey(KeySpec.sm2(), "tab\there"));
    assertThrows(UKeyException.class, () -> session.generateKey(KeySpec.sm2(), "x".repeat(129)));
  }

  @Test
  void importsAKeyWithItsCertificate() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    X509Certificate cert = selfSigned(pair.getPublic(), "CN=Imported,O=Treasury",
        SoftSigners.create(pair.getPrivate(), pair.getPublic(), null,
            SignatureAlgorithm.SM3_WITH_SM2));
    TokenKey key = session.importKey(pair.getPrivate(), cert, "imported");
    assertEquals(KeyType.SM2, key.type());
    assertEquals(cert, key.certificate().orElseThrow());
    assertArrayEquals(subjectKeyId(cert), key.id());
    byte[] sig = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    SoftVerifiers.verify(cert.getPublicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig);
  }

  @Test
  void importsAnRsaKeyWithoutCertificateAndKeepsItAfterRelogin() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.rsa(2048));
    TokenKey key = session.importKey(pair.getPrivate(), null, "rsa");
    assertEquals(((RSAPublicKey) pair.getPublic()).getModulus(),
        ((RSAPublicKey) key.publicKey()).getModulus());
    session.close();
    session = token.login(pin(USER_PIN));
    byte[] sig = session.signer(session.key("rsa"), SignatureAlgorithm.SHA256_WITH_RSA)
        .sign(MESSAGE);
    SoftVerifiers.verify(pair.getPublic(), SignatureAlgorithm.SHA256_WITH_RSA, MESSAGE, sig);
  }

  @Test
  void refusesACertificateForAnotherKey() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    KeyPair other = SoftKeys.generate(KeySpec.sm2());
    X509Certificate otherCert = selfSigned(other.getPublic(), "CN=Someone Else",
        SoftSigners.create(other.getPrivate(), other.getPublic(), null,
            SignatureAlgorithm.SM3_WITH_SM2));
    UKeyException e = assertThrows(UKeyException.class,
        () -> session.importKey(pair.getPrivate(), otherCert, "mismatch"));
    assertTrue(e.getMessage().contains("does not certify"), e.getMessage());
    assertEquals(List.of(), session.keys());

    TokenKey key = session.generateKey(KeySpec.sm2(), "k");
    assertThrows(UKeyException.class, () -> session.importCertificate(key, otherCert));
    assertTrue(session.key("k").certificate().isEmpty());
  }

  @Test
  void refusesImportingTheSameKeyTwice() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.ecP256());
    session.importKey(pair.getPrivate(), null, "first");
    UKeyException e = assertThrows(UKeyException.class,
        () -> session.importKey(pair.getPrivate(), null, "second"));
    assertTrue(e.getMessage().contains("already holds this key"), e.getMessage());
  }

  @Test
  void deletesAKeyAndItsSignersStopWorking() throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), "k");
    TokenKey kept = session.generateKey(KeySpec.sm2(), "kept");
    Signer signer = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
    session.deleteKey(key);
    assertEquals(List.of(kept), session.keys());
    assertThrows(KeyNotFoundException.class, () -> session.key("k"));
    assertThrows(KeyNotFoundException.class, () -> signer.sign(MESSAGE));
    assertThrows(KeyNotFoundException.class, () -> session.deleteKey(key));
    assertThrows(KeyNotFoundException.class,
        () -> session.signer(key, SignatureAlgorithm.SM3_WITH_SM2));
  }

  @Test
  void keysMadeInOneSessionAreSeenByAnother() throws Exception {
    try (SoftTokenProvider other = SoftTokens.open(dir);
         Session second = other.token("t").login(pin(USER_PIN))) {
      TokenKey key = session.generateKey(KeySpec.ecP256(), "shared");
      TokenKey seen = second.key("shared");
      assertArrayEquals(key.id(), seen.id());
      second.generateKey(KeySpec.sm2(), "from-second");
      assertEquals(2, session.keys().size());
      second.deleteKey(second.key("shared"));
      assertThrows(KeyNotFoundException.class, () -> session.key("shared"));
    }
  }

  @Test
  void refusesKeysOfAnotherToken() throws Exception {
    Token other = createToken(store, "other");
    try (Session s2 = other.login(pin(USER_PIN))) {
      TokenKey foreign = s2.generateKey(KeySpec.sm2(), "foreign");
      assertThrows(KeyNotFoundException.class,
          () -> session.signer(foreign, SignatureAlgorithm.SM3_WITH_SM2));
      assertThrows(KeyNotFoundException.class, () -> session.deleteKey(foreign));
    }
  }

  @Test
  void everyCallAfterCloseThrowsIllegalState() throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), "k");
    Signer signer = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
    session.close();
    session.close();
    assertFalse(session.isOpen());
    assertThrows(IllegalStateException.class, session::keys);
    assertThrows(IllegalStateException.class, () -> session.key("k"));
    assertThrows(IllegalStateException.class, () -> session.keyById(key.id()));
    assertThrows(IllegalStateException.class, () -> session.generateKey(KeySpec.sm2(), "x"));
    assertThrows(IllegalStateException.class,
        () -> session.signer(key, SignatureAlgorithm.SM3_WITH_SM2));
    assertThrows(IllegalStateException.class, () -> session.deleteKey(key));
    assertThrows(IllegalStateException.class, () -> session.generateRandom(8));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> signer.sign(MESSAGE));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> signer.sign(new ByteArrayInputStream(MESSAGE)));
    assertThrows(IllegalStateException.class, signer::publicKey);
    assertThrows(IllegalStateException.class, signer::algorithm);
  }

  @Test
  void signsACallersDigestThroughTheSessionAndNotAfterClose() throws Exception {
    TokenKey sm2 = session.generateKey(KeySpec.sm2(), "sm2");
    TokenKey ec = session.generateKey(KeySpec.ecP256(), "ec");
    Signer sm2Signer = session.signer(sm2, SignatureAlgorithm.SM3_WITH_SM2);
    Signer ecSigner = session.signer(ec, SignatureAlgorithm.SHA256_WITH_ECDSA);
    byte[] e = Sm2.digestForSigning(SignatureAlgorithm.defaultSm2UserId(),
        (ECPublicKey) sm2.publicKey(), MESSAGE);
    SoftVerifiers.verify(sm2.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE,
        sm2Signer.signDigest(e));
    byte[] hash = Digests.digest(DigestAlgorithm.SHA256, MESSAGE);
    SoftVerifiers.verify(ec.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE,
        ecSigner.signDigest(hash));
    assertThrows(IllegalArgumentException.class, () -> sm2Signer.signDigest(new byte[31]));
    session.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class,
        () -> sm2Signer.signDigest(e));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    assertThrows(IllegalStateException.class, () -> ecSigner.signDigest(hash));
  }

  @Test
  void signsConcurrentlyFromManyThreads() throws Exception {
    TokenKey sm2 = session.generateKey(KeySpec.sm2(), "sm2");
    TokenKey ec = session.generateKey(KeySpec.ecP256(), "ec");
    Signer sm2Signer = session.signer(sm2, SignatureAlgorithm.SM3_WITH_SM2);
    Signer ecSigner = session.signer(ec, SignatureAlgorithm.SHA256_WITH_ECDSA);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            byte[] m = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
            Signer s = i % 2 == 0 ? sm2Signer : ecSigner;
            SoftVerifiers.verify(s.publicKey(), s.algorithm(), m, s.sign(m));
          }
          return null;
        }));
      }
      for (Future<Void> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentWritersInSeveralProvidersLoseNoKey() throws Exception {
    int writers = 4;
    int keysEach = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(pool.submit(() -> {
          try (SoftTokenProvider own = SoftTokens.open(dir);
               Session s = own.token("t").login(pin(USER_PIN))) {
            for (int i = 0; i < keysEach; i++) {
              s.generateKey(KeySpec.ecP256(), "w" + writer + "-" + i);
            }
          }
          return null;
        }));
      }
      for (Future<Void> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(writers * keysEach, session.keys().size());
  }

  @Test
  void generatesRandomBytesWithinRange() throws Exception {
    assertEquals(0, session.generateRandom(0).length);
    byte[] a = session.generateRandom(65536);
    assertEquals(65536, a.length);
    assertNotEquals(new BigInteger(1, session.generateRandom(32)),
        new BigInteger(1, session.generateRandom(32)));
    assertThrows(IllegalArgumentException.class, () -> session.generateRandom(-1));
    assertThrows(IllegalArgumentException.class, () -> session.generateRandom(65537));
  }

  @Test
  void decryptsSm2AfterCheckingTheKeyType() throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), "enc");
    UnsupportedAlgorithmException wrongType = assertThrows(UnsupportedAlgorithmException.class,
        () -> session.decrypt(key, EncryptionAlgorithm.RSA_OAEP_SHA256, new byte[16]));
    assertTrue(wrongType.getMessage().contains("cannot decrypt"), wrongType.getMessage());
    byte[] ct = org.ukey.sm2.cipher.PublicKeyEncryption.encrypt(key.publicKey(),
        EncryptionAlgorithm.SM2_C1C3C2, MESSAGE);
    assertArrayEquals(MESSAGE, session.decrypt(key, EncryptionAlgorithm.SM2_C1C3C2, ct));
    ct[ct.length - 1] ^= 1;
    assertThrows(org.ukey.sm2.cipher.DecryptionFailedException.class,
        () -> session.decrypt(key, EncryptionAlgorithm.SM2_C1C3C2, ct));
  }

  @Test
  void sessionReportsItsToken() throws Exception {
    assertEquals(token.info().serialNumber(), session.token().info().serialNumber());
    assertTrue(session.isOpen());
  }

  private static X509Certificate selfSigned(java.security.PublicKey pub, String dn, Signer signer)
      throws UKeyException {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return CertificateBuilder.forSubject(dn, pub).validity(now, now.plusSeconds(86_400 * 365))
        .sign(signer);
  }

  private static byte[] subjectKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifier();
  }
}
