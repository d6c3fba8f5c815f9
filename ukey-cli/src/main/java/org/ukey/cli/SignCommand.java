package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey sign}: signs a file with a key on the token. The file is streamed through the
 * signer ({@link Signer#sign(InputStream)}), never read whole, so its size does not matter.
 */
@Command(name = "sign", description = "Sign a file with a key on the token.")
final class SignCommand extends VerbCommand {
  @Option(names = "--key", required = true, paramLabel = "LABEL", description = "Key label.")
  String key;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "File to sign.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "SIG",
      description = "Where to write the signature.")
  Path out;

  @Option(names = "--alg", paramLabel = "ALG", description = "sm3-sm2, sha256-rsa,"
      + " sha256-rsa-pss, sha256-ecdsa, ... (default: the key's usual one).")
  String alg;

  @Option(names = "--id", paramLabel = "USERID",
      description = "SM2 user ID (default 1234567812345678).")
  String id;

  @Option(names = "--format", paramLabel = "der|raw", defaultValue = "der",
      description = "Signature encoding: der (default) or raw r||s for SM2 and ECDSA.")
  String format;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    SignatureEncoding encoding = SignatureEncoding.byCliName(format);
    long size = InputFiles.size(in);
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = session.key(key);
        SignatureAlgorithm algorithm = AlgorithmChoice.resolve(alg, id, tokenKey.spec());
        Signer signer = session.signer(tokenKey, algorithm);
        byte[] der;
        CliPolicy.Digesting digesting;
        try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
            ukey.environment(), "hashing " + in.getFileName(), size)) {
          digesting = new CliPolicy.Digesting(data);
          der = signer.sign(digesting);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.SIGN, token, tokenKey, e);
          throw e;
        }
        // Recorded before the signature is written: a use that cannot be audited yields none.
        ukey.policy().record(Operation.SIGN, token, tokenKey, digesting.digest(),
            AuditOutcome.SUCCEEDED, "ukey sign --key " + key + " --in " + in.getFileName());
        byte[] signature = encoding.fromDer(der, tokenKey.publicKey());
        AtomicFiles.write(out, signature);
        ukey.print(Json.object()
                .put("key", key)
                .put("algorithm", algorithm.cliName())
                .put("format", encoding.cliName())
                .put("in", in.toString())
                .put("bytesSigned", size)
                .put("out", out.toString())
                .put("signatureLength", signature.length),
            "Signed " + in + " (" + size + " bytes) with '" + key + "' (" + algorithm.cliName()
                + ", " + encoding.cliName() + ", " + signature.length + " bytes) -> " + out);
        return Failures.OK;
      }
    }
  }
}
