package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.interop.OpenSsl;

class PublicKeyEncryptionTest {
  private static final byte[] MESSAGE =
      "国库集中支付 voucher 2026-0042".getBytes(StandardCharsets.UTF_8);
  private static final EncryptionAlgorithm[] SM2_LAYOUTS = {EncryptionAlgorithm.SM2_ASN1,
      EncryptionAlgorithm.SM2_C1C3C2, EncryptionAlgorithm.SM2_C1C2C3};

  @TempDir
  static Path dir;

  private static KeyPair sm2;
  private static KeyPair rsa;

  @BeforeAll
  static void keys() throws Exception {
    sm2 = SoftKeys.generate(KeySpec.sm2());
    rsa = SoftKeys.generate(KeySpec.rsa(2048));
  }

  @Test
  void sm2RoundTripsInEachLayout() throws Exception {
    for (EncryptionAlgorithm layout : SM2_LAYOUTS) {
      byte[] ct = PublicKeyEncryption.encrypt(sm2.getPublic(), layout, MESSAGE);
      assertArrayEquals(MESSAGE, PublicKeyEncryption.decrypt(sm2.getPrivate(), layout, ct));
    }
  }

  @Test
  void aCiphertextDoesNotDecryptAsAnotherLayout() throws Exception {
    byte[] ct = PublicKeyEncryption.encrypt(sm2.getPublic(), EncryptionAlgorithm.SM2_C1C2C3,
        MESSAGE);
    assertThrows(DecryptionFailedException.class, () -> PublicKeyEncryption.decrypt(
        sm2.getPrivate(), EncryptionAlgorithm.SM2_C1C3C2, ct));
    assertThrows(InvalidEncodingException.class, () -> PublicKeyEncryption.decrypt(
        sm2.getPrivate(), EncryptionAlgorithm.SM2_ASN1, ct));
  }

  @Test
  void rejectsEveryTamperedByteOfAnSm2Ciphertext() throws Exception {
    byte[] ct = PublicKeyEncryption.encrypt(sm2.getPublic(), EncryptionAlgorithm.SM2_C1C3C2,
        MESSAGE);
    for (int i = 1; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x40;
      // A changed C1 is (almost always) off the curve; a changed C3 or C2 fails the hash.
      org.ukey.api.UKeyException e = assertThrows(org.ukey.api.UKeyException.class,
          () -> PublicKeyEncryption.decrypt(sm2.getPrivate(), EncryptionAlgorithm.SM2_C1C3C2,
              bad), "byte " + i);
      if (i > 64) {
        org.junit.jupiter.api.Assertions.assertInstanceOf(DecryptionFailedException.class, e);
      }
    }
  }

  @Test
  void rejectsDecryptionWithAnotherSm2Key() throws Exception {
    byte[] ct = PublicKeyEncryption.encrypt(sm2.getPublic(), EncryptionAlgorithm.SM2_ASN1,
        MESSAGE);
    PrivateKey other = SoftKeys.generate(KeySpec.sm2()).getPrivate();
    assertThrows(DecryptionFailedException.class,
        () -> PublicKeyEncryption.decrypt(other, EncryptionAlgorithm.SM2_ASN1, ct));
  }

  @Test
  void rsaOaepAndPkcs1RoundTripAndRejectTampering() throws Exception {
    for (EncryptionAlgorithm alg : new EncryptionAlgorithm[] {EncryptionAlgorithm.RSA_OAEP_SHA256,
        EncryptionAlgorithm.RSA_PKCS1}) {
      byte[] ct = PublicKeyEncryption.encrypt(rsa.getPublic(), alg, MESSAGE);
      assertArrayEquals(MESSAGE, PublicKeyEncryption.decrypt(rsa.getPrivate(), alg, ct));
      ct[ct.length / 2] ^= 1;
      assertThrows(DecryptionFailedException.class,
          () -> PublicKeyEncryption.decrypt(rsa.getPrivate(), alg, ct));
      assertThrows(InvalidEncodingException.class,
          () -> PublicKeyEncryption.decrypt(rsa.getPrivate(), alg, new byte[255]));
    }
  }

  @Test
  void refusesAKeyOfTheWrongType() {
    assertThrows(UnsupportedAlgorithmException.class, () -> PublicKeyEncryption.encrypt(
        rsa.getPublic(), EncryptionAlgorithm.SM2_ASN1, MESSAGE));
    assertThrows(UnsupportedAlgorithmException.class, () -> PublicKeyEncryption.decrypt(
        sm2.getPrivate(), EncryptionAlgorithm.RSA_OAEP_SHA256, new byte[256]));
  }

  @Test
  void decryptsWhatOpensslPkeyutlEncrypts() throws Exception {
    Path key = opensslSm2Key();
    PrivateKey priv = SoftKeys.privateKey(OpenSsl.run(dir, "pkcs8", "-topk8", "-nocrypt",
        "-in", key.toString(), "-outform", "DER"));
    Path msg = Files.write(dir.resolve("msg"), MESSAGE);
    byte[] ct = OpenSsl.run(dir, "pkeyutl", "-encrypt", "-inkey", key.toString(), "-in",
        msg.toString());
    assertArrayEquals(MESSAGE, PublicKeyEncryption.decrypt(priv, EncryptionAlgorithm.SM2_ASN1,
        ct));
  }

  @Test
  void opensslPkeyutlDecryptsWhatWeEncrypt() throws Exception {
    Path key = opensslSm2Key();
    PublicKey pub = SoftKeys.publicKey(OpenSsl.run(dir, "pkey", "-in", key.toString(),
        "-pubout", "-outform", "DER"));
    byte[] ct = PublicKeyEncryption.encrypt(pub, EncryptionAlgorithm.SM2_ASN1, MESSAGE);
    Path ctFile = Files.write(dir.resolve("ct"), ct);
    assertArrayEquals(MESSAGE, OpenSsl.run(dir, "pkeyutl", "-decrypt", "-inkey", key.toString(),
        "-in", ctFile.toString()));
  }

  private static Path opensslSm2Key() {
    Path key = dir.resolve("sm2.pem");
    if (!Files.exists(key)) {
      OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    }
    return key;
  }
}
