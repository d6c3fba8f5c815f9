package org.ukey.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.Verifier;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;

/**
 * SM2 sign and verify: the SDK's soft signer and verifier (one instance shared by all threads)
 * against BouncyCastle's {@link SM2Signer} set up three ways, all with the same key, message and
 * user ID. Every signer outputs DER and hashes Z ‖ M with SM3.
 */
@Describe("SM2 with SM3 on sm2p256v1, 64-byte message, ID 1234567812345678, DER output")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm2SignatureBenchmark {
  private static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  private final byte[] message = new byte[64];
  private final SecureRandom random = new SecureRandom();
  private Signer signer;
  private Verifier verifier;
  private byte[] signature;
  private ECPrivateKeyParameters gmPrivate;
  private ECPublicKeyParameters gmPublic;
  private ECPrivateKeyParameters customPrivate;
  private ECPublicKeyParameters customPublic;

  /** BouncyCastle signers initialized once and kept by one thread: its best case. */
  @State(Scope.Thread)
  public static class ReusedBouncyCastle {
    SM2Signer signer;
    SM2Signer verifier;

    /**
     * Initializes the thread's signers.
     *
     * @param b the shared keys
     */
    @Setup
    public void setUp(Sm2SignatureBenchmark b) {
      signer = new SM2Signer();
      signer.init(true, new ParametersWithID(new ParametersWithRandom(b.customPrivate, b.random),
          ID));
      verifier = new SM2Signer();
      verifier.init(false, new ParametersWithID(b.customPublic, ID));
    }
  }

  /**
   * Makes one key, the SDK's signer and verifier over it, and the same key on both of
   * BouncyCastle's curve implementations.
   *
   * @throws UKeyException if the SDK refuses the key
   */
  @Setup
  public void setUp() throws UKeyException {
    random.nextBytes(message);
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    signer = SoftSigners.create(pair.getPrivate(), pair.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    verifier = SoftVerifiers.create(pair.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    signature = signer.sign(message);
    verifier.verify(message, signature);

    java.security.interfaces.ECPrivateKey priv =
        (java.security.interfaces.ECPrivateKey) pair.getPrivate();
    java.security.interfaces.ECPublicKey pub =
        (java.security.interfaces.ECPublicKey) pair.getPublic();
    X9ECParameters gm = GMNamedCurves.getByName("sm2p256v1");
    X9ECParameters custom = CustomNamedCurves.getByName("sm2p256v1");
    ECDomainParameters gmDomain = new ECDomainParameters(gm);
    ECDomainParameters customDomain = new ECDomainParameters(custom);
    gmPrivate = new ECPrivateKeyParameters(priv.getS(), gmDomain);
    gmPublic = new ECPublicKeyParameters(gm.getCurve().createPoint(pub.getW().getAffineX(),
        pub.getW().getAffineY()), gmDomain);
    customPrivate = new ECPrivateKeyParameters(priv.getS(), customDomain);
    customPublic = new ECPublicKeyParameters(custom.getCurve().createPoint(
        pub.getW().getAffineX(), pub.getW().getAffineY()), customDomain);
    if (!bcVerify(gmPublic) || !bcVerify(customPublic)) {
      throw new IllegalStateException("BouncyCastle does not verify the SDK's signature");
    }
  }

  private boolean bcVerify(ECPublicKeyParameters key) {
    SM2Signer s = new SM2Signer();
    s.init(false, new ParametersWithID(key, ID));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  private byte[] bcSign(ECPrivateKeyParameters key) throws CryptoException {
    SM2Signer s = new SM2Signer();
    s.init(true, new ParametersWithID(new ParametersWithRandom(key, random), ID));
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  /**
   * The SDK.
   *
   * @return the signature
   * @throws UKeyException never
   */
  @Benchmark
  @Describe("ukey SoftSigners, one signer shared by all threads")
  public byte[] sign_ukey() throws UKeyException {
    return signer.sign(message);
  }

  /**
   * BouncyCastle as commonly set up.
   *
   * @return the signature
   * @throws CryptoException never
   */
  @Benchmark
  @Describe("BC SM2Signer, GMNamedCurves, new + init per signature")
  public byte[] sign_bcGmNamedCurves() throws CryptoException {
    return bcSign(gmPrivate);
  }

  /**
   * BouncyCastle on its optimized curve.
   *
   * @return the signature
   * @throws CryptoException never
   */
  @Benchmark
  @Describe("BC SM2Signer, CustomNamedCurves, new + init per signature")
  public byte[] sign_bcCustomNamedCurves() throws CryptoException {
    return bcSign(customPrivate);
  }

  /**
   * BouncyCastle's best case: optimized curve, signer initialized once per thread.
   *
   * @param state the thread's signer
   * @return the signature
   * @throws CryptoException never
   */
  @Benchmark
  @Describe("BC SM2Signer, CustomNamedCurves, init once per thread")
  public byte[] sign_bcCustomNamedCurvesReused(ReusedBouncyCastle state) throws CryptoException {
    state.signer.update(message, 0, message.length);
    return state.signer.generateSignature();
  }

  /**
   * The SDK.
   *
   * @return the signature, once verified
   * @throws SignatureVerificationException never
   */
  @Benchmark
  @Describe("ukey SoftVerifiers, one verifier shared by all threads")
  public byte[] verify_ukey() throws SignatureVerificationException {
    verifier.verify(message, signature);
    return signature;
  }

  /**
   * BouncyCastle as commonly set up.
   *
   * @return whether it verified
   */
  @Benchmark
  @Describe("BC SM2Signer, GMNamedCurves, new + init per verification")
  public boolean verify_bcGmNamedCurves() {
    return bcVerify(gmPublic);
  }

  /**
   * BouncyCastle on its optimized curve.
   *
   * @return whether it verified
   */
  @Benchmark
  @Describe("BC SM2Signer, CustomNamedCurves, new + init per verification")
  public boolean verify_bcCustomNamedCurves() {
    return bcVerify(customPublic);
  }

  /**
   * BouncyCastle's best case: optimized curve, verifier initialized once per thread.
   *
   * @param state the thread's verifier
   * @return whether it verified
   */
  @Benchmark
  @Describe("BC SM2Signer, CustomNamedCurves, init once per thread")
  public boolean verify_bcCustomNamedCurvesReused(ReusedBouncyCastle state) {
    state.verifier.update(message, 0, message.length);
    return state.verifier.verifySignature(signature);
  }
}
