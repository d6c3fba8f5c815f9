package org.ukey.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.sm2.pki.Certificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ukey cert import --label L CERT}: stores a certificate with a key on the token (the
 * certificate a CA issued for the key's CSR). The token refuses a certificate whose public key
 * is not the key's.
 */
@Command(name = "import", description = "Store a certificate with a key on the token.")
final class CertImportCommand extends VerbCommand {
  @Option(names = "--label", required = true, paramLabel = "LABEL", description = "Key label.")
  String label;

  @Parameters(index = "0", paramLabel = "CERT", description = "Certificate, PEM or DER.")
  Path file;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    X509Certificate cert = Certificates.parse(
        SmallFiles.read(file, SmallFiles.MAX_KEY_FILE, "certificate"));
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey key = session.importCertificate(session.key(label), cert);
        ukey.print(Json.object().put("label", key.label())
                .put("subject", JsonViews.dn(cert.getSubjectX500Principal()))
                .put("notAfter", cert.getNotAfter().toInstant().toString()),
            "Stored certificate " + JsonViews.dn(cert.getSubjectX500Principal()) + " with key '"
                + key.label() + "'");
        return Failures.OK;
      }
    }
  }
}
