package org.ukey.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;

/**
 * {@code --alg} and {@code --id} of {@code sign} and {@code verify}, checked against the key.
 *
 * <p>Without {@code --alg} a key signs with its spec's default (SM3withSM2 for SM2,
 * SHA256withRSA for RSA, SHA256/384withECDSA by curve). {@code --id} is the SM2 user ID
 * (GM/T 0009-2012 §8.1: part of Z, so a signature made with one ID verifies only with the same
 * one), taken as UTF-8; without it SM2 uses the default {@code 1234567812345678}.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class AlgorithmChoice {
  private AlgorithmChoice() {}

  /**
   * The algorithm for a key.
   *
   * @param alg the {@code --alg} value, or {@code null}
   * @param userId the {@code --id} value, or {@code null}
   * @param keySpec the key's spec
   * @return the algorithm with its parameters
   * @throws CliException if the name is unknown, does not suit the key, or the ID is misused
   */
  static SignatureAlgorithm resolve(String alg, String userId, KeySpec keySpec)
      throws CliException {
    SignatureAlgorithm algorithm;
    if (alg == null) {
      algorithm = keySpec.defaultSignatureAlgorithm();
    } else {
      algorithm = SignatureAlgorithm.byName(alg).orElseThrow(() -> new CliException(
          "unknown --alg '" + alg + "'; known: " + String.join(", ", names())));
      if (algorithm.keyType() != keySpec.type()) {
        throw new CliException("--alg " + algorithm.cliName() + " needs " + article(
            algorithm.keyType()) + " key; this key is " + keySpec.name());
      }
    }
    if (userId != null) {
      if (algorithm.keyType() != KeyType.SM2) {
        throw new CliException("--id is the SM2 user ID; " + algorithm.cliName()
            + " takes none");
      }
      byte[] id = userId.getBytes(StandardCharsets.UTF_8);
      if (id.length > SignatureAlgorithm.MAX_SM2_USER_ID_LENGTH) {
        throw new CliException("--id is " + id.length + " bytes; the SM2 user ID must be"
            + " shorter than 8192 bytes (GM/T 0009-2012 §8.1)");
      }
      algorithm = algorithm.withSm2UserId(id);
    }
    return algorithm;
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      names.add(a.cliName());
    }
    return names;
  }

  private static String article(KeyType type) {
    switch (type) {
      case SM2:
        return "an SM2";
      case RSA:
        return "an RSA";
      default:
        return "an EC";
    }
  }
}
