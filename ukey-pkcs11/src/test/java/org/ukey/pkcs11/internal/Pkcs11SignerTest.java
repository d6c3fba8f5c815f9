package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.SoftVerifiers;

/** Signing on SoftHSM through every way of the standard profile, verified in software. */
class Pkcs11SignerTest {
  private static final byte[] MESSAGE = "voucher #1: pay 100.00 CNY".getBytes(StandardCharsets.UTF_8);
  private static TestSoftHsm hsm;
  private static Session session;
  private static TokenKey rsa;
  private static TokenKey p256;
  private static TokenKey p384;

  @BeforeAll
  static void keys() throws Exception {
    hsm = TestSoftHsm.create("signer");
    session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
    rsa = session.generateKey(KeySpec.rsa(2048), "rsa");
    p256 = session.generateKey(KeySpec.ecP256(), "p256");
    p384 = session.generateKey(KeySpec.ecP384(), "p384");
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

  private static byte[] hash(SignatureAlgorithm alg, byte[] message) throws Exception {
    return MessageDigest.getInstance(alg.digest().jcaName(), "SUN").digest(message);
  }

  private static void verify(TokenKey key, SignatureAlgorithm alg, byte[] message, byte[] sig)
      throws Exception {
    SoftVerifiers.verify(key.publicKey(), alg, message, sig);
  }

  @Test
  void signsEveryRsaAlgorithm() throws Exception {
    for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SHA256_WITH_RSA,
        SignatureAlgorithm.SHA384_WITH_RSA, SignatureAlgorithm.SHA256_WITH_RSA_PSS,
        SignatureAlgorithm.SHA384_WITH_RSA_PSS)) {
      byte[] sig = session.signer(rsa, alg).sign(MESSAGE);
      assertEquals(256, sig.length, alg.toString());
      verify(rsa, alg, MESSAGE, sig);
    }
  }

  @Test
  void signsEcdsaOnBothCurvesInDer() throws Exception {
    for (TokenKey k : List.of(p256, p384)) {
      for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SHA256_WITH_ECDSA,
          SignatureAlgorithm.SHA384_WITH_ECDSA)) {
        byte[] sig = session.signer(k, alg).sign(MESSAGE);
        BigInteger order = ((ECPublicKey) k.publicKey()).getParams().getOrder();
        assertEquals(2, SignatureCodec.decodeDer(sig, order).length);
        verify(k, alg, MESSAGE, sig);
      }
    }
  }

  @Test
  void aSignatureDoesNotVerifyForAnotherMessage() throws Exception {
    byte[] sig = session.signer(p256, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE);
    assertThrows(SignatureVerificationException.class, () -> verify(p256,
        SignatureAlgorithm.SHA256_WITH_ECDSA, "voucher #2".getBytes(StandardCharsets.UTF_8),
        sig));
  }

  @Test
  void signsAStreamLikeItsBytes() throws Exception {
    byte[] big = new byte[1_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    for (TokenKey k : List.of(rsa, p256)) {
      SignatureAlgorithm alg = k == rsa ? SignatureAlgorithm.SHA256_WITH_RSA
          : SignatureAlgorithm.SHA256_WITH_ECDSA;
      Signer signer = session.signer(k, alg);
      byte[] fromStream = signer.sign(new ByteArrayInputStream(big));
      verify(k, alg, big, fromStream);
      byte[] fromBytes = signer.sign(big);
      verify(k, alg, big, fromBytes);
      if (k == rsa) {
        // PKCS#1 v1.5 is deterministic: the multi-part and one-part signatures are equal.
        assertArrayEquals(fromBytes, fromStream);
      }
    }
  }

  @Test
  void signsMessagesLongerThanTheScratchBufferInOnePart() throws Exception {
    byte[] m = new byte[NativeSession.DATA_CAPACITY * 3 + 17];
    byte[] sig = session.signer(rsa, SignatureAlgorithm.SHA256_WITH_RSA).sign(m);
    verify(rsa, SignatureAlgorithm.SHA256_WITH_RSA, m, sig);
  }

  @Test
  void aFailingStreamLeavesNoActiveOperationBehind() throws Exception {
    Signer signer = session.signer(rsa, SignatureAlgorithm.SHA256_WITH_RSA);
    InputStream failing = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > 10_000) {
          throw new IOException("disk gone");
        }
        return 1;
      }
    };
    assertThrows(IOException.class, () -> signer.sign(failing));
    // The session that was mid-operation was dropped, not reused: signing works at once.
    verify(rsa, SignatureAlgorithm.SHA256_WITH_RSA, MESSAGE, signer.sign(MESSAGE));
  }

  @Test
  void ecdsaSignsACallersHashOnBothCurves() throws Exception {
    // The standard profile signs ECDSA with CKM_ECDSA, which takes the hash: the caller's.
    for (TokenKey k : List.of(p256, p384)) {
      for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SHA256_WITH_ECDSA,
          SignatureAlgorithm.SHA384_WITH_ECDSA)) {
        Signer signer = session.signer(k, alg);
        byte[] sig = signer.signDigest(hash(alg, MESSAGE));
        BigInteger order = ((ECPublicKey) k.publicKey()).getParams().getOrder();
        assertEquals(2, SignatureCodec.decodeDer(sig, order).length);
        verify(k, alg, MESSAGE, sig);
        assertThrows(SignatureVerificationException.class, () -> verify(k, alg,
            "voucher #2".getBytes(StandardCharsets.UTF_8), sig));
      }
    }
  }

  @Test
  void signDigestChecksTheLengthFirst() throws Exception {
    Signer ecdsa = session.signer(p256, SignatureAlgorithm.SHA256_WITH_ECDSA);
    Signer rsaOnToken = session.signer(rsa, SignatureAlgorithm.SHA256_WITH_RSA);
    for (Signer s : List.of(ecdsa, rsaOnToken)) {
      for (int length : new int[] {0, 31, 33, 48}) {
        assertThrows(IllegalArgumentException.class, () -> s.signDigest(new byte[length]),
            () -> s.algorithm() + " " + length);
      }
      assertThrows(NullPointerException.class, () -> s.signDigest(null));
    }
  }

  /**
   * The standard profile's first way for RSA is CKM_SHA256_RSA_PKCS (PKCS#11 v2.40 curr. mech.
   * 2.1.17), which SoftHSM offers: the token hashes the message itself, so the signer cannot
   * take a caller's hash and says so. Likewise CKM_SHA256_RSA_PKCS_PSS for PSS.
   */
  @Test
  void rsaOnTheStandardProfileRefusesACallersDigestBecauseTheTokenHashes() throws Exception {
    Object[][] cases = {{SignatureAlgorithm.SHA256_WITH_RSA, "CKM_SHA256_RSA_PKCS"},
        {SignatureAlgorithm.SHA256_WITH_RSA_PSS, "CKM_SHA256_RSA_PKCS_PSS"}};
    for (Object[] c : cases) {
      SignatureAlgorithm alg = (SignatureAlgorithm) c[0];
      Signer signer = session.signer(rsa, alg);
      UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
          () -> signer.signDigest(hash(alg, MESSAGE)));
      assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
      assertTrue(e.getMessage().contains("'standard'"), e.getMessage());
      verify(rsa, alg, MESSAGE, signer.sign(MESSAGE));
    }
  }

  /**
   * The output form a profile declares for CKM_ECDSA. SoftHSM returns raw r‖s: a way that says
   * {@code auto} recognizes it and encodes it; one that wrongly says {@code der} gets a clear
   * error, not a signature, and the pooled session goes on signing.
   */
  @Test
  void ecdsaOutputIsTakenAsTheProfileSaysAndAWrongFormIsAnError(@TempDir Path dir)
      throws Exception {
    Path f = Files.writeString(dir.resolve("ecdsa-forms.properties"), String.join("\n",
        "name = ecdsa-forms", "extends = standard",
        "sign.SHA256_WITH_ECDSA = CKM_ECDSA digest auto",
        "sign.SHA384_WITH_ECDSA = CKM_ECDSA digest der", ""),
        StandardCharsets.UTF_8);
    try (Pkcs11Provider p = Pkcs11.load(TestSoftHsm.library(), Pkcs11Options.builder()
            .environment("SOFTHSM2_CONF", hsm.conf().toString()).profileFile(f)
            .profile("ecdsa-forms").build());
        Session s = p.token(hsm.label()).login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
      TokenKey key = s.key("p256");
      Signer auto = s.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      Signer der = s.signer(key, SignatureAlgorithm.SHA384_WITH_ECDSA);
      for (int i = 0; i < 3; i++) {
        byte[] sig = auto.sign(MESSAGE);
        verify(p256, SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE, sig);
        org.ukey.api.InvalidEncodingException e = assertThrows(
            org.ukey.api.InvalidEncodingException.class, () -> der.sign(MESSAGE));
        // Which DER rule 64 random-looking bytes break first varies; the error names the
        // signature and where in it.
        assertTrue(e.getMessage().contains("signature") && e.offset() >= 0, e.getMessage());
      }
    }
  }

  /** A profile whose RSA ways have the SDK hash: CKM_RSA_PKCS digest-info, CKM_RSA_PKCS_PSS. */
  @Test
  void rsaSignsACallersDigestWhenTheProfilesWayTakesIt(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("rsa-digest.properties"), String.join("\n",
        "name = rsa-digest", "extends = standard",
        "sign.SHA256_WITH_RSA = CKM_RSA_PKCS digest-info",
        "sign.SHA384_WITH_RSA = CKM_RSA_PKCS digest-info",
        "sign.SHA256_WITH_RSA_PSS = CKM_RSA_PKCS_PSS digest pss", ""),
        StandardCharsets.UTF_8);
    try (Pkcs11Provider p = Pkcs11.load(TestSoftHsm.library(), Pkcs11Options.builder()
            .environment("SOFTHSM2_CONF", hsm.conf().toString()).profileFile(f)
            .profile("rsa-digest").build());
        Session s = p.token(hsm.label()).login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
      TokenKey key = s.key("rsa");
      for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.SHA256_WITH_RSA,
          SignatureAlgorithm.SHA384_WITH_RSA, SignatureAlgorithm.SHA256_WITH_RSA_PSS)) {
        Signer signer = s.signer(key, alg);
        byte[] sig = signer.signDigest(hash(alg, MESSAGE));
        assertEquals(256, sig.length, alg.toString());
        verify(rsa, alg, MESSAGE, sig);
        if (!alg.isPss()) {
          // PKCS#1 v1.5 is deterministic: the same DigestInfo, the same signature.
          assertArrayEquals(signer.sign(MESSAGE), sig, alg.toString());
        }
      }
    }
  }

  @Test
  void refusesAlgorithmsOfAnotherKeyFamily() {
    assertThrows(UnsupportedAlgorithmException.class,
        () -> session.signer(rsa, SignatureAlgorithm.SHA256_WITH_ECDSA));
    assertThrows(UnsupportedAlgorithmException.class,
        () -> session.signer(p256, SignatureAlgorithm.SM3_WITH_SM2));
  }

  @Test
  void refusesSm2OnAStandardProfileToken() {
    UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
        () -> session.generateKey(KeySpec.sm2(), "sm2"));
    assertTrue(e.getMessage().contains("standard"), e.getMessage());
  }

  @Test
  void eightThreadsShareOneSessionForAThousandSignaturesEach() throws Exception {
    Signer signer = session.signer(p256, SignatureAlgorithm.SHA256_WITH_ECDSA);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> last = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        last.add(pool.submit(() -> {
          byte[] m = ("thread " + thread).getBytes(StandardCharsets.UTF_8);
          byte[] sig = null;
          for (int i = 0; i < 1000; i++) {
            sig = signer.sign(m);
          }
          return sig;
        }));
      }
      for (int t = 0; t < 8; t++) {
        // Any failure among the 8,000 signatures surfaces here as an ExecutionException.
        verify(p256, SignatureAlgorithm.SHA256_WITH_ECDSA,
            ("thread " + t).getBytes(StandardCharsets.UTF_8), last.get(t).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedSessionsSignerRefusesToSign() throws Exception {
    Session other = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
    Signer s = other.signer(other.key("p256"), SignatureAlgorithm.SHA256_WITH_ECDSA);
    verify(p256, SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE, s.sign(MESSAGE));
    other.close();
    assertThrows(IllegalStateException.class, () -> s.sign(MESSAGE));
    byte[] hash = hash(SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE);
    assertThrows(IllegalStateException.class, () -> s.signDigest(hash));
    // The first session's login survives the second session's close.
    verify(p256, SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE,
        session.signer(p256, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE));
  }
}
