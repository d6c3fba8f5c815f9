package org.ukey.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;
import org.ukey.seal.SealKind;
import org.ukey.seal.SealMaker;
import org.ukey.seal.SealSpec;
import org.ukey.seal.SealVerifier;
import org.ukey.seal.Stamper;
import org.ukey.seal.VerificationReport;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * Seal stamping and verification against the raw SM2 operations they are built on, over the
 * same 1 KiB document and the same soft SM2 key. A stamp hashes the document, builds
 * {@code TBS_Sign} around the seal and signs it; a verification checks the signer's signature
 * and, unless the seal's check is cached, the maker's. The seal carries a small picture, so
 * {@code TBS_Sign} is about 1.5 KiB: the cost measured is the SDK's, not the picture's hashing.
 * Goals: stamp ≥ 0.9× raw sign; verify ≥ 0.45× raw verify with a cold seal, ≥ 0.9× cached.
 */
@Describe("Seals (GB/T 38540): stamp and verify a 1 KiB document with a soft SM2 key")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealBenchmark {
  /** A 1x1 PNG. */
  private static final byte[] PNG = org.bouncycastle.util.encoders.Hex.decode(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
          + "da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082");

  private final byte[] document = new byte[1024];
  private Signer signer;
  private Verifier rawVerifier;
  private byte[] rawSignature;
  private Stamper stamper;
  private SealVerifier cachedVerifier;
  private byte[] sealSignature;

  /**
   * Makes a root, a seal maker and a signer, a seal listing the signer, one stamp and one raw
   * signature of the document.
   *
   * @throws UKeyException if any of it fails
   * @throws IOException never (in-memory streams)
   */
  @Setup
  public void setUp() throws UKeyException, IOException {
    new Random(7).nextBytes(document);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair rootKeys = SoftKeys.generate(KeySpec.sm2());
    Signer root = SoftSigners.create(rootKeys.getPrivate(), rootKeys.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    X509Certificate rootCert = CertificateBuilder.forSubject("CN=Bench Root", rootKeys.getPublic())
        .validity(now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS))
        .certificateAuthority().sign(root);
    KeyPair makerKeys = SoftKeys.generate(KeySpec.sm2());
    X509Certificate makerCert = CertificateBuilder.forSubject("CN=Seal Maker",
        makerKeys.getPublic()).issuer(rootCert)
        .validity(now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS)).sign(root);
    KeyPair signerKeys = SoftKeys.generate(KeySpec.sm2());
    X509Certificate signerCert = CertificateBuilder.forSubject("CN=Cashier",
        signerKeys.getPublic()).issuer(rootCert)
        .validity(now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS)).sign(root);
    Signer maker = SoftSigners.create(makerKeys.getPrivate(), makerKeys.getPublic(), makerCert,
        SignatureAlgorithm.SM3_WITH_SM2);
    signer = SoftSigners.create(signerKeys.getPrivate(), signerKeys.getPublic(), signerCert,
        SignatureAlgorithm.SM3_WITH_SM2);
    SESeal seal = SealMaker.builder(maker).build().make(SealSpec.builder().esId("1")
        .kind(SealKind.BUSINESS).name("业务专用章").holderCertificate(signerCert)
        .image(PNG, 40, 40).build());
    stamper = Stamper.builder(seal, signer).build();
    sealSignature = stamper.stamp(new ByteArrayInputStream(document), "doc").encoded();
    rawVerifier = SoftVerifiers.create(signerKeys.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    rawSignature = signer.sign(document);
    cachedVerifier = SealVerifier.builder().trustAnchors(List.of(rootCert)).build();
    if (!cachedVerifier.verify(sealSignature, new ByteArrayInputStream(document)).isValid()) {
      throw new IllegalStateException("the benchmark's stamp does not verify");
    }
  }

  /**
   * Stamps the document.
   *
   * @return the signature
   * @throws UKeyException never
   * @throws IOException never
   */
  @Benchmark
  @Describe("ukey Stamper (hash document, build TBS_Sign, sign)")
  public SESSignature stamp_ukey() throws UKeyException, IOException {
    return stamper.stamp(new ByteArrayInputStream(document), "doc");
  }

  /**
   * Raw SM2 signature of the same document: the anchor of stamping.
   *
   * @return the signature
   * @throws UKeyException never
   */
  @Benchmark
  @Describe("raw SM2 sign of the document (SoftSigners)")
  public byte[] stamp_rawSm2Sign() throws UKeyException {
    return signer.sign(document);
  }

  /**
   * Verifies the stamp with a verifier that has checked this seal before.
   *
   * @return the report
   * @throws IOException never
   */
  @Benchmark
  @Describe("ukey SealVerifier, seal check cached (chain to the root checked)")
  public VerificationReport verifyCached_ukey() throws IOException {
    return cachedVerifier.verify(sealSignature, new ByteArrayInputStream(document));
  }

  /**
   * Raw SM2 verification of the same document: the anchor of seal verification.
   *
   * @return the signature checked
   * @throws SignatureVerificationException never
   */
  @Benchmark
  @Describe("raw SM2 verify of the document (SoftVerifiers)")
  public byte[] verifyCached_rawSm2Verify() throws SignatureVerificationException {
    rawVerifier.verify(document, rawSignature);
    return rawSignature;
  }

  /**
   * Verifies the stamp with a fresh verifier: the maker's signature is checked too.
   *
   * @return the report
   * @throws IOException never
   */
  @Benchmark
  @Describe("ukey SealVerifier, new verifier (maker signature checked too, no chain)")
  public VerificationReport verifyCold_ukey() throws IOException {
    return SealVerifier.builder().build().verify(sealSignature,
        new ByteArrayInputStream(document));
  }

  /**
   * Raw SM2 verification of the same document: the anchor of cold seal verification.
   *
   * @return the signature checked
   * @throws SignatureVerificationException never
   */
  @Benchmark
  @Describe("raw SM2 verify of the document (SoftVerifiers)")
  public byte[] verifyCold_rawSm2Verify() throws SignatureVerificationException {
    rawVerifier.verify(document, rawSignature);
    return rawSignature;
  }
}
