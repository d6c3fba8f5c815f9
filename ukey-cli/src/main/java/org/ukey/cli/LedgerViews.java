package org.ukey.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.LedgerEvent;

/** Ledger records as the CLI prints them: JSON members and text lines. */
final class LedgerViews {
  private LedgerViews() {}

  static Json record(KeyRecord r, boolean withHistory) {
    Json j = Json.object()
        .put("keyNo", r.keyNo().value())
        .put("type", r.purpose().id())
        .put("role", r.role().id())
        .put("holder", r.holder().value())
        .put("state", r.state().name())
        .put("certSerial", r.certSerial().orElse(null))
        .put("token", r.tokenSerial().orElse(null))
        .put("validFrom", date(r.validFrom()))
        .put("validTo", date(r.validTo()))
        .put("issuedAt", time(r.issuedAt()))
        .put("changedAt", time(r.changedAt()))
        .put("returnedAt", time(r.returnedAt()))
        .put("revokedAt", time(r.revokedAt()))
        .put("destroyedAt", time(r.destroyedAt()))
        .put("handoverDue", date(r.handoverDue()))
        .put("pinChangeRequired", r.pinChangeRequired());
    List<Json> handovers = new ArrayList<>();
    for (KeyRecord.Handover h : r.handovers()) {
      handovers.add(Json.object().put("from", h.from().value()).put("to", h.to().value())
          .put("witness", h.witness().value()).put("at", h.at().toString())
          .put("reason", h.reason()));
    }
    j.put("handovers", handovers);
    List<Json> faults = new ArrayList<>();
    for (KeyRecord.Fault f : r.faults()) {
      faults.add(Json.object().put("at", f.at().toString()).put("loss", f.loss())
          .put("description", f.description()).put("reportedBy", f.reportedBy().value()));
    }
    j.put("faults", faults);
    r.destruction().ifPresent(d -> j.put("destruction", Json.object()
        .put("at", d.at().toString()).put("by", d.by().value())
        .put("witness", d.witness() == null ? null : d.witness().value())
        .put("method", d.method())));
    if (withHistory) {
      List<Json> history = new ArrayList<>();
      for (LedgerEvent e : r.history()) {
        Json ev = Json.object().put("seq", e.seq()).put("time", e.time().toString())
            .put("action", e.action().name()).put("actor", e.actor().value());
        e.details().forEach(ev::put);
        history.add(ev);
      }
      j.put("history", history);
    }
    return j;
  }

  static String text(KeyRecord r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Key ").append(r.keyNo()).append(": ").append(r.state()).append('\n');
    line(sb, "type", r.purpose().id());
    line(sb, "role", r.role().id());
    line(sb, "holder", r.holder().value());
    line(sb, "certificate", r.certSerial().orElse("-"));
    line(sb, "token", r.tokenSerial().orElse("-"));
    line(sb, "valid", date(r.validFrom()) + " to " + date(r.validTo()));
    r.handoverDue().ifPresent(d -> line(sb, "handover due", d.toString()));
    if (r.pinChangeRequired()) {
      line(sb, "PIN", "initial or reset PIN not yet changed (seed 000 §11.1)");
    }
    for (KeyRecord.Handover h : r.handovers()) {
      line(sb, "handover", h.at() + " " + h.from() + " -> " + h.to() + " (witness "
          + h.witness() + ")");
    }
    for (KeyRecord.Fault f : r.faults()) {
      line(sb, f.loss() ? "loss" : "fault", f.at() + " " + f.description());
    }
    r.destruction().ifPresent(d -> line(sb, "destroyed", d.at() + " " + d.method()));
    sb.append("  history:\n");
    for (LedgerEvent e : r.history()) {
      sb.append("    ").append(e.time()).append(' ').append(e.action()).append(" by ")
          .append(e.actor()).append(e.detail(LedgerEvent.REASON).map(x -> ": " + x).orElse(""))
          .append('\n');
    }
    return sb.toString().stripTrailing();
  }

  static String table(List<KeyRecord> records) {
    if (records.isEmpty()) {
      return "No keys.";
    }
    TextTable t = new TextTable("KEY NO", "TYPE", "ROLE", "HOLDER", "STATE", "VALID TO");
    for (KeyRecord r : records) {
      t.row(r.keyNo().value(), r.purpose().id(), r.role().id(), r.holder().value(),
          r.state().name(), date(r.validTo()));
    }
    return t.toString();
  }

  static Json list(List<KeyRecord> records) {
    List<Json> keys = new ArrayList<>();
    for (KeyRecord r : records) {
      keys.add(record(r, false));
    }
    return Json.object().put("keys", keys);
  }

  private static void line(StringBuilder sb, String name, String value) {
    sb.append("  ").append(name).append(": ").append(value).append('\n');
  }

  private static String date(Optional<LocalDate> d) {
    return d.map(LocalDate::toString).orElse(null);
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
