package org.ukey.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;

/**
 * Signing on a PKCS#11 token (SoftHSM in {@code benchmarks/run-pkcs11}) through the SDK's
 * {@link Signer} ({@code ukey*}), against the JDK's SunPKCS11 on the same token and keys
 * ({@code sun*}), and against the native floor {@code p11signloop}, a C loop of C_SignInit +
 * C_Sign: before every JMH iteration, {@link NativeFloor} has the C loop run for as long as the
 * iteration lasts, with the same mechanism and thread count, so that each Java figure is paired
 * with a C figure measured moments apart (the machines this runs on share their cores, and
 * their speed drifts by more than the few percent being measured). The C loop is one process
 * per trial, as long-lived as the JVM: SoftHSM signs measurably slower in a process that has
 * signed for a while than in a fresh one. ECDSA P-256 is measured over a 32-byte hash, as the
 * issue defines it: {@link #MESSAGE} stands for the hash, and all three hand it to
 * {@code CKM_ECDSA} as it is (the SDK with {@link Signer#signDigest(byte[])}, SunPKCS11 with
 * {@code NONEwithECDSA}, the C loop with {@code C_Sign}), so none hashes and all sign the same
 * bytes. RSA-2048 signs a 32-byte message with {@code CKM_SHA256_RSA_PKCS} in all three.
 * {@code ukeyFunctionList*} is the SDK with every call through JNA's generic function-pointer
 * path instead of direct mapping.
 *
 * <p>Goals: one thread at least 0.97× the C loop on both; two threads on RSA-2048 at least
 * 0.95× the C loop's two threads. One {@link Signer} is shared by all threads (the SDK's
 * thread-safe session pool); SunPKCS11 gets a {@link Signature} per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class Pkcs11SignBenchmark {
  /** The RSA message, and the ECDSA hash (a SHA-256's length). */
  static final byte[] MESSAGE = new byte[32];

  static {
    Arrays.fill(MESSAGE, (byte) 0x5A);
  }

  /**
   * The C loop as a long-lived process ({@code p11signloop ... serve}) with one session per
   * benchmark thread, started with the trial. Does nothing when {@code $UKEY_BENCH_CLOOP} (the
   * program) is not set.
   */
  @State(Scope.Benchmark)
  public static class NativeFloorProcess {
    Process process;
    BufferedWriter commands;
    BufferedReader answers;
    Phaser iterations;
    String benchmark;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws IOException {
      String program = System.getenv("UKEY_BENCH_CLOOP");
      if (program == null) {
        return;
      }
      benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      boolean rsa = benchmark.contains("Rsa");
      iterations = new Phaser(params.getThreads());
      process = new ProcessBuilder(program, Pkcs11BenchToken.library().toString(),
          Pkcs11BenchToken.tokenLabel(), Pkcs11BenchToken.env("UKEY_BENCH_PIN"),
          rsa ? Pkcs11BenchToken.RSA_KEY : Pkcs11BenchToken.EC_KEY,
          rsa ? "sha256-rsa" : "ecdsa", Integer.toString(params.getThreads()), "serve")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
          StandardCharsets.US_ASCII));
      answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.US_ASCII));
    }

    /** Runs the C loop for this long and returns its rate. */
    double measure(double seconds) throws IOException {
      commands.write(seconds + "\n");
      commands.flush();
      String answer = answers.readLine();
      if (answer == null) {
        throw new IllegalStateException("p11signloop stopped");
      }
      return Double.parseDouble(answer);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      if (process != null) {
        commands.close();
        process.waitFor();
      }
    }
  }

  /**
   * Before each iteration, runs the C loop for as long as the iteration lasts, with the same
   * mechanism and thread count, and for measurement iterations appends
   * {@code "benchmark threads ops/s"} to {@code $UKEY_BENCH_CLOOP_OUT}. The other benchmark
   * threads wait parked meanwhile (JMH's own per-iteration setup would keep them spinning, and
   * a spinning thread takes a core from the C loop).
   */
  @State(Scope.Thread)
  public static class NativeFloor {
    @Setup(Level.Iteration)
    public void run(NativeFloorProcess floor, ThreadParams thread, IterationParams iteration)
        throws Exception {
      if (floor.process == null) {
        return;
      }
      if (thread.getThreadIndex() == 0) {
        double ops = floor.measure(
            iteration.getTime().convertTo(TimeUnit.MILLISECONDS) / 1000.0);
        if (iteration.getType() == IterationType.MEASUREMENT) {
          Files.writeString(Path.of(Pkcs11BenchToken.env("UKEY_BENCH_CLOOP_OUT")),
              floor.benchmark + " " + thread.getThreadCount() + " " + ops + "\n",
              StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
      floor.iterations.arriveAndAwaitAdvance();
    }
  }

  /** The SDK on the benchmark token. */
  @State(Scope.Benchmark)
  public static class Ukey {
    Pkcs11Provider provider;
    Session session;
    Signer ecdsa;
    Signer rsa;

    void open(boolean directCalls) throws UKeyException {
      provider = Pkcs11.load(Pkcs11BenchToken.library(),
          Pkcs11Options.builder().directCalls(directCalls).build());
      try (Pin pin = Pkcs11BenchToken.pin()) {
        session = provider.token(Pkcs11BenchToken.tokenLabel()).login(pin);
      }
      ecdsa = session.signer(session.key(Pkcs11BenchToken.EC_KEY),
          SignatureAlgorithm.SHA256_WITH_ECDSA);
      rsa = session.signer(session.key(Pkcs11BenchToken.RSA_KEY),
          SignatureAlgorithm.SHA256_WITH_RSA);
    }

    @Setup(Level.Trial)
    public void setup() throws UKeyException {
      open(true);
    }

    @TearDown(Level.Trial)
    public void close() {
      session.close();
      provider.close();
    }
  }

  /** The SDK with direct mapping switched off. */
  @State(Scope.Benchmark)
  public static class UkeyFunctionList extends Ukey {
    @Override
    @Setup(Level.Trial)
    public void setup() throws UKeyException {
      open(false);
    }
  }

  /** SunPKCS11's provider and keys, once per JVM. */
  @State(Scope.Benchmark)
  public static class SunToken {
    Provider provider;
    PrivateKey ecKey;
    PrivateKey rsaKey;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      provider = Security.getProvider("SunPKCS11").configure("--name=ukeybench\nlibrary="
          + Pkcs11BenchToken.library() + "\nslot=" + Pkcs11BenchToken.env("UKEY_BENCH_SLOT")
          + "\n");
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, Pkcs11BenchToken.env("UKEY_BENCH_PIN").toCharArray());
      ecKey = (PrivateKey) ks.getKey(Pkcs11BenchToken.EC_KEY, null);
      rsaKey = (PrivateKey) ks.getKey(Pkcs11BenchToken.RSA_KEY, null);
    }
  }

  /** SunPKCS11 signatures, one per thread (a {@link Signature} is not thread-safe). */
  @State(Scope.Thread)
  public static class Sun {
    Signature ecdsa;
    Signature rsa;

    @Setup(Level.Trial)
    public void setup(SunToken token) throws Exception {
      // CKM_ECDSA over the caller's hash, like signDigest and the C loop.
      ecdsa = Signature.getInstance("NONEwithECDSA", token.provider);
      ecdsa.initSign(token.ecKey);
      rsa = Signature.getInstance("SHA256withRSA", token.provider);
      rsa.initSign(token.rsaKey);
    }
  }

  // Each benchmark takes the NativeFloor state only so that JMH runs its per-iteration setup.

  @Benchmark
  public byte[] ukeyEcdsaP256(Ukey u, NativeFloor floor) throws UKeyException {
    return u.ecdsa.signDigest(MESSAGE);
  }

  @Benchmark
  public byte[] ukeyRsa2048(Ukey u, NativeFloor floor) throws UKeyException {
    return u.rsa.sign(MESSAGE);
  }

  @Benchmark
  public byte[] ukeyFunctionListEcdsaP256(UkeyFunctionList u, NativeFloor floor)
      throws UKeyException {
    return u.ecdsa.signDigest(MESSAGE);
  }

  @Benchmark
  public byte[] sunEcdsaP256(Sun s, NativeFloor floor) throws SignatureException {
    s.ecdsa.update(MESSAGE);
    return s.ecdsa.sign();
  }

  @Benchmark
  public byte[] sunRsa2048(Sun s, NativeFloor floor) throws SignatureException {
    s.rsa.update(MESSAGE);
    return s.rsa.sign();
  }
}
