package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.testkit.GeneratedInputStream;
import org.ukey.testkit.ReferenceVerifier;

/**
 * Contract: {@link Signer#sign(InputStream)} streams. For each claimed algorithm, a 64 MiB
 * generated stream (never an array) signs to a signature that verifies independently over the
 * bytes the signer read (a tee feeds them to the verifier), while the live heap stays flat: when the signer reads the end of the stream,
 * the stream forces a garbage collection and the heap still in use must be within
 * {@value #HEAP_ALLOWANCE_MIB} MiB of what it was before signing. A provider that buffers the
 * message fails. Over a smaller odd-sized message the stream signature equals the one-shot
 * signature for deterministic algorithms (RSA PKCS#1 v1.5) and verifies for the others, and the
 * signer does not close the stream.
 *
 * <p>One fresh token and one session serve the whole class, with one key per claimed spec.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time, and, when tests run in
 * parallel, no other test beside it ({@link Isolated}): the heap measurement needs a quiet JVM.
 */
@Isolated("measures the live heap of the whole JVM")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StreamSigningContract {
  /** The size of the streamed message. */
  static final long STREAM_LENGTH = 64L << 20;
  /** How much the live heap may grow while signing the stream, far below its 64 MiB. */
  static final long HEAP_ALLOWANCE_MIB = 16;
  /** An odd length over several read buffers, for the stream-equals-array check. */
  private static final int COMPARED_LENGTH = (3 << 20) + 7;

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
   * Opens the class's fresh token and session and generates one key per claimed spec used.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture cannot open the token or a key cannot be generated
   */
  @BeforeAll
  protected final void openTokenAndGenerateKeys(@TempDir Path directory) throws Exception {
    claims = Claims.of(fixture());
    fresh = FreshToken.open(claims, directory);
    session = fresh.login();
    for (SigningCase c : claims.oneCasePerAlgorithm()) {
      if (!keys.containsKey(c.spec())) {
        keys.put(c.spec(), session.generateKey(c.spec(), "stream-" + c.spec()));
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
   * Every claimed algorithm once, with the first claimed spec of its key type.
   *
   * @return the cases
   */
  protected final List<SigningCase> streamCases() {
    return claims.oneCasePerAlgorithm();
  }

  /**
   * A 64 MiB stream signs in constant heap, reading to the end, and the signature verifies over
   * the same bytes.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails or reading fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  public void signsA64MiBStreamInConstantHeap(SigningCase c) throws Exception {
    TokenKey key = keys.get(c.spec());
    Signer signer = session.signer(key, c.algorithm());
    long[] usedAtEnd = {-1};
    GeneratedInputStream generated = new GeneratedInputStream(STREAM_LENGTH,
        c.toString().hashCode()).onEnd(() -> usedAtEnd[0] = LiveHeap.usedAfterGc());
    ReferenceVerifier.Verification reference =
        ReferenceVerifier.begin(key.publicKey(), c.algorithm());
    long baseline = LiveHeap.usedAfterGc();
    byte[] signature = signer.sign(new Tee(generated, reference));
    assertEquals(STREAM_LENGTH, generated.position(), () -> c + ": sign(InputStream) did not"
        + " read the whole stream");
    assertTrue(usedAtEnd[0] >= 0, () -> c + ": sign(InputStream) never read the end of the"
        + " stream (read() returning -1)");
    long growthMib = (usedAtEnd[0] - baseline) >> 20;
    assertTrue(growthMib < HEAP_ALLOWANCE_MIB, () -> c + ": live heap grew by " + growthMib
        + " MiB while signing a " + (STREAM_LENGTH >> 20) + " MiB stream (allowed: under "
        + HEAP_ALLOWANCE_MIB + " MiB); sign(InputStream) must not buffer the message");
    try {
      reference.verify(signature);
    } catch (SignatureVerificationException e) {
      fail(c + ": signature of the 64 MiB stream rejected by the independent verifier: "
          + e.getMessage(), e);
    }
  }

  /**
   * Hands the independent verifier every byte the signer reads, so the 64 MiB are generated
   * and hashed by the test once, and the signature is checked over exactly what was read.
   */
  private static final class Tee extends FilterInputStream {
    private final ReferenceVerifier.Verification reference;

    Tee(InputStream in, ReferenceVerifier.Verification reference) {
      super(in);
      this.reference = reference;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        reference.update(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      int n = super.read(buffer, offset, count);
      if (n > 0) {
        reference.update(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes are still part of the message: read them so the verifier sees them.
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /**
   * Over an odd-sized message, {@code sign(stream)} equals {@code sign(bytes)} for RSA PKCS#1
   * v1.5 (deterministic) and verifies for the other algorithms; the stream is left open.
   *
   * @param c the algorithm and key spec
   * @throws Exception if the token fails or reading fails
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  public void streamSignatureMatchesTheOneShotSignature(SigningCase c) throws Exception {
    TokenKey key = keys.get(c.spec());
    Signer signer = session.signer(key, c.algorithm());
    long seed = 31L * c.toString().hashCode();
    byte[] message = new GeneratedInputStream(COMPARED_LENGTH, seed).readAllBytes();
    boolean[] closed = {false};
    FilterInputStream stream = new FilterInputStream(
        new GeneratedInputStream(COMPARED_LENGTH, seed)) {
      @Override
      public void close() throws IOException {
        closed[0] = true;
        super.close();
      }
    };
    byte[] streamed = signer.sign(stream);
    byte[] oneShot = signer.sign(message);
    assertFalse(closed[0], () -> c + ": sign(InputStream) closed the caller's stream");
    Signatures.assertVerifies(key.publicKey(), c.algorithm(), message, streamed,
        c + " sign(InputStream)");
    Signatures.assertVerifies(key.publicKey(), c.algorithm(), message, oneShot,
        c + " sign(byte[])");
    if (c.algorithm().keyType() == KeyType.RSA && !c.algorithm().isPss()) {
      assertArrayEquals(oneShot, streamed, () -> c + ": deterministic signatures differ between"
          + " sign(InputStream) and sign(byte[]) over the same bytes");
    }
  }
}
