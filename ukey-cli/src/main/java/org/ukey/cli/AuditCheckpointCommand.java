package org.ukey.cli;

import org.ukey.api.Session;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.policy.AuditCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey audit checkpoint --key L}: the auditor verifies the trail and signs a checkpoint
 * over its last entry with a key on the token, so that no entry behind it can be changed or cut
 * off unseen (seed 000 §21).
 */
@Command(name = "checkpoint", description = "Verify the trail and sign a checkpoint over it"
    + " with the auditor's key.")
final class AuditCheckpointCommand extends VerbCommand {
  @Option(names = "--key", required = true, paramLabel = "L", description = "Auditor key label.")
  String key;

  @Option(names = "--alg", paramLabel = "ALG", description = "Signature algorithm (default: the"
      + " key's usual one).")
  String alg;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey k = session.key(key);
        Signer signer = session.signer(k, AlgorithmChoice.resolve(alg, null, k.spec()));
        AuditCheckpoint cp = ukey.policy().audit().checkpoint(ukey.policy().person(),
            ukey.policy().terminal(), signer);
        ukey.print(Json.object().put("seq", cp.seq()).put("time", cp.time().toString())
                .put("auditor", cp.auditor().value()).put("algorithm", cp.algorithm()),
            "Checkpoint signed over entries 1 to " + cp.seq() + " by " + cp.auditor() + ".");
        return Failures.OK;
      }
    }
  }
}
