package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;

class KeyFileReaderTest {
  private static final char[] PASSWORD = "S3cret-口令".toCharArray();

  @TempDir
  static Path dir;

  private static Path seals;
  private static Path sm2Key;
  private static Path sm2Cert;

  @BeforeAll
  static void files() throws Exception {
    seals = TestIdentity.sealsDirectory();
    sm2Key = dir.resolve("sm2.key");
    sm2Cert = dir.resolve("sm2.crt");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", sm2Key.toString());
    OpenSsl.run(dir, "req", "-x509", "-new", "-key", sm2Key.toString(), "-sm3", "-sigopt",
        "distid:1234567812345678", "-subj", "/CN=Import Me", "-days", "30", "-out",
        sm2Cert.toString());
  }

  @Test
  void readsTheLegacyRc2Pkcs12OfOfdrw() throws Exception {
    KeyAndCertificates k = KeyFileReader.readPkcs12(
        Files.readAllBytes(seals.resolve("ofdrw-USER.p12")), "777777".toCharArray());
    X509Certificate c = k.certificate().orElseThrow();
    assertEquals(new BigInteger("01719D2DAB60", 16), c.getSerialNumber());
    assertTrue(c.getSubjectX500Principal().getName().contains("CN=Test Certificate"));
    assertEquals(KeySpec.sm2(), SoftKeys.specOf(k.privateKey()));
    assertKeyMatchesCertificate(k.privateKey(), c);
  }

  @Test
  void rejectsAWrongPkcs12Password() throws Exception {
    byte[] p12 = Files.readAllBytes(seals.resolve("ofdrw-USER.p12"));
    assertThrows(PasswordIncorrectException.class,
        () -> KeyFileReader.readPkcs12(p12, "777778".toCharArray()));
    assertThrows(PasswordIncorrectException.class, () -> KeyFileReader.read(p12, null));
  }

  @Test
  void rejectsATruncatedOrAlteredPkcs12() throws Exception {
    byte[] p12 = Files.readAllBytes(seals.resolve("ofdrw-USER.p12"));
    assertThrows(InvalidEncodingException.class, () -> KeyFileReader.readPkcs12(
        Arrays.copyOf(p12, p12.length / 2), "777777".toCharArray()));
    byte[] altered = p12.clone();
    altered[p12.length / 2] ^= 1;
    assertThrows(org.ukey.api.UKeyException.class,
        () -> KeyFileReader.readPkcs12(altered, "777777".toCharArray()));
  }

  @Test
  void readsTheOfdrwSec1PemKeyWithItsCertificate() throws Exception {
    byte[] pem = concat(Files.readAllBytes(seals.resolve("ofdrw-sign_key.pem")),
        Files.readAllBytes(seals.resolve("ofdrw-sign_cert.pem")));
    KeyAndCertificates k = KeyFileReader.read(pem, null);
    assertKeyMatchesCertificate(k.privateKey(), k.certificate().orElseThrow());
  }

  @Test
  void readsAnOpensslPkcs12WithPbes2AndOneWith3des() throws Exception {
    for (String[] pbe : new String[][] {{}, {"-certpbe", "PBE-SHA1-3DES", "-keypbe",
        "PBE-SHA1-3DES", "-macalg", "sha1"}}) {
      Path out = dir.resolve("export.p12");
      String[] args = concat(new String[] {"pkcs12", "-export", "-inkey", sm2Key.toString(),
          "-in", sm2Cert.toString(), "-passout", "pass:" + new String(PASSWORD), "-out",
          out.toString()}, pbe);
      OpenSsl.run(dir, args);
      KeyAndCertificates k = KeyFileReader.read(Files.readAllBytes(out), PASSWORD);
      assertKeyMatchesCertificate(k.privateKey(), k.certificate().orElseThrow());
    }
  }

  @Test
  void readsEncryptedPkcs8WithAesAndWithSm4InPemAndDer() throws Exception {
    for (String[] cipher : new String[][] {{"-v2", "aes-256-cbc"},
        {"-v2", "sm4-cbc"}}) {
      for (String form : new String[] {"PEM", "DER"}) {
        byte[] enc = OpenSsl.run(dir, concat(new String[] {"pkcs8", "-topk8", "-in",
            sm2Key.toString(), "-outform", form, "-passout", "pass:" + new String(PASSWORD)},
            cipher));
        PrivateKey k = KeyFileReader.readPrivateKey(enc, PASSWORD);
        assertKeyMatchesCertificate(k, Certificates.parse(Files.readAllBytes(sm2Cert)));
        assertThrows(PasswordIncorrectException.class,
            () -> KeyFileReader.readPrivateKey(enc, "wrong".toCharArray()));
        assertThrows(PasswordIncorrectException.class,
            () -> KeyFileReader.readPrivateKey(enc, null));
      }
    }
  }

