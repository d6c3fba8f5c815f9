package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * Keys on the SM2 curve on SoftHSM, which has no SM2 mechanisms but stores EC keys on any curve
 * OpenSSL knows. A test profile maps SM2 keys to {@code CKK_EC} and "signs" SM3_WITH_SM2 with
 * {@code CKM_ECDSA} over e: not an SM2 signature, but every SDK path of an SM2 key (Z and e
 * computed here, SM2 certificates stored with the key) runs on a real module. The GM soft token
 * tests cover real SM2 signatures.
 */
class Sm2CurveOnSoftHsmTest {
  private static final String PROFILE = String.join("\n",
      "name = softhsm-sm2-curve",
      "description = test only: SM2-curve keys as CKK_EC, CKM_ECDSA over e (not SM2)",
      "extends = standard",
      "key.SM2.type = CKK_EC",
      "key.SM2.generate = CKM_EC_KEY_PAIR_GEN",
      "key.SM2.ec-params = true",
      "key.SM2.public-key = ec-point",
      "sign.SM3_WITH_SM2 = CKM_ECDSA e raw",
      "");

  @TempDir
  static Path dir;
  private static TestSoftHsm hsm;
  private static Session session;

  @BeforeAll
  static void open() throws Exception {
    Path profile = dir.resolve("softhsm-sm2-curve.properties");
    Files.writeString(profile, PROFILE, StandardCharsets.UTF_8);
    hsm = TestSoftHsm.create("sm2curve", Pkcs11Options.builder().profileFile(profile)
        .profile("softhsm-sm2-curve"));
    session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
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

  /** A stream that records whether it was closed. */
  private static final class Watched extends ByteArrayInputStream {
    boolean closed;

    Watched(byte[] data) {
      super(data);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  @Test
  void signingAStreamNeverClosesIt() throws Exception {
    TokenKey sm2 = session.generateKey(KeySpec.sm2(), "stream-sm2");
    TokenKey p256 = session.generateKey(KeySpec.ecP256(), "stream-p256");
    TokenKey rsa = session.generateKey(KeySpec.rsa(2048), "stream-rsa");
    byte[] message = new byte[20_000];
    // e (SM2: Z and the message hashed here), digest (ECDSA), message (RSA, multi-part).
    for (Object[] c : List.<Object[]>of(new Object[] {sm2, SignatureAlgorithm.SM3_WITH_SM2},
        new Object[] {p256, SignatureAlgorithm.SHA256_WITH_ECDSA},
        new Object[] {rsa, SignatureAlgorithm.SHA256_WITH_RSA})) {
      Signer signer = session.signer((TokenKey) c[0], (SignatureAlgorithm) c[1]);
      Watched in = new Watched(message);
      signer.sign(in);
      assertFalse(in.closed, c[1] + " closed the caller's stream");
      assertEquals(-1, in.read(), c[1] + " read the whole stream");
    }
  }

  @Test
  void readsAnSm2CertificateStoredWithItsKey() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    Signer self = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    X509Certificate cert = CertificateBuilder.forSubject("CN=SM2 on SoftHSM", pair.getPublic())
        .validity(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)))
        .sign(self);
    session.importKey(pair.getPrivate(), cert, "with-cert");

    // Read back from the token's objects, not from the import's own result.
    TokenKey found = session.key("with-cert");
    assertEquals(KeyType.SM2, found.type());
    X509Certificate stored = found.certificate().orElseThrow();
    assertArrayEquals(cert.getEncoded(), stored.getEncoded());
    assertArrayEquals(pair.getPublic().getEncoded(),
        SoftKeys.publicKey(stored.getPublicKey().getEncoded()).getEncoded());
    assertTrue(session.keys().stream().anyMatch(k -> k.label().equals("with-cert")
        && k.certificate().isPresent()));
  }

  /** Never a real SM2 signature on SoftHSM: the point of the GM token. */
  @Test
  void theTestProfileIsNotMistakenForSm2() throws Exception {
    TokenKey sm2 = session.generateKey(KeySpec.sm2(), "not-sm2");
    byte[] m = "m".getBytes(StandardCharsets.UTF_8);
    byte[] sig = session.signer(sm2, SignatureAlgorithm.SM3_WITH_SM2).sign(m);
    assertFalse(verifiesAsSm2(sm2, m, sig));
  }

  private static boolean verifiesAsSm2(TokenKey key, byte[] m, byte[] sig) {
    try {
      org.ukey.sm2.SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, m, sig);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
