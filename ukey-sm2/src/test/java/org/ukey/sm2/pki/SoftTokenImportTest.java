package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.cipher.PublicKeyEncryption;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/**
 * Keys and certificates read by {@link KeyFileReader} go into the soft token (a real token
 * directory) and work there: they sign, decrypt, and their certificates come back out.
 */
class SoftTokenImportTest {
  private static final byte[] MESSAGE = "国库支付 import check".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private SoftTokenProvider provider;
  private Session session;

  @BeforeEach
  void token() throws Exception {
    provider = SoftTokens.open(dir.resolve("store"));
    SoftTokenOptions fast = SoftTokenOptions.builder().scryptCost(10, 8, 1)
        .mustChangePin(false).build();
    provider.createToken("import", Pin.of("123456".toCharArray()),
        Pin.of("so-pin-789".toCharArray()), fast);
    session = provider.token("import").login(Pin.of("123456".toCharArray()));
  }

  @AfterEach
  void close() {
    session.close();
    provider.close();
  }

  @Test
  void importsTheOfdrwPkcs12KeyWhichThenSignsAndDecrypts() throws Exception {
    KeyAndCertificates file = KeyFileReader.read(Files.readAllBytes(
        TestIdentity.sealsDirectory().resolve("ofdrw-USER.p12")), "777777".toCharArray());
    X509Certificate cert = file.certificate().orElseThrow();
    TokenKey key = session.importKey(file.privateKey(), cert, "ofdrw-user");
    assertEquals(cert, key.certificate().orElseThrow());
    checkSignsAndDecrypts(key, cert);
  }

  @Test
  void importsAPemKeyAndItsCertificateFromOpenssl() throws Exception {
    Path key = dir.resolve("k.pem");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    byte[] cert = OpenSsl.run(dir, "req", "-x509", "-new", "-key", key.toString(), "-sm3",
        "-sigopt", "distid:1234567812345678", "-subj", "/CN=PEM import", "-days", "30");
    byte[] pem = (Files.readString(key) + new String(cert, StandardCharsets.US_ASCII))
        .getBytes(StandardCharsets.US_ASCII);
    KeyAndCertificates file = KeyFileReader.read(pem, null);
    TokenKey stored = session.importKey(file.privateKey(), null, "pem");
    stored = session.importCertificate(stored, file.certificate().orElseThrow());
    checkSignsAndDecrypts(stored, file.certificate().orElseThrow());
    // Export: the certificate comes back out as PEM; the key never does.
    assertEquals(Certificates.toPem(file.certificate().orElseThrow()),
        Certificates.toPem(session.key("pem").certificate().orElseThrow()));
  }

  @Test
  void importsAnRsaKeyThatDecryptsOaepAndPkcs1() throws Exception {
    Path key = dir.resolve("rsa.pem");
    OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
        "-out", key.toString());
    KeyAndCertificates file = KeyFileReader.read(Files.readAllBytes(key), null);
    TokenKey stored = session.importKey(file.privateKey(), null, "rsa");
    for (EncryptionAlgorithm alg : new EncryptionAlgorithm[] {EncryptionAlgorithm.RSA_OAEP_SHA256,
        EncryptionAlgorithm.RSA_PKCS1}) {
      byte[] ct = PublicKeyEncryption.encrypt(stored.publicKey(), alg, MESSAGE);
      assertArrayEquals(MESSAGE, session.decrypt(stored, alg, ct));
    }
  }

  @Test
  void refusesACertificateOfAnotherKey() throws Exception {
    KeyAndCertificates user = KeyFileReader.read(Files.readAllBytes(
        TestIdentity.sealsDirectory().resolve("ofdrw-USER.p12")), "777777".toCharArray());
    KeyAndCertificates maker = KeyFileReader.read(Files.readAllBytes(
        TestIdentity.sealsDirectory().resolve("ofdrw-SealBuilder.p12")), "777777".toCharArray());
    assertThrows(UKeyException.class, () -> session.importKey(user.privateKey(),
        maker.certificate().orElseThrow(), "mismatch"));
  }

  private void checkSignsAndDecrypts(TokenKey key, X509Certificate cert) throws Exception {
    byte[] sig = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    SoftVerifiers.verify(cert.getPublicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig);
    for (EncryptionAlgorithm layout : new EncryptionAlgorithm[] {EncryptionAlgorithm.SM2_ASN1,
        EncryptionAlgorithm.SM2_C1C3C2, EncryptionAlgorithm.SM2_C1C2C3}) {
      byte[] ct = PublicKeyEncryption.encrypt(cert.getPublicKey(), layout, MESSAGE);
      assertArrayEquals(MESSAGE, session.decrypt(key, layout, ct));
    }
  }
}
