package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.api.Verifier;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftVerifiers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey verify}: checks a signature over a file. Exit 0 valid, 1 invalid (including a
 * signature file that is neither DER nor raw {@code r‖s}), 2 when the check could not run.
 *
 * <p>The public key comes from a key on the token ({@code --key}, which needs the PIN because
 * keys are listed inside a session), a certificate ({@code --cert}) or a public key file
 * ({@code --public}); verification itself always runs in software over that public key.
 */
@Command(name = "verify", description = "Verify a signature over a file. Exit 0 valid,"
    + " 1 invalid, 2 error.")
final class VerifyCommand extends VerbCommand {
  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource source;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Signed file.")
  Path in;

  @Option(names = "--sig", required = true, paramLabel = "SIG",
      description = "Signature, DER or raw r||s.")
  Path sig;

  @Option(names = "--alg", paramLabel = "ALG",
      description = "Algorithm (default: the key's usual one).")
  String alg;

  @Option(names = "--id", paramLabel = "USERID",
      description = "SM2 user ID the signer used (default 1234567812345678).")
  String id;

  /** Exactly one of the three places a public key comes from. */
  static final class KeySource {
    @Option(names = "--key", paramLabel = "LABEL", description = "Key on the token.")
    String key;

    @Option(names = "--cert", paramLabel = "CERT", description = "Certificate, PEM or DER.")
    Path cert;

    @Option(names = "--public", paramLabel = "PEM", description = "Public key, PEM or DER.")
    Path publicKey;
  }

  @Override
  int run(UkeyCommand ukey) throws Exception {
    byte[] signature = SmallFiles.read(sig, SmallFiles.MAX_SIGNATURE_FILE, "signature");
    long size = InputFiles.size(in);
    PublicKey key = publicKey(ukey);
    KeySpec spec = SoftKeys.specOf(key);
    SignatureAlgorithm algorithm = AlgorithmChoice.resolve(alg, id, spec);
    Verifier verifier = SoftVerifiers.create(key, algorithm);

    List<String> unreadable = new ArrayList<>();
    List<SignatureEncoding.Reading> readings =
        SignatureEncoding.readings(signature, key, unreadable);
    List<String> mismatches = new ArrayList<>();
    SignatureEncoding.Reading valid = null;
    for (SignatureEncoding.Reading reading : readings) {
      try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
          ukey.environment(), "hashing " + in.getFileName(), size)) {
        verifier.verify(data, reading.der());
        valid = reading;
        break;
      } catch (SignatureVerificationException e) {
        mismatches.add(e.getMessage());
      }
    }
    Json doc = Json.object()
        .put("valid", valid != null)
        .put("algorithm", algorithm.cliName())
        .put("keyType", spec.name())
        .put("in", in.toString())
        .put("sig", sig.toString());
    if (valid != null) {
      doc.put("signatureFormat", valid.encoding().cliName());
      ukey.print(doc, "Signature valid: " + in + " (" + algorithm.cliName() + ", "
          + valid.encoding().cliName() + ")");
      return Failures.OK;
    }
    String reason = readings.isEmpty()
        ? "not a signature: " + String.join(" and ", unreadable)
        : String.join("; ", mismatches);
    doc.put("reason", reason);
    ukey.print(doc, "Signature INVALID: " + in + ": " + reason);
    return Failures.INVALID;
  }

  private PublicKey publicKey(UkeyCommand ukey) throws Exception {
    if (source.cert != null) {
      return KeyFiles.publicKeyOf(KeyFiles.certificate(source.cert));
    }
    if (source.publicKey != null) {
      return KeyFiles.publicKey(source.publicKey);
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        return session.key(source.key).publicKey();
      }
    }
  }
}
