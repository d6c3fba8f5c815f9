package org.ukey.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ukey.sm2.Sm3;

/**
 * SM3 of 1 MiB and of 1 KiB: the SDK's own engine ({@code Sm3.newDigest()}, {@code *_ukey})
 * against BouncyCastle's {@code SM3Digest} ({@code *_bc}, the anchor), each reused across
 * operations as the SDK's callers do. For 1 MiB, MB/s = ops/s × 1.048576; for 1 KiB, MB/s =
 * ops/s × 0.001024. Goal: {@code hash1m_ukey} at least 1.2× {@code hash1m_bc}.
 */
@Describe("SM3 of 1 MiB and 1 KiB (1 MiB: MB/s = ops/s × 1.048576; 1 KiB: × 0.001024)")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Sm3Benchmark {
  private final byte[] mib = new byte[1 << 20];
  private final byte[] kib = new byte[1 << 10];
  private final byte[] out = new byte[32];

  private Digest ukey;
  private Digest bc;

  @Setup
  public void setup() {
    Random random = new Random(42);
    random.nextBytes(mib);
    random.nextBytes(kib);
    ukey = Sm3.newDigest();
    bc = new SM3Digest();
  }

  @Benchmark
  @Describe("ukey Sm3.newDigest() (GB/T 32905-2016, unrolled)")
  public byte[] hash1m_ukey() {
    return run(ukey, mib);
  }

  @Benchmark
  @Describe("BouncyCastle SM3Digest")
  public byte[] hash1m_bc() {
    return run(bc, mib);
  }

  @Benchmark
  @Describe("ukey Sm3.newDigest() (GB/T 32905-2016, unrolled)")
  public byte[] hash1k_ukey() {
    return run(ukey, kib);
  }

  @Benchmark
  @Describe("BouncyCastle SM3Digest")
  public byte[] hash1k_bc() {
    return run(bc, kib);
  }

  private byte[] run(Digest d, byte[] data) {
    d.update(data, 0, data.length);
    d.doFinal(out, 0);
    return out;
  }
}
