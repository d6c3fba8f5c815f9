package org.ukey.bench;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;
import org.ukey.seal.SealKind;
import org.ukey.seal.SealMaker;
import org.ukey.seal.SealSpec;
import org.ukey.seal.Stamper;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * Stamping a 1 GiB document streamed through the stamper, against SM3 over the same stream:
 * the stamp must run at ≥ 0.9× the SDK's SM3 throughput in a JVM whose heap is capped at
 * 64 MiB (a stamper that buffered the document would fail with OutOfMemoryError). One operation
 * is 1 GiB, so MiB/s = ops/s × 1024.
 */
@Describe("Seal stamp of a 1 GiB stream, heap capped at 64 MiB (one op = 1 GiB)")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 15)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m"})
@Threads(1)
public class SealStreamBenchmark {
  private static final long SIZE = 1L << 30;
  private static final byte[] PNG = org.bouncycastle.util.encoders.Hex.decode(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
          + "da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082");

  private Stamper stamper;

  /**
   * Makes a self-certified seal and signer.
   *
   * @throws UKeyException if it fails
   */
  @Setup
  public void setUp() throws UKeyException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair keys = SoftKeys.generate(KeySpec.sm2());
    Signer self = SoftSigners.create(keys.getPrivate(), keys.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    X509Certificate cert = CertificateBuilder.forSubject("CN=Bench", keys.getPublic())
        .validity(now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS)).sign(self);
    Signer signer = SoftSigners.create(keys.getPrivate(), keys.getPublic(), cert,
        SignatureAlgorithm.SM3_WITH_SM2);
    SESeal seal = SealMaker.builder(signer).build().make(SealSpec.builder().esId("1")
        .kind(SealKind.OFFICIAL).name("公章").holderCertificate(cert).image(PNG, 40, 40)
        .build());
    stamper = Stamper.builder(seal, signer).build();
  }

  /**
   * Stamps 1 GiB read from a stream.
   *
   * @return the signature
   * @throws IOException never
   * @throws UKeyException never
   */
  @Benchmark
  @Describe("ukey Stamper over a 1 GiB stream")
  public SESSignature stamp1GiB_ukey() throws IOException, UKeyException {
    return stamper.stamp(new LongStream(SIZE), "big.bin");
  }

  /**
   * SM3 over the same 1 GiB stream: the anchor.
   *
   * @return the digest
   * @throws IOException never
   */
  @Benchmark
  @Describe("SM3 over the same 1 GiB stream (org.ukey.sm2.Sm3)")
  public byte[] stamp1GiB_sm3() throws IOException {
    return Sm3.digest(new LongStream(SIZE));
  }

  /**
   * A stream of {@code size} bytes that costs nothing to produce: it leaves the caller's buffer
   * as it is, so the measurement is of hashing alone, the same for both methods.
   */
  static final class LongStream extends InputStream {
    private long left;

    LongStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      left -= n;
      return n;
    }
  }
}