  @Test
  void readsRsaKeysInPkcs8Pkcs1AndLegacyEncryptedPem() throws Exception {
    Path rsa = dir.resolve("rsa.key");
    OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
        "-out", rsa.toString());
    byte[] pkcs8 = Files.readAllBytes(rsa);
    byte[] pkcs1 = OpenSsl.run(dir, "rsa", "-in", rsa.toString(), "-traditional");
    byte[] legacy = OpenSsl.run(dir, "rsa", "-in", rsa.toString(), "-traditional", "-aes256",
        "-passout", "pass:" + new String(PASSWORD));
    assertTrue(new String(pkcs1, StandardCharsets.US_ASCII).contains("RSA PRIVATE KEY"));
    assertTrue(new String(legacy, StandardCharsets.US_ASCII).contains("Proc-Type"));
    PrivateKey a = KeyFileReader.readPrivateKey(pkcs8, null);
    PrivateKey b = KeyFileReader.readPrivateKey(pkcs1, null);
    PrivateKey c = KeyFileReader.readPrivateKey(legacy, PASSWORD);
    assertEquals(KeyType.RSA, SoftKeys.specOf(a).type());
    assertArrayEquals(a.getEncoded(), b.getEncoded());
    assertArrayEquals(a.getEncoded(), c.getEncoded());
    assertThrows(PasswordIncorrectException.class,
        () -> KeyFileReader.readPrivateKey(legacy, "nope".toCharArray()));
  }

  @Test
  void readsPublicKeysFromPemDerAndCertificates() throws Exception {
    byte[] pubPem = OpenSsl.run(dir, "pkey", "-in", sm2Key.toString(), "-pubout");
    byte[] pubDer = OpenSsl.run(dir, "pkey", "-in", sm2Key.toString(), "-pubout", "-outform",
        "DER");
    X509Certificate cert = Certificates.parse(Files.readAllBytes(sm2Cert));
    assertTrue(KeyFileReader.sameKey(cert.getPublicKey(), KeyFileReader.readPublicKey(pubPem)));
    assertTrue(KeyFileReader.sameKey(cert.getPublicKey(), KeyFileReader.readPublicKey(pubDer)));
    assertTrue(KeyFileReader.sameKey(cert.getPublicKey(),
        KeyFileReader.readPublicKey(Files.readAllBytes(sm2Cert))));
  }

  @Test
  void rejectsAPemFileWithoutAKeyOrWithTwo() throws Exception {
    byte[] certOnly = Files.readAllBytes(sm2Cert);
    assertThrows(InvalidEncodingException.class, () -> KeyFileReader.readPem(certOnly, null));
    byte[] key = Files.readAllBytes(sm2Key);
    assertThrows(InvalidEncodingException.class,
        () -> KeyFileReader.readPem(concat(key, key), null));
    assertThrows(InvalidEncodingException.class,
        () -> KeyFileReader.read(new byte[] {0x30, 0x03, 0x02, 0x01}, null));
  }

  @Test
  void refusesAnEncryptedKeyAskingForTwoBillionPbkdf2Iterations() throws Exception {
    byte[] der = OpenSsl.run(dir, "pkcs8", "-topk8", "-in", sm2Key.toString(), "-outform",
        "DER", "-v2", "aes-256-cbc", "-passout", "pass:" + new String(PASSWORD));
    var epki = org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo.getInstance(der);
    var pbes2 = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(
        epki.getEncryptionAlgorithm().getParameters());
    var kdf = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(
        pbes2.getKeyDerivationFunc().getParameters());
    var huge = new org.bouncycastle.asn1.pkcs.PBKDF2Params(kdf.getSalt(), Integer.MAX_VALUE,
        kdf.getPrf());
    byte[] hostile = new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(
        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2,
            new org.bouncycastle.asn1.pkcs.PBES2Parameters(
                new org.bouncycastle.asn1.pkcs.KeyDerivationFunc(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBKDF2, huge),
                pbes2.getEncryptionScheme())), epki.getEncryptedData()).getEncoded();
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> KeyFileReader.readPrivateKey(hostile, PASSWORD));
    assertTrue(e.getMessage().contains("iteration count"), e.getMessage());
  }

  @Test
  void refusesAPkcs12WhoseMacAsksForTwoBillionIterations() throws Exception {
    var pfx = org.bouncycastle.asn1.pkcs.Pfx.getInstance(
        Files.readAllBytes(seals.resolve("ofdrw-USER.p12")));
    var mac = pfx.getMacData();
    byte[] hostile = new org.bouncycastle.asn1.pkcs.Pfx(pfx.getAuthSafe(),
        new org.bouncycastle.asn1.pkcs.MacData(mac.getMac(), mac.getSalt(), Integer.MAX_VALUE))
        .getEncoded();
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> KeyFileReader.readPkcs12(hostile, "777777".toCharArray()));
    assertTrue(e.getMessage().contains("iteration count"), e.getMessage());
  }

  private static void assertKeyMatchesCertificate(PrivateKey key, X509Certificate cert)
      throws Exception {
    SignatureAlgorithm alg = SoftKeys.specOf(key).defaultSignatureAlgorithm();
    byte[] msg = "key matches certificate".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = SoftSigners.create(key, SoftKeys.publicKeyOf(key), cert, alg).sign(msg);
    SoftVerifiers.verify(cert.getPublicKey(), alg, msg, sig);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
