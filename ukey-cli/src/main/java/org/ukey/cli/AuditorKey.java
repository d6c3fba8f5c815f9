package org.ukey.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Verifier;
import org.ukey.sm2.SoftVerifiers;
import picocli.CommandLine.Option;

/** The options naming the auditor's key that checkpoint signatures are checked with. */
final class AuditorKey {
  @Option(names = "--auditor-public", paramLabel = "PEM",
      description = "The auditor's public key: checkpoint signatures are verified with it.")
  Path publicKey;

  @Option(names = "--auditor-cert", paramLabel = "CERT",
      description = "The auditor's certificate: checkpoint signatures are verified with it.")
  Path certificate;

  /** The verifier, or {@code null} when no auditor key was given. */
  Verifier verifier() throws Exception {
    if (publicKey != null && certificate != null) {
      throw new CliException("--auditor-public and --auditor-cert both name the auditor; use one");
    }
    PublicKey key = publicKey != null ? KeyFiles.publicKey(publicKey)
        : certificate != null ? KeyFiles.publicKeyOf(KeyFiles.certificate(certificate)) : null;
    if (key == null) {
      return null;
    }
    KeyType type = org.ukey.sm2.SoftKeys.specOf(key).type();
    SignatureAlgorithm alg = type == KeyType.SM2 ? SignatureAlgorithm.SM3_WITH_SM2
        : type == KeyType.RSA ? SignatureAlgorithm.SHA256_WITH_RSA
        : SignatureAlgorithm.SHA256_WITH_ECDSA;
    return SoftVerifiers.create(key, alg);
  }
}
