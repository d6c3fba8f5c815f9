package org.ukey.cli;

import java.util.HexFormat;
import java.util.Locale;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.sm2.cipher.Sm4Mode;

/**
 * The {@code --alg} and {@code --format} values of {@code ukey encrypt} and {@code ukey decrypt}:
 * {@code sm2} (with the ciphertext layout {@code asn1}, {@code c1c3c2} or {@code c1c2c3}), or
 * {@code sm4-ecb}, {@code sm4-cbc}, {@code sm4-ctr}, {@code sm4-gcm}.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class CipherChoice {
  private CipherChoice() {}

  /** Whether {@code --alg} names SM2 (else an SM4 mode). */
  static boolean isSm2(String alg) {
    return alg.toLowerCase(Locale.ROOT).equals("sm2");
  }

  static Sm4Mode sm4Mode(String alg) throws CliException {
    return Sm4Mode.byName(alg).orElseThrow(() -> new CliException("--alg " + alg
        + " is not one of sm2, sm4-ecb, sm4-cbc, sm4-ctr, sm4-gcm"));
  }

  static EncryptionAlgorithm sm2Layout(String format) throws CliException {
    switch (format.toLowerCase(Locale.ROOT)) {
      case "asn1":
      case "der":
        return EncryptionAlgorithm.SM2_ASN1;
      case "c1c3c2":
        return EncryptionAlgorithm.SM2_C1C3C2;
      case "c1c2c3":
        return EncryptionAlgorithm.SM2_C1C2C3;
      default:
        throw new CliException("--format " + format + " is not one of asn1 (GM/T 0009, what"
            + " OpenSSL writes), c1c3c2, c1c2c3");
    }
  }

  static String layoutName(EncryptionAlgorithm layout) {
    switch (layout) {
      case SM2_C1C3C2:
        return "c1c3c2";
      case SM2_C1C2C3:
        return "c1c2c3";
      default:
        return "asn1";
    }
  }

  /** Hex from an option, with a clear error naming the option (never echoing a key). */
  static byte[] hex(String value, String option) throws CliException {
    try {
      return HexFormat.of().parseHex(value.strip());
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " is not hexadecimal (an even number of 0-9a-f digits)");
    }
  }
}
