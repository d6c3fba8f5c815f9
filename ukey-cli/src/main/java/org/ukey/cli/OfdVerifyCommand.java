package org.ukey.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ukey.ofd.OfdReport;
import org.ukey.ofd.OfdSignatureResult;
import org.ukey.ofd.OfdVerifier;
import org.ukey.ofd.ReferenceCheck;
import org.ukey.ofd.StampPosition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ukey ofd verify}: verifies every signature of an OFD document. Exit 0 when it is signed
 * and all signatures are valid, 1 when any is invalid (changed files are named) or it is
 * unsigned, 2 when the file cannot be read or is not a safe OFD package. A valid verdict names
 * the checks that were not made (without {@code --trust}: the certificate chains), still with
 * exit 0.
 */
@Command(name = "verify", description = "Verify every signature of an OFD document. Exit 0 all"
    + " valid, 1 any invalid, 2 error.")
final class OfdVerifyCommand extends VerbCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The OFD document.")
  Path file;

  @Option(names = "--trust", paramLabel = "CA.pem",
      description = "Trust anchor for signer, maker and TSA certificates; repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--at", paramLabel = "TIME", description = "Judge as of TIME (default now).")
  String at;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    OfdVerifier.Builder b = OfdVerifier.builder();
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path p : trust) {
      anchors.add(KeyFiles.certificate(p));
    }
    b.trustAnchors(anchors);
    if (at != null) {
      b.clock(Clock.fixed(SealFiles.time(at, "--at"), ZoneOffset.UTC));
    }
    OfdReport report = b.build().verify(file);
    List<Json> signatures = new ArrayList<>();
    for (OfdSignatureResult s : report.signatures()) {
      List<Json> refs = new ArrayList<>();
      for (ReferenceCheck r : s.references()) {
        refs.add(Json.object().put("file", r.file()).put("checkMethod", r.checkMethod())
            .put("outcome", r.outcome().name()).put("detail", r.detail()));
      }
      List<Json> stamps = new ArrayList<>();
      for (StampPosition p : s.stamps()) {
        stamps.add(Json.object().put("page", p.pageIndex() + 1).put("pageId", p.pageId())
            .put("boundary", p.boundary()));
      }
      signatures.add(Json.object().put("id", s.id()).put("type", s.type())
          .put("signature", s.signaturePath()).put("provider", s.provider())
          .put("signatureDateTime", s.signatureDateTime()).put("valid", s.isValid())
          .put("changedFiles", s.changedFiles()).put("signedValue", s.signedValue().name())
          .put("signedValueDetail", s.signedValueDetail())
          .put("sealFile", s.sealFile().name()).put("stamps", stamps).put("references", refs)
          .put("sealReport", s.sealReport().map(SealViews::report).orElse(null)));
    }
    String text = report.describe().stripTrailing();
    if (report.isValid()) {
      text = SealViews.withCaveat(text, SealViews.caveat(report.signatures().stream()
          .flatMap(s -> s.sealReport().stream()).toList(), !trust.isEmpty()));
    }
    ukey.print(Json.object().put("file", file.toString()).put("valid", report.isValid())
        .put("signatures", signatures), text);
    return report.isValid() ? Failures.OK : Failures.INVALID;
  }
}
