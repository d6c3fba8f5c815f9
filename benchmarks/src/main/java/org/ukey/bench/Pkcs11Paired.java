package org.ukey.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;

/**
 * ECDSA P-256 signing on the benchmark token, four ways in one JVM, alternating every 20 ms
 * (50 slices a round): the SDK's {@code Signer.signDigest}; a bare JNA direct-mapped
 * C_SignInit + C_Sign with nothing around them (the floor of any JNA binding); one native call
 * per signature that makes both calls in C (what a C shim would cost); and the C loop itself,
 * 50 signatures per native call (the native floor in this process). Each is reported as a
 * ratio of the last, so the C loop here is a loop in the same process, on a session as old as
 * the others', under the same phases of a shared machine; {@code benchmarks/run-pkcs11} runs it
 * after the JMH suites, whose C loop is a separate process. A round during which the JVM
 * collected garbage is marked with the collections and their time: the SDK's way is the only
 * one that allocates, so it takes those pauses (about 1.5% of a round on a 2-core VM).
 *
 * <p>Needs the environment of {@link Pkcs11BenchToken} and {@code UKEY_BENCH_SIGNLIB}, the
 * path of {@code p11signlib.c} built as a shared library. Usage: {@code java -cp
 * benchmarks/target/benchmarks.jar org.ukey.bench.Pkcs11Paired [ROUNDS]} (default 5, after a
 * warm-up round).
 */
public final class Pkcs11Paired {
  private static final long SLICE_NANOS = 20_000_000;
  private static final int SLICES = 50;
  private static final long CKM_ECDSA = 0x1041;
  private static final long CKF_RW_SERIAL = 0x6;
  /** Keeps results reachable so that no operation is optimized away. */
  private static volatile Object sink;

  private Pkcs11Paired() {}

  /** Cryptoki entry points of the benchmark library, JNA direct mapping, pointers as longs. */
  static final class Bare {
    private Bare() {}

    static native long C_OpenSession(long slot, long flags, long app, long notify, long out);

    static native long C_CloseSession(long session);

    static native long C_FindObjectsInit(long session, long template, long count);

    static native long C_FindObjects(long session, long handles, long max, long count);

    static native long C_FindObjectsFinal(long session);

    static native long C_SignInit(long session, long mechanism, long key);

    static native long C_Sign(long session, long data, long length, long out, long outLength);
  }

  /** {@code p11signlib.c}. */
  static final class Loop {
    private Loop() {}

    static native long ukey_bench_sign_loop(long signInit, long sign, long session, long key,
        long mechanism, int n);
  }

  @FunctionalInterface
  private interface Op {
    void run() throws Exception;
  }

  private static void check(String function, long rv) {
    if (rv != 0) {
      throw new IllegalStateException(function + " returned 0x" + Long.toHexString(rv));
    }
  }

