package org.ukey.cli;

import java.net.URI;
import java.nio.file.Path;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.ofd.OfdStamper;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.seal.HttpTimeStampClient;
import org.ukey.seal.SESeal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey ofd sign}: stamps an OFD document with a seal and the signer's key on the token,
 * at a position on a page (or centred on a keyword), and writes the signed document atomically.
 */
@Command(name = "sign", description = "Stamp an OFD document with a seal (签章).")
final class OfdSignCommand extends VerbCommand {
  @Option(names = "--seal", required = true, paramLabel = "SEAL", description = "Seal file.")
  Path sealFile;

  @Option(names = "--key", required = true, paramLabel = "L",
      description = "Signer's key on the token (its certificate must be on the seal's list).")
  String key;

  @Option(names = "--page", required = true, paramLabel = "N", description = "Page, from 1.")
  int page;

  @Option(names = "--x", paramLabel = "MM", description = "From the page's left edge, mm.")
  Double x;

  @Option(names = "--y", paramLabel = "MM", description = "From the page's top edge, mm.")
  Double y;

  @Option(names = "--keyword", paramLabel = "TEXT",
      description = "Centre the stamp on the first text of the page containing TEXT"
          + " (instead of --x/--y).")
  String keyword;

  @Option(names = "--width-mm", paramLabel = "W", description = "Stamp width (default: the"
      + " seal picture's).")
  Double widthMm;

  @Option(names = "--height-mm", paramLabel = "H", description = "Stamp height.")
  Double heightMm;

  @Option(names = "--tsa", paramLabel = "URL", description = "RFC 3161 time-stamping authority.")
  URI tsa;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "OFD to stamp.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "SIGNED", description = "Output.")
  Path out;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    OfdStamper.Placement placement = placement();
    SESeal seal = SealFiles.seal(sealFile);
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = SealFiles.keyWithCertificate(session, key);
        OfdStamper.Builder b = OfdStamper.builder(seal,
            SealFiles.signerWithCertificate(session, tokenKey));
        if (tsa != null) {
          b.timeStampClient(new HttpTimeStampClient(tsa));
        }
        try {
          b.build().stamp(in, out, placement);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.SEAL_STAMP, token, tokenKey, e);
          throw e;
        }
        byte[] digest;
        try (java.io.InputStream signed = java.nio.file.Files.newInputStream(out)) {
          digest = org.ukey.sm2.Sm3.digest(signed);
        }
        ukey.policy().record(Operation.SEAL_STAMP, token, tokenKey, digest,
            AuditOutcome.SUCCEEDED, "ukey ofd sign --seal " + seal.sealInfo().esId() + " --in "
                + in.getFileName());
        ukey.print(Json.object().put("in", in.toString()).put("out", out.toString())
                .put("seal", seal.sealInfo().esId()).put("page", page).put("key", key),
            "Stamped " + in + " with seal '" + seal.sealInfo().property().name() + "' on page "
                + page + " -> " + out);
        return Failures.OK;
      }
    }
  }

  private OfdStamper.Placement placement() throws CliException {
    OfdStamper.Placement p;
    try {
      if (keyword != null) {
        if (x != null || y != null) {
          throw new CliException("give --keyword or --x/--y, not both");
        }
        p = OfdStamper.Placement.nearKeyword(page, keyword);
      } else {
        if (x == null || y == null) {
          throw new CliException("give --x MM and --y MM (or --keyword TEXT)");
        }
        p = OfdStamper.Placement.at(page, x, y);
      }
      if (widthMm != null || heightMm != null) {
        if (widthMm == null || heightMm == null) {
          throw new CliException("give both --width-mm and --height-mm");
        }
        p = p.size(widthMm, heightMm);
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    return p;
  }
}
