package org.ukey.bench;

import java.util.Locale;

/**
 * The seal benchmarks measured in alternation: 10 ms of the SDK's operation, then 10 ms of its
 * anchor, 100 times per round, in one JVM, after two warm-up rounds; prints each pair's ratio
 * (anchor time per operation ÷ the SDK's, so 0.9 means the SDK takes 1/0.9 of the anchor's
 * time). JMH runs one benchmark after another, and on a shared machine whose speed changes in
 * phases of seconds, a phase that hits one of a pair but not the other moves a JMH ratio by
 * 10–30%; alternating every 10 ms puts both under the same phases. Same setup, operations and
 * anchors as {@link SealBenchmark}; complements it rather than replacing it.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.ukey.bench.SealPaired
 * [ROUNDS]} (default 3 measured rounds).
 */
public final class SealPaired {
  private static final long SLICE_NANOS = 10_000_000;
  private static final int SLICES = 100;
  private static final int WARM_UP_ROUNDS = 2;
  /** Keeps results reachable so that no operation is optimized away. */
  private static volatile Object sink;

  private SealPaired() {}

  @FunctionalInterface
  private interface Op {
    Object run() throws Exception;
  }

  /**
   * Runs the rounds and prints one line per round.
   *
   * @param args optional number of measured rounds
   * @throws Exception if the benchmark's setup or an operation fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    SealBenchmark b = new SealBenchmark();
    b.setUp();
    String[] names = {"stamp", "verifyCached", "verifyCold"};
    Op[][] pairs = {
        {b::stamp_ukey, b::stamp_rawSm2Sign},
        {b::verifyCached_ukey, b::verifyCached_rawSm2Verify},
        {b::verifyCold_ukey, b::verifyCold_rawSm2Verify}};
    System.out.println("round  operation     SDK µs/op  anchor µs/op  SDK ÷ anchor (speed)");
    for (int r = 1 - WARM_UP_ROUNDS; r <= rounds; r++) {
      for (int p = 0; p < pairs.length; p++) {
        long[] nanos = new long[2];
        long[] ops = new long[2];
        for (int slice = 0; slice < SLICES; slice++) {
          for (int side = 0; side < 2; side++) {
            long start = System.nanoTime();
            long end;
            do {
              sink = pairs[p][side].run();
              ops[side]++;
            } while ((end = System.nanoTime()) - start < SLICE_NANOS);
            nanos[side] += end - start;
          }
        }
        double sdk = nanos[0] / 1e3 / ops[0];
        double anchor = nanos[1] / 1e3 / ops[1];
        System.out.printf(Locale.ROOT, "%-6s %-13s %9.1f  %12.1f  %.3f%n",
            r <= 0 ? "warm" : Integer.toString(r), names[p], sdk, anchor, anchor / sdk);
      }
    }
  }
}
