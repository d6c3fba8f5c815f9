package org.ukey.sm2.pki;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.ukey.api.InvalidEncodingException;

/**
 * Caps the work a password-protected file can demand before its password is even tried: the
 * iteration count of PBKDF2, PKCS#12 PBE and MAC, and PKCS#5 v1.5 PBE, and scrypt's cost. A
 * hostile file with 2^31 iterations would otherwise hang the reader for hours.
 *
 * <p>The limits are far above what tools write (OpenSSL 3 and keytool: 2,048 to 10,000;
 * OWASP's 2023 advice for PBKDF2-HMAC-SHA256: 600,000).
 */
final class PbeLimits {
  /** PBKDF2 and PKCS#12 iterations accepted: a few seconds of work at most. */
  static final int MAX_ITERATIONS = 2_000_000;
  /** scrypt N accepted (2^20, 1 GiB with r = 8 would be refused by r × N below). */
  static final long MAX_SCRYPT_N = 1L << 20;
  /** scrypt memory accepted, 128 × r × N bytes: 256 MiB. */
  static final long MAX_SCRYPT_MEMORY = 256L << 20;

  private PbeLimits() {}

  /**
   * Checks a password-based encryption algorithm's parameters.
   *
   * @param id the algorithm identifier
   * @param what the structure, for messages
   * @throws InvalidEncodingException if it asks for more work than the limits allow
   */
  static void check(AlgorithmIdentifier id, String what) throws InvalidEncodingException {
    ASN1ObjectIdentifier oid = id.getAlgorithm();
    try {
      if (oid.equals(PKCSObjectIdentifiers.id_PBES2)) {
        PBES2Parameters p = PBES2Parameters.getInstance(id.getParameters());
        checkKdf(p.getKeyDerivationFunc(), what);
      } else if (oid.on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
        iterations(PKCS12PBEParams.getInstance(id.getParameters()).getIterations(), what);
      } else if (oid.on(PKCSObjectIdentifiers.pkcs_5)) {
        iterations(PBEParameter.getInstance(id.getParameters()).getIterationCount(), what);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(what, -1, "malformed encryption parameters: "
          + e.getMessage(), e);
    }
  }

  private static void checkKdf(org.bouncycastle.asn1.pkcs.KeyDerivationFunc kdf, String what)
      throws InvalidEncodingException {
    if (kdf.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
      iterations(PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount(), what);
    } else if (kdf.getAlgorithm().equals(MiscObjectIdentifiers.id_scrypt)) {
      ScryptParams s = ScryptParams.getInstance(kdf.getParameters());
      BigInteger n = s.getCostParameter();
      BigInteger memory = n.multiply(s.getBlockSize()).multiply(BigInteger.valueOf(128));
      if (n.compareTo(BigInteger.valueOf(MAX_SCRYPT_N)) > 0
          || memory.compareTo(BigInteger.valueOf(MAX_SCRYPT_MEMORY)) > 0) {
        throw new InvalidEncodingException(what, -1, "scrypt cost N=" + n + ", r="
            + s.getBlockSize() + " exceeds the limit (N at most 2^20, 256 MiB)");
      }
    }
  }

  /**
   * Checks an iteration count (PKCS#12 MAC, PBKDF2, PBE).
   *
   * @param count the count
   * @param what the structure, for messages
   * @throws InvalidEncodingException if it exceeds {@link #MAX_ITERATIONS}
   */
  static void iterations(BigInteger count, String what) throws InvalidEncodingException {
    if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
      throw new InvalidEncodingException(what, -1, "iteration count " + count
          + " is outside 1.." + MAX_ITERATIONS);
    }
  }
}
