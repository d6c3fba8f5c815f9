package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.cms.CmsSignerInfo;
import org.ukey.sm2.cms.CmsVerifier;
import org.ukey.sm2.cms.VerifiedSignedData;
import org.ukey.sm2.pki.CertificatePathException;
import org.ukey.sm2.pki.CertificateRevocationList;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.ChainValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey cms verify --in P7 [--content F] [--trust CA]}: checks every signature of a CMS
 * SignedData (GM/T 0010 or RFC 5652 OIDs, from the SDK, OpenSSL or GM producers). Exit 0 valid,
 * 1 invalid (a signature, digest or, with {@code --trust}, the signer's chain does not check), 2
 * when the check could not run (unreadable or malformed input, a detached SignedData without
 * {@code --content}, or {@code --content} for one that carries its own).
 *
 * <p>Without {@code --trust} only the signatures are checked: the result says who signed, not
 * whether to trust them.
 */
@Command(name = "verify", description = "Verify CMS SignedData. Exit 0 valid, 1 invalid,"
    + " 2 error.")
final class CmsVerifyCommand extends VerbCommand {
  @Option(names = "--in", required = true, paramLabel = "P7",
      description = "SignedData, DER or PEM.")
  Path in;

  @Option(names = "--content", paramLabel = "FILE",
      description = "The signed file, for a detached SignedData.")
  Path content;

  @Option(names = "--trust", paramLabel = "CA",
      description = "Trust anchors (PEM bundle or DER); validates each signer's chain.")
  Path trust;

  @Option(names = "--crl", paramLabel = "CRL",
      description = "CRLs to check revocation with (with --trust); repeatable.")
  List<Path> crls = new ArrayList<>();

  @Option(names = "--at", paramLabel = "TIME",
      description = "Validate the chain at this instant (ISO-8601) instead of now.")
  String at;

  @Option(names = "--id", paramLabel = "USERID",
      description = "SM2 user ID of the signers (default 1234567812345678).")
  String id;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the attached content here once verified.")
  Path out;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    byte[] p7 = Pkcs7Files.read(in);
    CmsVerifier.Builder b = CmsVerifier.builder();
    if (id != null) {
      b.sm2UserId(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (trust != null) {
      List<X509Certificate> anchors = Certificates.parseAll(
          SmallFiles.read(trust, SmallFiles.MAX_KEY_FILE, "trust anchor file"));
      if (anchors.isEmpty()) {
        throw new CliException(trust + ": no certificate to trust");
      }
      List<CertificateRevocationList> lists = new ArrayList<>();
      for (Path c : crls) {
        lists.add(CertificateRevocationList.parse(SmallFiles.read(c, 64 << 20, "CRL")));
      }
      b.chainValidator(ChainValidator.builder().trustAnchors(anchors).crls(lists).build());
      if (at != null) {
        b.clock(java.time.Clock.fixed(parseInstant(at), java.time.ZoneOffset.UTC));
      }
    } else if (!crls.isEmpty() || at != null) {
      throw new CliException("--crl and --at need --trust");
    }
    CmsVerifier verifier = b.build();
    Json doc = Json.object().put("in", in.toString());
    VerifiedSignedData v;
    try {
      if (content != null) {
        try (InputStream data = ProgressInputStream.wrap(InputFiles.open(content),
            ukey.environment(), "hashing " + content.getFileName(), InputFiles.size(content))) {
          v = verifier.verify(p7, data);
        }
      } else {
        v = verifier.verify(p7);
      }
    } catch (SignatureVerificationException | CertificatePathException e) {
      refuseContentMismatch(p7);
      doc.put("valid", false).put("reason", Failures.oneLine(e.getMessage()));
      ukey.print(doc, "SignedData INVALID: " + in + ": " + Failures.oneLine(e.getMessage()));
      return Failures.INVALID;
    }
    List<Json> signers = new ArrayList<>();
    StringBuilder text = new StringBuilder("SignedData valid: " + in + " ("
        + (v.profile() == org.ukey.sm2.cms.CmsProfile.GM_T_0010 ? "GM/T 0010" : "RFC 5652")
        + (trust != null ? ", chain trusted" : ", signatures only: no --trust") + ")");
    for (CmsSignerInfo s : v.signers()) {
      signers.add(Json.object()
          .put("subject", JsonViews.dn(s.certificate().getSubjectX500Principal()))
          .put("serial", s.certificate().getSerialNumber().toString(16))
          .put("algorithm", s.algorithm().cliName())
          .put("signingTime", s.signingTime().map(Instant::toString).orElse(null)));
      text.append("\n  signer: ").append(JsonViews.dn(s.certificate().getSubjectX500Principal()))
          .append(" (").append(s.algorithm().cliName())
          .append(s.signingTime().map(t -> ", signed " + t).orElse("")).append(')');
    }
    if (out != null) {
      byte[] attached = v.content().orElseThrow(() -> new CliException(
          "--out: the SignedData is detached; it has no content to write"));
      try (PrivateOutputFile f = PrivateOutputFile.create(out)) {
        f.stream().write(attached);
        f.commit();
      }
    }
    doc.put("valid", true).put("profile", v.profile() == org.ukey.sm2.cms.CmsProfile.GM_T_0010
            ? "gm" : "rfc5652")
        .put("trusted", trust != null).put("detached", v.content().isEmpty())
        .put("signers", signers);
    ukey.print(doc, text.toString());
    return Failures.OK;
  }

  /**
   * A missing {@code --content} for a detached SignedData, or one given for a SignedData that
   * carries its own, is a usage error (exit 2), not an invalid signature: the verifier refuses
   * both before checking anything. Asked only once verification failed, so a valid SignedData
   * is not parsed twice.
   */
  private void refuseContentMismatch(byte[] p7) throws CliException {
    Boolean detached = Pkcs7Files.detached(p7);
    if (detached == null) {
      return;
    }
    if (detached && content == null) {
      throw new CliException(in + " is a detached SignedData: give the signed file with"
          + " --content FILE");
    }
    if (!detached && content != null) {
      throw new CliException(in + " carries its content: leave out --content");
    }
  }

  private static Instant parseInstant(String s) throws CliException {
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CliException("--at " + s + " is not an ISO-8601 instant such as"
          + " 2026-11-22T08:00:00Z");
    }
  }

  /** SignedData files: DER, or PEM labelled PKCS7 / CMS. */
  static final class Pkcs7Files {
    private Pkcs7Files() {}

    static byte[] read(Path p) throws Exception {
      byte[] data = SmallFiles.read(p, 512 << 20, "SignedData");
      if (Pem.isPem(data)) {
        return Pem.decode(data, "SignedData " + p, java.util.Set.of("PKCS7", "CMS"));
      }
      return data;
    }

    /**
     * Whether a SignedData has no encapsulated content.
     *
     * @param p7 a ContentInfo holding a SignedData
     * @return true if detached, false if attached, null if it does not parse as one (the
     *     verifier says what is wrong with it)
     */
    static Boolean detached(byte[] p7) {
      try {
        // ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT SignedData }; SignedData's third
        // field is EncapsulatedContentInfo ::= SEQUENCE { eContentType, [0] eContent OPTIONAL }
        // (RFC 5652 §3, §5.1, §5.2).
        ASN1Sequence contentInfo = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(p7));
        ASN1Sequence signedData = ASN1Sequence.getInstance(ASN1TaggedObject.getInstance(
            contentInfo.getObjectAt(1)).getExplicitBaseObject());
        return ASN1Sequence.getInstance(signedData.getObjectAt(2)).size() < 2;
      } catch (java.io.IOException | RuntimeException notSignedData) {
        return null;
      }
    }
  }
}
