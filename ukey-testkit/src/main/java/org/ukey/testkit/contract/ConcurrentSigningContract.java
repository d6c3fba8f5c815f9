package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.testkit.ReferenceVerifier;

/**
 * Contract: one {@link Session} signs from many threads at once. {@value #THREADS} threads sign
 * {@value #SIGNATURES_PER_THREAD} distinct messages each, started together, first through one
 * shared {@link Signer}, then each through signers it makes itself on the same session (SM2 with
 * a different user ID per thread, so a mix-up of state between threads shows). Every signature
 * is verified independently; there must be no error at all.
 *
 * <p>The loops sign with the claimed SM2 and EC algorithms; RSA only when the provider claims
 * nothing else, since an RSA private-key operation costs a hundred times more in software.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConcurrentSigningContract {
  /** Signing threads. */
  static final int THREADS = 8;
  /** Signatures per thread. */
  static final int SIGNATURES_PER_THREAD = 1000;
  /** Only to turn a deadlock into a failure; no test here judges speed. */
  private static final long HANG_MINUTES = 10;

  private Claims claims;
  private FreshToken fresh;
  private Session session;
  private final Map<KeySpec, TokenKey> keys = new LinkedHashMap<>();

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /**
   * Opens the class's fresh token and session and generates the keys the loops use.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture cannot open the token or a key cannot be generated
   */
  @BeforeAll
  protected final void openTokenAndGenerateKeys(@TempDir Path directory) throws Exception {
    claims = Claims.of(fixture());
    fresh = FreshToken.open(claims, directory);
    session = fresh.login();
    for (SigningCase c : claims.fastCases()) {
      if (!keys.containsKey(c.spec())) {
        keys.put(c.spec(), session.generateKey(c.spec(), "concurrent-" + c.spec()));
      }
    }
  }

  /** Closes the session and the provider. */
  @AfterAll
  protected final void closeToken() {
    if (session != null) {
      session.close();
    }
    if (fresh != null) {
      fresh.close();
    }
  }

  /**
   * {@value #THREADS} threads share one signer of the first fast claimed algorithm.
   *
   * @throws Exception if the token fails outside the loops
   */
  @Test
  public void threadsShareOneSignerOfOneSession() throws Exception {
    SigningCase c = claims.fastCases().get(0);
    Signer shared = session.signer(keys.get(c.spec()), c.algorithm());
    run("one shared " + c + " signer", thread -> shared);
  }

  /**
   * Each of {@value #THREADS} threads makes its own signers on the one session, the claimed fast
   * algorithms in turn, SM2 with a per-thread user ID.
   *
   * @throws Exception if the token fails outside the loops
   */
  @Test
  public void threadsMakeTheirOwnSignersOnOneSession() throws Exception {
    List<SigningCase> cases = claims.fastCases();
    run("a signer per thread", thread -> {
      SigningCase c = cases.get(thread % cases.size());
      SignatureAlgorithm algorithm = c.algorithm().keyType() == KeyType.SM2
          ? c.algorithm().withSm2UserId(("thread-" + thread).getBytes(StandardCharsets.US_ASCII))
          : c.algorithm();
      return session.signer(keys.get(c.spec()), algorithm);
    });
  }

  /** Makes the signer a thread uses. */
  @FunctionalInterface
  private interface SignerSource {
    Signer signerFor(int thread) throws Exception;
  }

  private void run(String what, SignerSource source) throws Exception {
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicInteger errorCount = new AtomicInteger();
    AtomicInteger verified = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          Signer signer = source.signerFor(thread);
          for (int i = 0; i < SIGNATURES_PER_THREAD; i++) {
            byte[] message = message(thread, i);
            try {
              byte[] signature = signer.sign(message);
              ReferenceVerifier.verify(signer.publicKey(), signer.algorithm(), message,
                  signature);
              verified.incrementAndGet();
            } catch (Exception e) {
              record(errors, errorCount, "thread " + thread + " signature " + i + ": " + e);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        try {
          f.get(HANG_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
          fail(what + ": a signing thread did not finish within " + HANG_MINUTES
              + " minutes (deadlock?)", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, errorCount.get(), () -> what + ": " + errorCount.get() + " of "
        + THREADS * SIGNATURES_PER_THREAD + " signatures failed; first: " + errors);
    assertEquals(THREADS * SIGNATURES_PER_THREAD, verified.get(),
        () -> what + ": signatures verified");
  }

  private static void record(ConcurrentLinkedQueue<String> errors, AtomicInteger count,
      String error) {
    if (count.incrementAndGet() <= 5) {
      errors.add(error);
    }
  }

  /** A message no other thread or iteration signs. */
  private static byte[] message(int thread, int i) {
    return ByteBuffer.allocate(40).putInt(thread).putInt(i)
        .put("contract: concurrent signing".getBytes(StandardCharsets.US_ASCII)).array();
  }
}
