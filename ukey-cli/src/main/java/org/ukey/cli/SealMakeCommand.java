package org.ukey.cli;

import java.nio.file.Path;
import java.util.List;
import org.ukey.api.Session;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.seal.SESeal;
import org.ukey.seal.SealFormat;
import org.ukey.seal.SealKind;
import org.ukey.seal.SealMaker;
import org.ukey.seal.SealSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey seal make}: makes a seal (制章) signed by the seal maker's key on the token.
 * Validity defaults to the span the holder certificates share and may not reach beyond it
 * (seed 003 §10).
 */
@Command(name = "make", description = "Make a seal (制章) signed by the maker's key.")
final class SealMakeCommand extends VerbCommand {
  @Option(names = "--maker-key", required = true, paramLabel = "L",
      description = "The seal maker's key on the token (with its certificate).")
  String makerKey;

  @Option(names = "--holder-cert", required = true, paramLabel = "C",
      description = "Certificate of someone allowed to stamp; repeat for several.")
  List<Path> holderCerts;

  @Option(names = "--name", required = true, paramLabel = "N", description = "Seal name.")
  String name;

  @Option(names = "--type", required = true, paramLabel = "T", description = "Kind: official"
      + " (公章), finance, invoice, contract, legal-representative (法人章), business (业务专用章),"
      + " personal-name (私章/名章), position (职务章), or a number.")
  String type;

  @Option(names = "--esid", required = true, paramLabel = "ID", description = "Seal id (esID).")
  String esId;

  @Option(names = "--image", required = true, paramLabel = "F",
      description = "Seal picture: PNG, JPG, GIF, BMP or OFD.")
  Path image;

  @Option(names = "--width-mm", required = true, paramLabel = "W", description = "Width, mm.")
  int widthMm;

  @Option(names = "--height-mm", required = true, paramLabel = "H", description = "Height, mm.")
  int heightMm;

  @Option(names = "--valid-from", paramLabel = "T",
      description = "Start of validity (default: when all holder certificates are valid).")
  String validFrom;

  @Option(names = "--valid-to", paramLabel = "T",
      description = "End of validity (default: when the first holder certificate expires).")
  String validTo;

  @Option(names = "--version", paramLabel = "4|1", defaultValue = "4",
      description = "4: GB/T 38540-2020 (default); 1: GM/T 0031-2014.")
  int version;

  @Option(names = "--vendor-id", paramLabel = "VID", description = "Vendor id in the header.")
  String vendorId;

  @Option(names = "--out", required = true, paramLabel = "SEAL", description = "Seal file.")
  Path out;

  /**
   * The verb's own help option. The contract's {@code --version 4|1} clashes with the standard
   * {@code -V/--version} that {@code ukey} passes down, and picocli then leaves out the whole
   * inherited pair, {@code -h/--help} with it; without this, {@code --help} failed for want of
   * the required options.
   */
  @Option(names = {"-h", "--help"}, usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    SealSpec.Builder spec = SealSpec.builder().format(format()).esId(esId).name(name);
    try {
      spec.typeCode(Integer.parseInt(type));
    } catch (NumberFormatException notANumber) {
      spec.kind(SealKind.byName(type).orElseThrow(() -> new CliException("unknown --type '"
          + type + "'")));
    }
    for (Path p : holderCerts) {
      spec.holderCertificate(KeyFiles.certificate(p));
    }
    if (validFrom != null || validTo != null) {
      if (validFrom == null || validTo == null) {
        throw new CliException("give both --valid-from and --valid-to, or neither");
      }
      spec.validity(SealFiles.time(validFrom, "--valid-from"),
          SealFiles.time(validTo, "--valid-to"));
    }
    byte[] picture = SmallFiles.read(image, SealFiles.MAX_SEAL_FILE, "seal picture");
    try {
      spec.image(picture, widthMm, heightMm);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + " (" + image + ")");
    }
    SealSpec built;
    try {
      built = spec.build();
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = SealFiles.keyWithCertificate(session, makerKey);
        Signer signer = SealFiles.signerWithCertificate(session, tokenKey);
        SealMaker.Builder maker = SealMaker.builder(signer);
        if (vendorId != null) {
          maker.vendorId(vendorId);
        }
        SESeal seal;
        try {
          seal = maker.build().make(built);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.SIGN, token, tokenKey, e);
          throw e;
        }
        ukey.policy().record(Operation.SIGN, token, tokenKey,
            org.ukey.sm2.Sm3.digest(seal.sealInfo().encoded()), AuditOutcome.SUCCEEDED,
            "ukey seal make --esid " + esId + " (制章)");
        AtomicFiles.write(out, seal.encoded());
        ukey.print(SealViews.seal(seal).put("out", out.toString()),
            "Made " + seal.format().standard() + " seal '" + name + "' (esID " + esId
                + "), valid " + seal.sealInfo().property().validStart() + " to "
                + seal.sealInfo().property().validEnd() + ", " + seal.encoded().length
                + " bytes -> " + out);
        return Failures.OK;
      }
    }
  }

  private SealFormat format() throws CliException {
    switch (version) {
      case 4:
        return SealFormat.GBT_38540_2020;
      case 1:
        return SealFormat.GMT_0031_2014;
      default:
        throw new CliException("--version must be 4 (GB/T 38540-2020) or 1 (GM/T 0031-2014)");
    }
  }
}
