package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenRemovedException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.Cryptoki;
import org.ukey.sm2.SoftVerifiers;

/**
 * Removal, loss of sessions and session leaks, made real on SoftHSM: its token files removed
 * under a logged-in session, the module finalized or its sessions closed by another component
 * of the process.
 */
class TokenStateTest {
  private static final byte[] MESSAGE = "m".getBytes(StandardCharsets.UTF_8);

  /** Another component of the process, talking to the same module. */
  private static ModuleCalls otherComponent() {
    Cryptoki ck = Cryptoki.load(realLibrary(), false);
    return new ModuleCalls(ck.functions(), ck.abi());
  }

  private static Path realLibrary() {
    try {
      return TestSoftHsm.library().toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sessions the module has open on a slot, found by asking it about every handle. */
  private static int sessionsOpenInModule(ModuleCalls calls, long slot) {
    int open = 0;
    for (long h = 1; h <= 2000; h++) {
      try {
        if (calls.getSessionInfo(h).slotID() == slot) {
          open++;
        }
      } catch (Pkcs11Exception e) {
        assertEquals(CKR.CKR_SESSION_HANDLE_INVALID, e.code());
      }
    }
    return open;
  }

  @Test
  void removingTheTokensFilesEndsEveryOperationWithTokenRemoved() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("files")) {
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      signer.sign(MESSAGE);
      try (Stream<Path> files = Files.walk(hsm.tokenDirectory())) {
        files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(hsm.tokenDirectory()))
            .forEach(p -> p.toFile().delete());
      }
      TokenRemovedException e = assertThrows(TokenRemovedException.class,
          () -> signer.sign(MESSAGE));
      assertInstanceOf(Pkcs11Exception.class, e.getCause());
      assertThrows(TokenRemovedException.class, session::keys);
      assertThrows(TokenRemovedException.class, () -> session.generateRandom(8));
      assertThrows(TokenRemovedException.class, () -> session.token().info());
      assertFalse(session.isOpen());
      assertFalse(session.token().isPresent());
      assertEquals(0, ((TokenImpl) session.token()).state().pool.openCount(),
          "the pool was invalidated");
      session.close();
    }
  }

  @Test
  void finalizingTheModuleUnderneathIsATokenRemovalNotACrash() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("finalized")) {
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      signer.sign(MESSAGE);
      ModuleCalls other = otherComponent();
      other.check("C_Finalize", other.functions().C_Finalize(0));

      TokenRemovedException e = assertThrows(TokenRemovedException.class,
          () -> signer.sign(MESSAGE));
      Pkcs11Exception cause = assertInstanceOf(Pkcs11Exception.class, e.getCause());
      assertEquals(CKR.CKR_CRYPTOKI_NOT_INITIALIZED, cause.code());
      assertTrue(e.getMessage().contains("finalized"), e.getMessage());
      assertThrows(TokenRemovedException.class, () -> session.key("k"));
      assertFalse(session.isOpen());
      session.close();
    }
    // The next load initializes the module again.
    try (TestSoftHsm again = TestSoftHsm.create("again")) {
      assertTrue(again.provider().libraryInfo().initializedHere());
    }
  }

  @Test
  void sessionsClosedUnderneathAreReplacedAndTheUserLoggedInAgain() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("reopened")) {
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      signer.sign(MESSAGE);
      ModuleCalls other = otherComponent();
      // Logs every session out and makes SoftHSM renumber its objects.
      other.check("C_CloseAllSessions",
          other.functions().C_CloseAllSessions(hsm.token().slotId()));
      SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE,
          signer.sign(MESSAGE));
      assertTrue(session.isOpen());
      session.close();
    }
  }

  @Test
  void aKeyDeletedByAnotherComponentIsReportedMissing() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("deleted")) {
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      try (Session second = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
        second.deleteKey(second.key("k"));
      }
      assertThrows(KeyNotFoundException.class, () -> signer.sign(MESSAGE));
      assertTrue(session.isOpen(), "the token is still there");
      session.close();
    }
  }

  @Test
  void leavesNoSessionOpenInTheModuleAfterClose() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("leaks")) {
      ModuleCalls module = ((ProviderImpl) hsm.provider()).calls();
      long slot = hsm.token().slotId();
      assertEquals(0, sessionsOpenInModule(module, slot));
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA);
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        Future<?>[] work = new Future<?>[4];
        for (int t = 0; t < 4; t++) {
          work[t] = threads.submit(() -> {
            for (int i = 0; i < 50; i++) {
              signer.sign(MESSAGE);
              session.keys();
            }
            return null;
          });
        }
        for (Future<?> w : work) {
          w.get();
        }
      } finally {
        threads.shutdownNow();
      }
      assertThrows(IOException.class, () -> signer.sign(new InputStream() {
        @Override
        public int read() throws IOException {
          throw new IOException("unreadable");
        }
      }));
      assertThrows(KeyNotFoundException.class, () -> session.key("missing"));
      assertTrue(sessionsOpenInModule(module, slot) >= 2, "anchor and pool sessions");

      session.close();
      assertEquals(0, sessionsOpenInModule(module, slot), "a session leaked");
      assertEquals(0, ((ProviderImpl) hsm.provider()).openNativeSessions());
    }
  }

  @Test
  void waitsForAFreeSessionAndGivesUpAfterTheTimeout() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("bounded",
        org.ukey.pkcs11.Pkcs11Options.builder().maxSessions(1)
            .sessionTimeout(java.time.Duration.ofMillis(200)))) {
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.ecP256(), "k");
      TokenState state = ((TokenImpl) session.token()).state();
      assertEquals(1, state.pool.capacity());
      NativeSession held = state.pool.borrow();
      try {
        org.ukey.api.UKeyException e = assertThrows(org.ukey.api.UKeyException.class,
            () -> session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE));
        assertTrue(e.getMessage().contains("no free PKCS#11 session"), e.getMessage());
      } finally {
        state.pool.release(held);
      }
      session.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE);
      session.close();
    }
  }

  @Test
  void aLoginOrPinChangeAfterTheModuleWentAwayIsATokenRemoval() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("pulled")) {
      org.ukey.pkcs11.Pkcs11Token token = hsm.token();
      ModuleCalls other = otherComponent();
      other.check("C_Finalize", other.functions().C_Finalize(0));
      // C_GetTokenInfo and C_OpenSession fail first here, not a session call.
      TokenRemovedException e = assertThrows(TokenRemovedException.class,
          () -> token.login(TestSoftHsm.pin(TestSoftHsm.USER_PIN)));
      assertInstanceOf(Pkcs11Exception.class, e.getCause());
      assertThrows(TokenRemovedException.class, () -> token.changePin(
          TestSoftHsm.pin(TestSoftHsm.USER_PIN), TestSoftHsm.pin("654321")));
      assertThrows(TokenRemovedException.class, () -> token.unlockPin(
          TestSoftHsm.pin(TestSoftHsm.SO_PIN), TestSoftHsm.pin("654321")));
      assertThrows(TokenRemovedException.class, token::info);
      assertFalse(token.isPresent());
    }
  }

  @Test
  void aSessionTheModuleDroppedIsForgottenNotClosed() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("forgotten")) {
      ModuleCalls calls = ((ProviderImpl) hsm.provider()).calls();
      long slot = hsm.token().slotId();
      SessionRef stale = calls.openSession(slot);
      int owned = calls.ownedSessions();
      // As after a removal: the SDK forgets it; a later close of the stale reference (which
      // might name a reused handle) makes no call.
      calls.forgetSession(stale);
      assertEquals(owned - 1, calls.ownedSessions());
      assertEquals(CKR.CKR_SESSION_HANDLE_INVALID, calls.closeSession(stale));
      assertEquals(slot, calls.getSessionInfo(stale.handle()).slotID(),
          "the module's session was left alone");
      calls.functions().C_CloseSession(stale.handle());
    }
  }

  @Test
  void closingTheProviderWhileThreadsSignWaitsForTheirCalls() throws Exception {
    // C_Finalize under a running C_Sign makes SoftHSM free the session the call is using.
    for (int round = 0; round < 15; round++) {
      TestSoftHsm hsm = TestSoftHsm.create("closing" + round);
      Session session = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      TokenKey key = session.generateKey(KeySpec.rsa(2048), "k");
      Signer signer = session.signer(key, SignatureAlgorithm.SHA256_WITH_RSA);
      ExecutorService threads = Executors.newFixedThreadPool(4);
      java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(4);
      try {
        Future<?>[] work = new Future<?>[4];
        for (int t = 0; t < 4; t++) {
          work[t] = threads.submit(() -> {
            running.countDown();
            for (;;) {
              try {
                signer.sign(MESSAGE);
              } catch (IllegalStateException closed) {
                return null;
              }
            }
          });
        }
        running.await();
        Thread.sleep(20);
        hsm.close();
        for (Future<?> w : work) {
          w.get();
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }
}
