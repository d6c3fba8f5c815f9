package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ukey.seal.FileSealRegistry;
import org.ukey.seal.SealVerifier;
import org.ukey.seal.VerificationReport;
import org.ukey.sm2.pki.CertificateRevocationList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey seal verify}: verifies a seal signature over a document (验章) and prints every
 * check (GM/T 0031-2014 §6.1.2, §6.2.3). Exit 0 valid, 1 invalid, 2 error. With {@code --json}
 * the whole report. A valid verdict names the checks that were not made (without
 * {@code --trust}: the certificate chains), still with exit 0.
 */
@Command(name = "verify", description = "Verify a seal signature (验章). Exit 0 valid,"
    + " 1 invalid, 2 error.")
final class SealVerifyCommand extends VerbCommand {
  @Option(names = "--in", required = true, paramLabel = "DOC", description = "Document.")
  Path in;

  @Option(names = "--sig", required = true, paramLabel = "SIG", description = "Signature.")
  Path sig;

  @Option(names = "--trust", paramLabel = "CA.pem",
      description = "Trust anchor (root CA) for signer, maker and TSA; repeat for several.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--crl", paramLabel = "C", description = "CRL, PEM or DER; repeatable.")
  List<Path> crls = new ArrayList<>();

  @Option(names = "--at", paramLabel = "TIME",
      description = "Judge as of TIME (CRL freshness, and the signing time when the signature"
          + " has none readable); default now.")
  String at;

  @Option(names = "--registry", paramLabel = "DIR",
      description = "Require the seal to equal its copy filed in this registry (seed 002 §6).")
  Path registry;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    byte[] signature = SealFiles.signatureBytes(sig);
    SealVerifier.Builder b = SealVerifier.builder();
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path p : trust) {
      anchors.add(KeyFiles.certificate(p));
    }
    b.trustAnchors(anchors);
    List<CertificateRevocationList> lists = new ArrayList<>();
    for (Path p : crls) {
      lists.add(CertificateRevocationList.parse(SmallFiles.read(p, 64 << 20, "CRL " + p)));
    }
    b.crls(lists);
    Clock clock = Clock.systemUTC();
    if (at != null) {
      clock = Clock.fixed(SealFiles.time(at, "--at"), ZoneOffset.UTC);
      b.clock(clock).assumedSigningTime(clock.instant());
    }
    if (registry != null) {
      if (!Files.isDirectory(registry)) {
        throw new CliException("no seal registry at " + registry);
      }
      b.registry(FileSealRegistry.open(registry, clock));
    }
    long size = InputFiles.size(in);
    VerificationReport report;
    try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
        ukey.environment(), "hashing " + in.getFileName(), size)) {
      report = b.build().verify(signature, data);
    }
    String text = report.describe().stripTrailing();
    if (report.isValid()) {
      text = SealViews.withCaveat(text, SealViews.caveat(List.of(report), !trust.isEmpty()));
    }
    ukey.print(SealViews.report(report).put("in", in.toString()).put("sig", sig.toString()),
        text);
    return report.isValid() ? Failures.OK : Failures.INVALID;
  }
}
