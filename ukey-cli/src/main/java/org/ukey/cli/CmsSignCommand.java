package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.sm2.Sm3;
import org.ukey.api.UKeyException;
import org.ukey.sm2.cms.CmsProfile;
import org.ukey.sm2.cms.CmsSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey cms sign --key L --in F --out P7 [--detached]}: CMS SignedData (DER) signed by a
 * key on the token, with its certificate. SM2 keys write the GM/T 0010 OIDs unless
 * {@code --profile rfc5652}; a detached signature streams the file.
 */
@Command(name = "sign", description = "Make CMS SignedData with a key on the token.")
final class CmsSignCommand extends VerbCommand {
  /** Attached content is held in memory; larger files must be signed detached. */
  static final long MAX_ATTACHED = 256L << 20;

  @Option(names = "--key", required = true, paramLabel = "LABEL", description = "Key label.")
  String key;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Content.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "P7",
      description = "Where to write the SignedData (DER).")
  Path out;

  @Option(names = "--detached", description = "Leave the content out of the SignedData.")
  boolean detached;

  @Option(names = "--alg", paramLabel = "ALG",
      description = "Signature algorithm (default: the key's usual one).")
  String alg;

  @Option(names = "--cms-profile", paramLabel = "gm|rfc5652",
      description = "OIDs: gm (GM/T 0010, default for SM2) or rfc5652 (default otherwise).")
  String cmsProfile;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    long size = InputFiles.size(in);
    if (!detached && size > MAX_ATTACHED) {
      throw new CliException(in + " is larger than 256 MiB; sign it with --detached");
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = session.key(key);
        if (tokenKey.certificate().isEmpty()) {
          throw new CliException("key '" + key + "' has no certificate; CMS names the signer by"
              + " it (store one with `ukey cert import`)");
        }
        SignatureAlgorithm algorithm = AlgorithmChoice.resolve(alg, null, tokenKey.spec());
        Signer signer = session.signer(tokenKey, algorithm);
        CmsSigner.Builder b = CmsSigner.builder(signer);
        if (cmsProfile != null) {
          b.profile(profile(cmsProfile));
        }
        if (detached) {
          b.detached();
        }
        CmsSigner cms = b.build();
        byte[] p7;
        try {
          if (detached) {
            try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
                ukey.environment(), "hashing " + in.getFileName(), size)) {
              p7 = cms.sign(data);
            }
          } else {
            p7 = cms.sign(InputFiles.readAll(in));
          }
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.SIGN, token, tokenKey, e);
          throw e;
        }
        // Recorded before the signature is written: a use that cannot be audited yields none.
        ukey.policy().record(Operation.SIGN, token, tokenKey, Sm3.digest(p7),
            AuditOutcome.SUCCEEDED, "ukey cms sign --key " + key + " --in " + in.getFileName());
        AtomicFiles.write(out, p7);
        String profileName = cms.profile() == CmsProfile.GM_T_0010 ? "gm" : "rfc5652";
        ukey.print(Json.object().put("key", key).put("algorithm", algorithm.cliName())
                .put("profile", profileName).put("detached", detached)
                .put("in", in.toString()).put("out", out.toString())
                .put("length", p7.length),
            "Signed " + in + " with '" + key + "' (" + algorithm.cliName() + ", " + profileName
                + (detached ? ", detached" : "") + ") -> " + out);
        return Failures.OK;
      }
    }
  }

  static CmsProfile profile(String name) throws CliException {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "gm":
      case "gmt0010":
        return CmsProfile.GM_T_0010;
      case "rfc5652":
      case "pkcs7":
        return CmsProfile.RFC_5652;
      default:
        throw new CliException("--cms-profile " + name + " is not gm or rfc5652");
    }
  }
}
