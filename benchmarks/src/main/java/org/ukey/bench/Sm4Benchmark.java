package org.ukey.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.DefaultBufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
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
import org.ukey.sm2.cipher.Sm4Cipher;
import org.ukey.sm2.cipher.Sm4Mode;

/**
 * SM4 encryption of 1 MiB in CBC (PKCS#7), CTR and GCM: the SDK's table-driven SM4
 * ({@code *_ukey}) against BouncyCastle's {@code SM4Engine} in the same modes ({@code *_bc}, the
 * anchors). One operation encrypts 1 MiB, so MB/s = ops/s × 1.048576. Goal: each {@code *_ukey}
 * at least 1.5× its {@code *_bc} anchor.
 */
@Describe("SM4 encryption of 1 MiB (one op = 1 MiB, so MB/s = ops/s × 1.048576)")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Sm4Benchmark {
  private static final int SIZE = 1 << 20;

  private final byte[] key = new byte[16];
  private final byte[] iv = new byte[16];
  private final byte[] nonce = new byte[12];
  private final byte[] plaintext = new byte[SIZE];
  private final byte[] out = new byte[SIZE + 32];

  private long messages;
  private Sm4Cipher ukeyCbc;
  private Sm4Cipher ukeyCtr;
  private Sm4Cipher ukeyGcm;
  private BufferedBlockCipher bcCbc;
  private BufferedBlockCipher bcCtr;
  private GCMModeCipher bcGcm;

  @Setup
  public void setup() {
    Random random = new Random(42);
    random.nextBytes(key);
    random.nextBytes(iv);
    random.nextBytes(nonce);
    random.nextBytes(plaintext);
    ukeyCbc = Sm4Cipher.create(Sm4Mode.CBC, key);
    ukeyCtr = Sm4Cipher.create(Sm4Mode.CTR, key);
    ukeyGcm = Sm4Cipher.create(Sm4Mode.GCM, key);
    bcCbc = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()));
    bcCtr = new DefaultBufferedBlockCipher(SICBlockCipher.newInstance(new SM4Engine()));
    bcGcm = GCMBlockCipher.newInstance(new SM4Engine());
  }

  @Benchmark
  @Describe("ukey Sm4Cipher (table-driven SM4)")
  public byte[] cbc_ukey() {
    return ukeyCbc.encrypt(iv, plaintext);
  }

  @Benchmark
  @Describe("BouncyCastle SM4Engine")
  public byte[] cbc_bc() throws InvalidCipherTextException {
    bcCbc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    return run(bcCbc);
  }

  @Benchmark
  @Describe("ukey Sm4Cipher (table-driven SM4)")
  public byte[] ctr_ukey() {
    return ukeyCtr.encrypt(iv, plaintext);
  }

  @Benchmark
  @Describe("BouncyCastle SM4Engine")
  public byte[] ctr_bc() throws InvalidCipherTextException {
    bcCtr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    return run(bcCtr);
  }

  @Benchmark
  @Describe("ukey Sm4Cipher (table-driven SM4)")
  public byte[] gcm_ukey() {
    return ukeyGcm.encrypt(nextNonce(), plaintext);
  }

  @Benchmark
  @Describe("BouncyCastle SM4Engine")
  public byte[] gcm_bc() throws InvalidCipherTextException {
    // BouncyCastle refuses to encrypt twice under one key and nonce, as it should.
    bcGcm.init(true, new AEADParameters(new KeyParameter(key), 128, nextNonce()));
    int n = bcGcm.processBytes(plaintext, 0, SIZE, out, 0);
    bcGcm.doFinal(out, n);
    return out;
  }

  /** A fresh GCM nonce per message, as real use needs; costs nothing next to 1 MiB. */
  private byte[] nextNonce() {
    messages++;
    for (int i = 0; i < 8; i++) {
      nonce[11 - i] = (byte) (messages >>> (8 * i));
    }
    return nonce;
  }

  private byte[] run(BufferedBlockCipher c) throws InvalidCipherTextException {
    int n = c.processBytes(plaintext, 0, SIZE, out, 0);
    c.doFinal(out, n);
    return out;
  }
}
