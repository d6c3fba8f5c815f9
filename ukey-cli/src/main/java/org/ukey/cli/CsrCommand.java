package org.ukey.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.pki.CertificateRequest;
import org.ukey.sm2.pki.DistinguishedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey csr --key L --subject DN [--out F]}: a PKCS#10 request for a key on the token,
 * signed by that key on the token (SM2 keys: SM3withSM2 with the default user ID, as CAs and
 * {@code openssl req -verify -vfyopt distid:1234567812345678} expect).
 */
@Command(name = "csr", description = "Make a certificate request (PKCS#10) signed by a key.")
final class CsrCommand extends VerbCommand {
  @Option(names = "--key", required = true, paramLabel = "LABEL", description = "Key label.")
  String key;

  @Option(names = "--subject", required = true, paramLabel = "DN",
      description = "Subject, such as \"CN=Zhang San,O=Finance,C=CN\".")
  String subject;

  @Option(names = "--alg", paramLabel = "ALG",
      description = "Signature algorithm (default: the key's usual one).")
  String alg;

  @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: stdout).")
  Path out;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    try {
      DistinguishedNames.parse(subject); // before the PIN is asked for
    } catch (IllegalArgumentException e) {
      throw new CliException("--subject: " + e.getMessage(), e);
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = session.key(key);
        SignatureAlgorithm algorithm = AlgorithmChoice.resolve(alg, null, tokenKey.spec());
        CertificateRequest csr = CertificateRequest.create(subject,
            session.signer(tokenKey, algorithm));
        ukey.policy().record(Operation.SIGN, token, tokenKey, Sm3.digest(csr.encoded()),
            AuditOutcome.SUCCEEDED, "ukey csr --key " + key);
        String pem = csr.toPem();
        if (out == null && !ukey.json) {
          ukey.environment().out().print(pem);
          ukey.environment().out().flush();
          return Failures.OK;
        }
        if (out != null) {
          AtomicFiles.write(out, pem.getBytes(StandardCharsets.US_ASCII));
        }
        ukey.print(Json.object().put("key", key).put("subject", csr.subject())
                .put("algorithm", algorithm.cliName())
                .put("out", out == null ? null : out.toString())
                .put("pem", out == null ? pem : null),
            "Wrote a request for " + csr.subject() + " signed by '" + key + "' ("
                + algorithm.cliName() + ") to " + out);
        return Failures.OK;
      }
    }
  }
}
