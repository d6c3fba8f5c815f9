package org.ukey.cli;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import org.ukey.api.Session;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.seal.HttpTimeStampClient;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;
import org.ukey.seal.Stamper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey seal stamp}: stamps a document with a seal (签章) and the signer's key on the token,
 * the document streamed (any size). Refuses, before signing, a signer not on the seal's list, a
 * seal or certificate not valid now (GM/T 0031-2014 §6.2.2).
 */
@Command(name = "stamp", description = "Stamp a document with a seal (签章).")
final class SealStampCommand extends VerbCommand {
  @Option(names = "--seal", required = true, paramLabel = "SEAL", description = "Seal file.")
  Path sealFile;

  @Option(names = "--key", required = true, paramLabel = "L",
      description = "Signer's key on the token (its certificate must be on the seal's list).")
  String key;

  @Option(names = "--in", required = true, paramLabel = "DOC", description = "Document.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "SIG", description = "Signature file.")
  Path out;

  @Option(names = "--tsa", paramLabel = "URL",
      description = "RFC 3161 time-stamping authority to stamp the signature value.")
  URI tsa;

  @Option(names = "--property", paramLabel = "TEXT",
      description = "What is signed (propertyInfo; default: the document's file name).")
  String property;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    SESeal seal = SealFiles.seal(sealFile);
    long size = InputFiles.size(in);
    String propertyInfo = property != null ? property : in.getFileName().toString();
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = SealFiles.keyWithCertificate(session, key);
        Signer signer = SealFiles.signerWithCertificate(session, tokenKey);
        Stamper.Builder b = Stamper.builder(seal, signer);
        if (tsa != null) {
          b.timeStampClient(new HttpTimeStampClient(tsa));
        }
        SESSignature sig;
        CliPolicy.Digesting digesting;
        try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
            ukey.environment(), "hashing " + in.getFileName(), size)) {
          digesting = new CliPolicy.Digesting(data);
          sig = b.build().stamp(digesting, propertyInfo);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.SEAL_STAMP, token, tokenKey, e);
          throw e;
        }
        // Recorded before the signature is written: a use that cannot be audited yields none.
        ukey.policy().record(Operation.SEAL_STAMP, token, tokenKey, digesting.digest(),
            AuditOutcome.SUCCEEDED, "ukey seal stamp --seal " + seal.sealInfo().esId()
                + " --key " + key + " --in " + in.getFileName());
        AtomicFiles.write(out, sig.encoded());
        ukey.print(Json.object().put("seal", seal.sealInfo().esId())
                .put("sealName", seal.sealInfo().property().name())
                .put("format", sig.format().standard()).put("key", key)
                .put("in", in.toString()).put("bytesSigned", size).put("out", out.toString())
                .put("signingTime", sig.toSign().signingTime().map(Object::toString)
                    .orElse(null))
                .put("timeStamped", sig.timeStamp().isPresent()),
            "Stamped " + in + " (" + size + " bytes) with seal '"
                + seal.sealInfo().property().name() + "' and key '" + key + "'"
                + (sig.timeStamp().isPresent() ? ", time-stamped by " + tsa : "") + " -> "
                + out);
        return Failures.OK;
      }
    }
  }
}
