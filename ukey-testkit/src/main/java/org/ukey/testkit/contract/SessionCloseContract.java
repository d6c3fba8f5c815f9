package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.testkit.TestCa;

/**
 * Contract: closing. After {@link Session#close()} every session method (except
 * {@code token()} and {@code isOpen()}) and the {@code sign} and {@code signDigest} methods of
 * the signers it made throw {@link IllegalStateException} whose message says "closed";
 * {@code close()} is idempotent; close logs out, so only a new login signs again, and that
 * works. Closing the provider ends its sessions the same way.
 *
 * <p>Each test opens its own fresh token, so that no two of the fixture's providers are ever open
 * at once (closing one must not disturb another's test).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SessionCloseContract {
  private static final byte[] MESSAGE = "after close".getBytes(StandardCharsets.US_ASCII);

  private Claims claims;
  private KeySpec spec;
  private SignatureAlgorithm algorithm;
  private PrivateKey softwareKey;
  private X509Certificate certificate;

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /**
   * Reads the fixture's claims; makes the software key and certificate the refused
   * {@code importKey} and {@code importCertificate} calls are given.
   *
   * @throws Exception if the key or certificate cannot be made
   */
  @BeforeAll
  protected final void makeKeyAndCertificate() throws Exception {
    claims = Claims.of(fixture());
    spec = claims.cheapestSpec();
    algorithm = spec.defaultSignatureAlgorithm();
    TestCa.Issued issued = TestCa.create(KeySpec.sm2(), Clock.systemUTC())
        .issue("CN=refused after close", spec);
    softwareKey = issued.privateKey();
    certificate = issued.certificate();
  }

  /**
   * Every method of a closed session throws {@link IllegalStateException} saying "closed";
   * {@code isOpen()} is false.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the token fails before close
   */
  @Test
  public void closedSessionRefusesEveryMethod(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      Session session = fresh.login();
      TokenKey key = session.generateKey(spec, "closed-session");
      session.close();
      assertFalse(session.isOpen(), "isOpen() after close()");
      assertAllRefuse(session, key, "Session");
    }
  }

  /**
   * Signers made by a session refuse to sign, from an array, a stream or a digest, once it is
   * closed.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the token fails before close
   */
  @Test
  public void signerOfAClosedSessionRefusesToSign(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      Session session = fresh.login();
      TokenKey key = session.generateKey(spec, "closed-signer");
      Signer signer = session.signer(key, algorithm);
      signer.sign(MESSAGE);
      byte[] digest = CallerDigests.of(key.publicKey(), algorithm, MESSAGE);
      boolean signsDigests = signsDigests(signer, digest);
      session.close();
      List<String> problems = new ArrayList<>();
      refuses(problems, "Signer.sign(byte[])", () -> signer.sign(MESSAGE));
      refuses(problems, "Signer.sign(InputStream)",
          () -> signer.sign(new ByteArrayInputStream(MESSAGE)));
      if (signsDigests) {
        refuses(problems, "Signer.signDigest", () -> signer.signDigest(digest));
      }
      assertTrue(problems.isEmpty(), () -> "after Session.close(): " + problems);
    }
  }

  /** Whether the signer signs a digest; a refusal counts only without DIGEST_SIGNING. */
  private boolean signsDigests(Signer signer, byte[] digest) throws UKeyException {
    try {
      signer.signDigest(digest);
      return true;
    } catch (UnsupportedAlgorithmException e) {
      if (claims.has(TokenFeature.DIGEST_SIGNING)) {
        throw e;
      }
      return false;
    }
  }

  /**
   * A second and third {@code close()} do nothing and throw nothing.
   *
   * @param directory a directory for the token's files
   * @throws Exception if login fails
   */
  @Test
  public void closeIsIdempotent(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      Session session = fresh.login();
      session.close();
      session.close();
      session.close();
      assertFalse(session.isOpen(), "isOpen() after close()");
    }
  }

  /**
   * Close logs out: the old session and its signer stay refused, and a new login signs again,
   * its signature verifying with the same key.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the token fails
   */
  @Test
  public void closeLogsOutAndANewLoginWorks(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      Session first = fresh.login();
      TokenKey key = first.generateKey(spec, "relogin");
      Signer oldSigner = first.signer(key, algorithm);
      first.close();
      try (Session second = fresh.login()) {
        assertTrue(second.isOpen(), "a new session after close()");
        Signer signer = second.signer(second.key("relogin"), algorithm);
        Signatures.assertVerifies(key.publicKey(), algorithm, MESSAGE, signer.sign(MESSAGE),
            algorithm + " after a new login");
        List<String> problems = new ArrayList<>();
        refuses(problems, "old Signer.sign(byte[])", () -> oldSigner.sign(MESSAGE));
        refuses(problems, "old Session.keys()", first::keys);
        assertTrue(problems.isEmpty(), () -> "a new login revived the closed session: "
            + problems);
      }
    }
  }

  /**
   * Closing the provider ends its open sessions: they and their signers refuse with
   * {@link IllegalStateException} saying "closed"; closing the provider again, or such a session,
   * throws nothing.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the token fails before close
   */
  @Test
  public void closingTheProviderEndsItsSessions(@TempDir Path directory) throws Exception {
    FreshToken fresh = FreshToken.open(claims, directory);
    try {
      TokenProvider provider = fresh.provider();
      Session session = fresh.login();
      TokenKey key = session.generateKey(spec, "provider-closed");
      Signer signer = session.signer(key, algorithm);
      provider.close();
      provider.close();
      assertFalse(session.isOpen(), "isOpen() of a session of a closed provider");
      List<String> problems = new ArrayList<>();
      refuses(problems, "Signer.sign(byte[])", () -> signer.sign(MESSAGE));
      refuses(problems, "Session.keys()", session::keys);
      refuses(problems, "Session.signer", () -> session.signer(key, algorithm));
      assertTrue(problems.isEmpty(), () -> "after TokenProvider.close(): " + problems);
      session.close();
    } finally {
      fresh.close();
    }
  }

  private void assertAllRefuse(Session session, TokenKey key, String what) {
    List<String> problems = new ArrayList<>();
    refuses(problems, what + ".keys()", session::keys);
    refuses(problems, what + ".key(label)", () -> session.key(key.label()));
    refuses(problems, what + ".keyById(id)", () -> session.keyById(key.id()));
    refuses(problems, what + ".generateKey", () -> session.generateKey(spec, "after-close"));
    refuses(problems, what + ".importKey",
        () -> session.importKey(softwareKey, certificate, "imported-after-close"));
    refuses(problems, what + ".importCertificate",
        () -> session.importCertificate(key, certificate));
    refuses(problems, what + ".deleteKey", () -> session.deleteKey(key));
    refuses(problems, what + ".signer", () -> session.signer(key, algorithm));
    refuses(problems, what + ".decrypt", () -> session.decrypt(key, decryption(), new byte[128]));
    refuses(problems, what + ".generateRandom", () -> session.generateRandom(16));
    assertTrue(problems.isEmpty(), () -> "after close(): " + problems);
  }

  private EncryptionAlgorithm decryption() {
    for (EncryptionAlgorithm e : EncryptionAlgorithm.values()) {
      if (e.keyType() == spec.type()) {
        return e;
      }
    }
    return EncryptionAlgorithm.values()[0];
  }

  /** A call that must throw {@link IllegalStateException} saying "closed". */
  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private static void refuses(List<String> problems, String what, Call call) {
    try {
      call.run();
      problems.add(what + " succeeded");
    } catch (IllegalStateException e) {
      String message = e.getMessage();
      if (message == null || !message.toLowerCase(Locale.ROOT).contains("closed")) {
        problems.add(what + " threw IllegalStateException without saying 'closed': " + message);
      }
    } catch (Exception e) {
      problems.add(what + " threw " + e + ", not IllegalStateException");
    }
  }
}
