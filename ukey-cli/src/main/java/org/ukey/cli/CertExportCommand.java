package org.ukey.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.sm2.pki.Certificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey cert export --label L [--out F]}: writes a key's certificate as PEM, to a file or
 * stdout. Only the certificate: no command exports a token's private key.
 */
@Command(name = "export", description = "Write a key's certificate as PEM.")
final class CertExportCommand extends VerbCommand {
  @Option(names = "--label", required = true, paramLabel = "LABEL", description = "Key label.")
  String label;

  @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: stdout).")
  Path out;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey key = session.key(label);
        X509Certificate cert = key.certificate().orElseThrow(() -> new CliException("key '"
            + label + "' has no certificate (store one with `ukey cert import`)"));
        String pem = Certificates.toPem(cert);
        if (out == null && !ukey.json) {
          ukey.environment().out().print(pem);
          ukey.environment().out().flush();
          return Failures.OK;
        }
        if (out != null) {
          AtomicFiles.write(out, pem.getBytes(StandardCharsets.US_ASCII));
        }
        ukey.print(Json.object().put("label", label)
                .put("subject", JsonViews.dn(cert.getSubjectX500Principal()))
                .put("out", out == null ? null : out.toString())
                .put("pem", out == null ? pem : null),
            "Wrote the certificate of '" + label + "' to " + out);
        return Failures.OK;
      }
    }
  }
}
