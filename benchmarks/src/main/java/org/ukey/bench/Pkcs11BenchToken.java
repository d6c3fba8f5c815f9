package org.ukey.bench;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * The token the PKCS#11 benchmarks sign with, named by environment variables that
 * {@code benchmarks/run-pkcs11} sets: {@code UKEY_BENCH_LIBRARY}, {@code UKEY_BENCH_TOKEN},
 * {@code UKEY_BENCH_PIN} (a test token's PIN), and {@code SOFTHSM2_CONF} for SoftHSM.
 *
 * <p>Run as a program it prepares the token: an EC P-256 key {@value #EC_KEY} and an RSA-2048
 * key {@value #RSA_KEY}, each with a self-signed certificate (SunPKCS11 shows only keys that
 * have one), and prints the token's slot id.
 */
public final class Pkcs11BenchToken {
  /** Label of the EC P-256 key. */
  public static final String EC_KEY = "bench-ec";
  /** Label of the RSA-2048 key. */
  public static final String RSA_KEY = "bench-rsa";

  private Pkcs11BenchToken() {}

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalStateException(name + " is not set; run benchmarks/run-pkcs11");
    }
    return v;
  }

  static Path library() {
    return Path.of(env("UKEY_BENCH_LIBRARY"));
  }

  static String tokenLabel() {
    return env("UKEY_BENCH_TOKEN");
  }

  static Pin pin() {
    return Pin.of(env("UKEY_BENCH_PIN").toCharArray());
  }

  /**
   * Makes the benchmark keys if they are missing and prints the slot id.
   *
   * @param args none
   * @throws Exception if the token cannot be prepared
   */
  public static void main(String[] args) throws Exception {
    try (Pkcs11Provider p11 = Pkcs11.load(library()); Pin pin = pin()) {
      Pkcs11Token token = p11.token(tokenLabel());
      try (Session s = token.login(pin)) {
        ensure(s, EC_KEY, KeySpec.ecP256());
        ensure(s, RSA_KEY, KeySpec.rsa(2048));
      }
      System.out.println(String.format(Locale.ROOT, "%d", token.slotId()));
    }
  }

  private static void ensure(Session s, String label, KeySpec spec) throws Exception {
    try {
      s.key(label);
    } catch (KeyNotFoundException e) {
      TokenKey key = s.generateKey(spec, label);
      SignatureAlgorithm alg = spec.defaultSignatureAlgorithm();
      s.importCertificate(key, CertificateBuilder.forSubject("CN=" + label, key.publicKey())
          .serialNumber(BigInteger.ONE)
          .validity(Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2036-01-01T00:00:00Z"))
          .sign(s.signer(key, alg)));
    }
  }
}
