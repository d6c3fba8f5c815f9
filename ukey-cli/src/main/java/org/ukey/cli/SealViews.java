package org.ukey.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ukey.api.InvalidEncodingException;
import org.ukey.seal.ExtData;
import org.ukey.seal.FiledSeal;
import org.ukey.seal.SESCertList;
import org.ukey.seal.SESSealInfo;
import org.ukey.seal.SESeal;
import org.ukey.seal.VerificationReport;

/** Seals, reports and filed seals as JSON and text for the seal verbs. */
final class SealViews {
  private SealViews() {}

  static Json seal(SESeal seal) {
    SESSealInfo i = seal.sealInfo();
    List<Json> holders = new ArrayList<>();
    for (SESCertList.Entry e : i.property().certList().entries()) {
      Json h = Json.object().put("kind", e.kind().name());
      if (e.kind() == SESCertList.Entry.Kind.CERTIFICATE) {
        try {
          h.put("subject", SealFiles.subject(KeyFiles.certificate(e.bytes(), "certificate")));
        } catch (InvalidEncodingException unreadable) {
          h.put("subject", null).put("problem", unreadable.getMessage());
        }
      } else if (e.kind() == SESCertList.Entry.Kind.DIGEST) {
        h.put("digestType", e.digestType().orElse("")).put("digest", JsonViews.hex(e.bytes()));
      }
      holders.add(h);
    }
    List<Json> ext = new ArrayList<>();
    for (ExtData e : i.extDatas()) {
      ext.add(Json.object().put("oid", e.oid()).put("critical", e.critical())
          .put("length", e.value().length));
    }
    String maker;
    try {
      maker = SealFiles.subject(KeyFiles.certificate(seal.makerCertificate(), "maker"));
    } catch (InvalidEncodingException e) {
      maker = "unreadable certificate";
    }
    return Json.object()
        .put("format", seal.format().standard())
        .put("headerVersion", i.header().version())
        .put("vendorId", i.header().vendorId())
        .put("esId", i.esId())
        .put("name", i.property().name())
        .put("type", i.property().type())
        .put("created", i.property().createDate().toString())
        .put("validFrom", i.property().validStart().toString())
        .put("validTo", i.property().validEnd().toString())
        .put("maker", maker)
        .put("signatureAlgorithm", seal.signatureAlgorithmOid())
        .put("certListType", i.property().certList().listType())
        .put("holders", holders)
        .put("picture", Json.object().put("type", i.picture().type())
            .put("widthMm", i.picture().widthMm()).put("heightMm", i.picture().heightMm())
            .put("bytes", i.picture().data().length))
        .put("extensions", ext);
  }

  static String sealText(SESeal seal) {
    SESSealInfo i = seal.sealInfo();
    StringBuilder sb = new StringBuilder();
    sb.append(seal.format().standard()).append(" seal, header version ")
        .append(i.header().version()).append(", vendor ").append(i.header().vendorId())
        .append('\n');
    sb.append("  esID:      ").append(i.esId()).append('\n');
    sb.append("  name:      ").append(i.property().name()).append('\n');
    sb.append("  type:      ").append(i.property().type()).append('\n');
    sb.append("  created:   ").append(i.property().createDate()).append('\n');
    sb.append("  valid:     ").append(i.property().validStart()).append(" to ")
        .append(i.property().validEnd()).append('\n');
    sb.append("  maker:     ").append(makerOf(seal)).append('\n');
    for (SESCertList.Entry e : i.property().certList().entries()) {
      sb.append("  holder:    ").append(describe(e)).append('\n');
    }
    sb.append("  picture:   ").append(i.picture().type()).append(", ")
        .append(i.picture().widthMm()).append('x').append(i.picture().heightMm())
        .append(" mm, ").append(i.picture().data().length).append(" bytes");
    for (ExtData e : i.extDatas()) {
      sb.append("\n  extension: ").append(e.oid()).append(e.critical() ? " (critical)" : "")
          .append(", ").append(e.value().length).append(" bytes");
    }
    return sb.toString();
  }

  private static String makerOf(SESeal seal) {
    try {
      return SealFiles.subject(KeyFiles.certificate(seal.makerCertificate(), "maker"));
    } catch (InvalidEncodingException e) {
      return "unreadable certificate";
    }
  }

  private static String describe(SESCertList.Entry e) {
    switch (e.kind()) {
      case CERTIFICATE:
        try {
          return SealFiles.subject(KeyFiles.certificate(e.bytes(), "certificate"));
        } catch (InvalidEncodingException unreadable) {
          return "unreadable certificate";
        }
      case DIGEST:
        return e.digestType().orElse("?") + " digest " + JsonViews.hex(e.bytes());
      default:
        return "non-certificate entry (" + e.bytes().length + " bytes)";
    }
  }

  static Json report(VerificationReport r) {
    List<Json> checks = new ArrayList<>();
    for (VerificationReport.Check c : r.checks()) {
      checks.add(Json.object().put("check", c.id().name()).put("outcome", c.outcome().name())
          .put("detail", c.detail()).put("clause", c.clause()));
    }
    Json facts = Json.object();
    for (Map.Entry<String, String> f : r.facts().entrySet()) {
      facts.put(f.getKey(), f.getValue());
    }
    return Json.object().put("valid", r.isValid()).put("fullyVerified", r.isFullyVerified())
        .put("checks", checks).put("facts", facts);
  }

  /**
   * What a VALID verdict rests on, for the end of its first line: {@code " (signatures only: no
   * --trust; not checked: SIGNER_CERTIFICATE_CHAIN, ...)"}, phrased as {@code cms verify} says
   * it, or empty when every check was made. A valid report may still have left the chains
   * unchecked; the JSON says so in {@code fullyVerified}, and the text must too.
   *
   * @param reports the seal reports behind the verdict
   * @param trustGiven whether {@code --trust} was given
   * @return the caveat with its leading space, or empty
   */
  static String caveat(List<VerificationReport> reports, boolean trustGiven) {
    Set<VerificationReport.CheckId> notChecked = EnumSet.noneOf(VerificationReport.CheckId.class);
    for (VerificationReport r : reports) {
      for (VerificationReport.Check c : r.checks()) {
        if (c.outcome() == VerificationReport.Outcome.NOT_CHECKED) {
          notChecked.add(c.id());
        }
      }
    }
    List<String> parts = new ArrayList<>();
    if (!trustGiven) {
      parts.add("signatures only: no --trust");
    }
    if (!notChecked.isEmpty()) {
      parts.add("not checked: " + String.join(", ", notChecked.stream()
          .map(Enum::name).toList()));
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  /**
   * Puts a caveat at the end of the first line of a text.
   *
   * @param text the text
   * @param caveat what {@link #caveat} gave
   * @return the text with the caveat
   */
  static String withCaveat(String text, String caveat) {
    int eol = text.indexOf('\n');
    return eol < 0 ? text + caveat : text.substring(0, eol) + caveat + text.substring(eol);
  }

  static Json filed(FiledSeal f) {
    return Json.object().put("esId", f.esId()).put("party", f.party().name())
        .put("role", f.party().role().name()).put("state", f.state().name())
        .put("effectiveDate", f.effectiveDate().toString())
        .put("filingDate", f.filingDate().toString()).put("copies", f.copies())
        .put("handedOverBy", f.handedOverBy()).put("receivedBy", f.receivedBy())
        .put("note", f.note());
  }
}
