package org.ukey.ofd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.UKeyException;
import org.ukey.ofd.internal.OfdPackage;
import org.ukey.ofd.internal.OfdStructure;
import org.ukey.ofd.internal.OfdStructure.Doc;
import org.ukey.ofd.internal.OfdStructure.Reference;
import org.ukey.ofd.internal.OfdStructure.SignatureEntry;
import org.ukey.ofd.internal.OfdStructure.SignatureXml;
import org.ukey.ofd.internal.OfdStructure.StampAnnot;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SealVerifier;
import org.ukey.seal.VerificationReport;
import org.ukey.seal.VerificationReport.Outcome;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.cms.CmsVerifier;
import org.ukey.sm2.cms.VerifiedSignedData;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * Verifies the signatures of an OFD document (GB/T 33190-2016 §18): for each entry of each
 * document's {@code Signatures.xml}, every {@code Reference} of its {@code Signature.xml} (the
 * file's digest with the {@code CheckMethod}: {@code SM3} or {@code 1.2.156.10197.1.401}, and
 * {@code 1.2.156.10197.1.401.2}, SM3 over Z‖file with the signer's key, as iOFD writes it), then
 * the signed value over the exact bytes of {@code Signature.xml}: a seal signature
 * ({@code Type="Seal"}, GM/T 0031 or GB/T 38540) through {@link SealVerifier} — whose document
 * hash check is {@code dataHash} = SM3(Signature.xml) — or a GB/T 35275 SignedData
 * ({@code Type="Sign"}) through {@link CmsVerifier}; and that {@code Seal.esl}, when named, is
 * byte for byte the seal inside the signature.
 *
 * <p>Bad packages (zip bombs, paths escaping the package, XML with a DOCTYPE) are refused with
 * an {@link InvalidEncodingException} before anything is verified.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class OfdVerifier {
  /** SM3 with the signer's Z prefixed, as iOFD names it (GB/T 33560 "SM3 with key"). */
  static final String SM3_WITH_Z = "1.2.156.10197.1.401.2";

  private final SealVerifier sealVerifier;
  private final CmsVerifier cmsVerifier;
  private final OfdLimits limits;

  private OfdVerifier(Builder b) {
    this.sealVerifier = b.seals.build();
    this.cmsVerifier = b.cms.build();
    this.limits = b.limits;
  }

  /**
   * Starts a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies an OFD file.
   *
   * @param file the file
   * @return the report
   * @throws IOException if the file cannot be read
   * @throws InvalidEncodingException if the package or its structure is malformed or unsafe
   */
  public OfdReport verify(Path file) throws IOException, InvalidEncodingException {
    if (Files.size(file) > limits.maxTotalSize()) {
      throw new InvalidEncodingException(file.toString(), -1, "larger than "
          + limits.maxTotalSize() + " bytes");
    }
    return verify(Files.readAllBytes(file));
  }

  /**
   * Verifies an OFD package.
   *
   * @param ofd the package bytes
   * @return the report
   * @throws InvalidEncodingException if the package or its structure is malformed or unsafe
   */
  public OfdReport verify(byte[] ofd) throws InvalidEncodingException {
    OfdPackage pkg = OfdPackage.read(ofd, limits);
    List<OfdSignatureResult> results = new ArrayList<>();
    for (Doc doc : OfdStructure.documents(pkg)) {
      if (doc.signaturesPath().isEmpty()) {
        continue;
      }
      String list = doc.signaturesPath().get();
      if (!pkg.has(list)) {
        throw new InvalidEncodingException(OfdStructure.ROOT, -1, "Signatures " + list
            + " is not in the package");
      }
      for (SignatureEntry e : OfdStructure.signatures(pkg, list)) {
        results.add(verifyOne(pkg, doc, e));
      }
    }
    return new OfdReport(results);
  }

  private OfdSignatureResult verifyOne(OfdPackage pkg, Doc doc, SignatureEntry entry)
      throws InvalidEncodingException {
    SignatureXml sig = OfdStructure.signature(pkg, entry.signaturePath());
    byte[] signatureXml = pkg.get(entry.signaturePath());
    List<StampPosition> stamps = new ArrayList<>();
    for (StampAnnot a : sig.stamps()) {
      int index = doc.pages().stream().filter(p -> p.id().equals(a.pageRef()))
          .mapToInt(OfdStructure.Page::index).findFirst().orElse(-1);
      stamps.add(new StampPosition(index, a.pageRef(), a.boundary()));
    }
    if (!pkg.has(sig.signedValuePath())) {
      return new OfdSignatureResult(entry.id(), entry.type(), entry.signaturePath(),
          sig.provider(), sig.signatureDateTime(), references(pkg, sig, null), Outcome.FAIL,
          "SignedValue " + sig.signedValuePath() + " is not in the package", Optional.empty(),
          Outcome.NOT_CHECKED, stamps);
    }
    byte[] signedValue = pkg.get(sig.signedValuePath());
    Outcome valueOutcome;
    String valueDetail;
    Optional<VerificationReport> sealReport = Optional.empty();
    Outcome sealFile = Outcome.NOT_CHECKED;
    X509Certificate signer = null;
    if ("Sign".equalsIgnoreCase(entry.type())) {
      try {
        VerifiedSignedData v = cms(signedValue, signatureXml);
        signer = v.signers().get(0).certificate();
        valueOutcome = Outcome.PASS;
        valueDetail = "GB/T 35275 SignedData by "
            + DistinguishedNames.format(signer.getSubjectX500Principal())
            + " over Signature.xml verifies";
      } catch (UKeyException e) {
        valueOutcome = Outcome.FAIL;
        valueDetail = "GB/T 35275 SignedData does not verify: " + e.getMessage();
      }
    } else {
      VerificationReport report;
      try {
        report = sealVerifier.verify(signedValue, new ByteArrayInputStream(signatureXml));
      } catch (IOException e) {
        throw new UncheckedIOException("reading an in-memory stream", e);
      }
      sealReport = Optional.of(report);
      valueOutcome = report.isValid() ? Outcome.PASS : Outcome.FAIL;
      valueDetail = report.isValid() ? "the seal signature verifies, dataHash ="
          + " SM3(Signature.xml)" : "the seal signature fails: " + report.failures().stream()
              .map(c -> c.id().name()).toList();
      try {
        SESSignature ses = SESSignature.parse(signedValue);
        signer = Certificates.parse(ses.signerCertificate());
        if (sig.sealPath().isPresent()) {
          sealFile = pkg.has(sig.sealPath().get()) && MessageDigest.isEqual(
              pkg.get(sig.sealPath().get()), ses.seal().encoded()) ? Outcome.PASS : Outcome.FAIL;
        }
      } catch (InvalidEncodingException e) {
        if (sig.sealPath().isPresent()) {
          sealFile = Outcome.FAIL;
        }
      }
    }
    return new OfdSignatureResult(entry.id(), entry.type(), entry.signaturePath(),
        sig.provider(), sig.signatureDateTime(), references(pkg, sig, signer), valueOutcome,
        valueDetail, sealReport, sealFile, stamps);
  }

  /**
   * A GB/T 35275 SignedData: attached content SM3(Signature.xml) (as the Shandong government
   * seal system writes it) or Signature.xml itself, or detached over Signature.xml.
   */
  private VerifiedSignedData cms(byte[] signedValue, byte[] signatureXml) throws UKeyException {
    VerifiedSignedData v;
    try {
      v = cmsVerifier.verify(signedValue);
    } catch (UKeyException attachedFailed) {
      return cmsVerifier.verify(signedValue, signatureXml);
    }
    byte[] content = v.content().orElse(new byte[0]);
    if (!MessageDigest.isEqual(content, org.ukey.sm2.Sm3.digest(signatureXml))
        && !MessageDigest.isEqual(content, signatureXml)) {
      throw new UKeyException("the SignedData covers other content than this Signature.xml"
          + " (neither its bytes nor their SM3)");
    }
    return v;
  }

  private static List<ReferenceCheck> references(OfdPackage pkg, SignatureXml sig,
      X509Certificate signer) throws InvalidEncodingException {
    List<ReferenceCheck> out = new ArrayList<>();
    for (Reference r : sig.references()) {
      if (!pkg.has(r.path())) {
        out.add(new ReferenceCheck(r.path(), sig.checkMethod(), Outcome.FAIL,
            "the file is missing from the package"));
        continue;
      }
      Optional<byte[]> digest = digest(sig.checkMethod(), pkg.get(r.path()), signer);
      if (digest.isEmpty()) {
        out.add(new ReferenceCheck(r.path(), sig.checkMethod(), Outcome.FAIL,
            "CheckMethod '" + sig.checkMethod() + "' is not supported"
                + (SM3_WITH_Z.equals(sig.checkMethod()) ? " without an SM2 signer key" : "")));
      } else if (MessageDigest.isEqual(digest.get(), r.checkValue())) {
        out.add(new ReferenceCheck(r.path(), sig.checkMethod(), Outcome.PASS, "unchanged"));
      } else {
        out.add(new ReferenceCheck(r.path(), sig.checkMethod(), Outcome.FAIL,
            "changed after signing: digest " + Base64.getEncoder().encodeToString(digest.get())
                + ", signed " + Base64.getEncoder().encodeToString(r.checkValue())));
      }
    }
    return out;
  }

  /** The digest of a file by a CheckMethod written as a name or an OID. */
  static Optional<byte[]> digest(String checkMethod, byte[] data, X509Certificate signer) {
    String m = checkMethod.trim().toUpperCase(Locale.ROOT).replace("-", "");
    Digest d;
    switch (m) {
      case "SM3":
      case "1.2.156.10197.1.401":
      case "1.2.156.10197.1.401.1":
        d = Sm3.newDigest();
        break;
      case SM3_WITH_Z:
        if (signer == null || !(signer.getPublicKey() instanceof ECPublicKey)) {
          return Optional.empty();
        }
        // iOFD: SM3(Z ‖ file), Z of the signer's key with the default ID (GM/T 0009 §8.1).
        d = Sm3.newDigest();
        byte[] z;
        try {
          z = Sm2.z(SignatureAlgorithm.defaultSm2UserId(), (ECPublicKey) signer.getPublicKey());
        } catch (IllegalArgumentException notSm2) {
          return Optional.empty();
        }
        d.update(z, 0, z.length);
        break;
      case "SHA256":
      case "2.16.840.1.101.3.4.2.1":
        d = new SHA256Digest();
        break;
      case "SHA1":
      case "1.3.14.3.2.26":
        d = new SHA1Digest();
        break;
      default:
        return Optional.empty();
    }
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return Optional.of(out);
  }

  /** Builds an {@link OfdVerifier}. Not thread-safe. */
  public static final class Builder {
    private final SealVerifier.Builder seals = SealVerifier.builder();
    private final CmsVerifier.Builder cms = CmsVerifier.builder();
    private OfdLimits limits = OfdLimits.DEFAULT;

    private Builder() {}

    /**
     * Trust anchors for the signers', seal makers' and TSAs' certificates; without them chains
     * are not checked (and say so in the reports).
     *
     * @param anchors root CA certificates
     * @return this
     */
    public Builder trustAnchors(List<X509Certificate> anchors) {
      seals.trustAnchors(anchors);
      if (!anchors.isEmpty()) {
        cms.chainValidator(org.ukey.sm2.pki.ChainValidator.builder().trustAnchors(anchors)
            .build()).validateAtSigningTime();
      }
      return this;
    }

    /**
     * The clock for "now" (CRL freshness, and seals judged on their own).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      Objects.requireNonNull(c, "clock");
      seals.clock(c);
      cms.clock(c);
      return this;
    }

    /**
     * Limits on the package (entries, sizes, expansion ratio).
     *
     * @param l the limits
     * @return this
     */
    public Builder limits(OfdLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public OfdVerifier build() {
      return new OfdVerifier(this);
    }
  }
}