  /**
   * Runs the rounds and prints one line per round.
   *
   * @param args optional number of measured rounds
   * @throws Exception if the token cannot be used
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String library = Pkcs11BenchToken.library().toString();
    long slot = Long.parseLong(Pkcs11BenchToken.env("UKEY_BENCH_SLOT"));
    try (Pkcs11Provider provider = Pkcs11.load(Pkcs11BenchToken.library(),
        Pkcs11Options.builder().directCalls(true).build())) {
      Session session;
      try (Pin pin = Pkcs11BenchToken.pin()) {
        session = provider.token(Pkcs11BenchToken.tokenLabel()).login(pin);
      }
      Signer sdk = session.signer(session.key(Pkcs11BenchToken.EC_KEY),
          SignatureAlgorithm.SHA256_WITH_ECDSA);
      // The module is initialized and logged in (login state is per application): the bare
      // calls open a session of their own on it.
      NativeLibrary module = NativeLibrary.getInstance(library);
      Native.register(Bare.class, module);
      Native.register(Loop.class, NativeLibrary.getInstance(
          Pkcs11BenchToken.env("UKEY_BENCH_SIGNLIB")));
      Memory m = new Memory(4096);
      m.clear();
      long base = Pointer.nativeValue(m);
      check("C_OpenSession", Bare.C_OpenSession(slot, CKF_RW_SERIAL, 0, 0, base));
      long h = m.getLong(0);
      long key = findKey(m, base, h, Pkcs11BenchToken.EC_KEY);
      // CK_MECHANISM at 512, the 32-byte "hash" at 600, output at 1024, its length at 2000.
      m.setLong(512, CKM_ECDSA);
      for (int i = 0; i < 32; i++) {
        m.setByte(600 + i, (byte) 0x5A);
      }
      long signInit = Pointer.nativeValue(module.getFunction("C_SignInit"));
      long sign = Pointer.nativeValue(module.getFunction("C_Sign"));
      byte[] hash = new byte[32];
      Arrays.fill(hash, (byte) 0x5A);
      Op[] ops = {
          () -> sink = sdk.signDigest(hash),
          () -> {
            m.setLong(2000, 512);
            check("C_SignInit", Bare.C_SignInit(h, base + 512, key));
            check("C_Sign", Bare.C_Sign(h, base + 600, 32, base + 1024, base + 2000));
          },
          () -> check("loop", Loop.ukey_bench_sign_loop(signInit, sign, h, key, CKM_ECDSA, 1)
              - 1),
          () -> check("loop", Loop.ukey_bench_sign_loop(signInit, sign, h, key, CKM_ECDSA, 50)
              - 50)};
      int[] perCall = {1, 1, 1, 50};
      System.out.println("round  µs per ECDSA P-256 signature: SDK  bare JNA  C per call  C loop"
          + "  |  ÷ C loop (speed): SDK  bare JNA  C per call");
      for (int r = 0; r <= rounds; r++) {
        long[] gc0 = collections();
        long[] nanos = new long[ops.length];
        long[] count = new long[ops.length];
        for (int slice = 0; slice < SLICES; slice++) {
          for (int i = 0; i < ops.length; i++) {
            long start = System.nanoTime();
            long end;
            do {
              ops[i].run();
              count[i] += perCall[i];
            } while ((end = System.nanoTime()) - start < SLICE_NANOS);
            nanos[i] += end - start;
          }
        }
        double[] us = new double[ops.length];
        for (int i = 0; i < ops.length; i++) {
          us[i] = nanos[i] / 1e3 / count[i];
        }
        long[] gc1 = collections();
        long gcs = gc1[0] - gc0[0];
        System.out.printf(Locale.ROOT, "%-6s %6.2f %8.2f %10.2f %7.2f  |  %23.3f %9.3f %11.3f%s%n",
            r == 0 ? "warm" : Integer.toString(r), us[0], us[1], us[2], us[3], us[3] / us[0],
            us[3] / us[1], us[3] / us[2], gcs == 0 ? ""
                : "   (" + gcs + " GC, " + (gc1[1] - gc0[1]) + " ms)");
      }
      check("C_CloseSession", Bare.C_CloseSession(h));
      session.close();
    }
  }

  /**
   * Collections so far and their total time in ms, over every collector. Only the SDK's way
   * allocates (the DER it returns), so a collection's pause lands in one of its slices: the
   * rounds that had one are marked.
   */
  private static long[] collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** The private key labelled {@code label}: CKA_CLASS = CKO_PRIVATE_KEY, CKA_LABEL. */
  private static long findKey(Memory m, long base, long session, String label) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    m.setLong(256, 3); // CKO_PRIVATE_KEY
    m.write(300, l, 0, l.length);
    // CK_ATTRIBUTE[2] at 64: {CKA_CLASS (0), &class, 8}, {CKA_LABEL (3), label, length}
    m.setLong(64, 0);
    m.setLong(72, base + 256);
    m.setLong(80, 8);
    m.setLong(88, 3);
    m.setLong(96, base + 300);
    m.setLong(104, l.length);
    check("C_FindObjectsInit", Bare.C_FindObjectsInit(session, base + 64, 2));
    check("C_FindObjects", Bare.C_FindObjects(session, base + 400, 1, base + 408));
    check("C_FindObjectsFinal", Bare.C_FindObjectsFinal(session));
    if (m.getLong(408) != 1) {
      throw new IllegalStateException("no private key labelled " + label);
    }
    return m.getLong(400);
  }
}
