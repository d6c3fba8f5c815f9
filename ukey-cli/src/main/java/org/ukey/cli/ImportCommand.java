package org.ukey.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.pki.KeyAndCertificates;
import org.ukey.sm2.pki.KeyFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ukey import}: stores a private key and its certificate from a PKCS#12 file (legacy
 * RC2-40 ones included) or a PEM file (key, encrypted or not, plus certificates) on the token.
 * The key becomes non-extractable there; the file is not changed.
 */
@Command(name = "import", description = "Import a key (+ certificate) from PKCS#12 or PEM.")
final class ImportCommand extends VerbCommand {
  @Option(names = "--label", required = true, paramLabel = "LABEL",
      description = "Label to give the key on the token.")
  String label;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "PKCS#12 (.p12/.pfx) or PEM file.")
  Path file;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the file's password from environment variable VAR.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the file's password from the first line of FILE.")
  Path passwordFile;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    byte[] data = SmallFiles.read(file, SmallFiles.MAX_KEY_FILE, "key file");
    KeyAndCertificates material;
    char[] password = FilePassword.read(ukey, passwordEnv, passwordFile);
    try {
      material = KeyFileReader.read(data, password);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        X509Certificate cert = material.certificate().orElse(null);
        TokenKey key = session.importKey(material.privateKey(), cert, label);
        String type = SoftKeys.specOf(key.publicKey()).name();
        Json doc = Json.object().put("label", key.label()).put("type", type)
            .put("certificate", cert == null ? null
                : JsonViews.dn(cert.getSubjectX500Principal()))
            .put("otherCertificates", material.otherCertificates().size());
        ukey.print(doc, "Imported " + type + " key '" + key.label() + "'"
            + (cert == null ? " (no certificate)" : " with certificate "
                + JsonViews.dn(cert.getSubjectX500Principal())) + " from " + file);
        return Failures.OK;
      }
    }
  }

  /** The password of a key file, from an option pair; null when neither is given. */
  static final class FilePassword {
    private FilePassword() {}

    static char[] read(UkeyCommand ukey, String env, Path file) throws CliException {
      if (env == null && file == null) {
        return null;
      }
      try (Pin p = PinSource.of("file password", "--password-env", env, "--password-file", file)
          .read(ukey.environment(), "")) {
        return p.toCharArray();
      }
    }
  }
}
