package org.ukey.testkit.contract;

import java.lang.management.ManagementFactory;

/** The heap still in use after a full collection: what is reachable, not what is garbage. */
final class LiveHeap {
  private LiveHeap() {}

  /**
   * Collects and reads the used heap, three times, keeping the least: one {@code System.gc()}
   * may leave objects that a finalizer or reference queue frees a moment later.
   *
   * @throws IllegalStateException if the JVM ignores {@code System.gc()}, which makes the
   *     measurement meaningless
   */
  static long usedAfterGc() {
    if (ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains("-XX:+DisableExplicitGC")) {
      throw new IllegalStateException("the heap test needs System.gc(): run the tests without"
          + " -XX:+DisableExplicitGC");
    }
    Runtime runtime = Runtime.getRuntime();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
    }
    return least;
  }
}
