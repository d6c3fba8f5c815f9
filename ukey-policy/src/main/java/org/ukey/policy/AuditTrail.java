package org.ukey.policy;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.Verifier;
import org.ukey.policy.internal.Json;
import org.ukey.sm2.SoftVerifiers;

/**
 * The audit trail (全程留痕, seed 000 §4; seed 003 data-security §18: "建立操作日志，记录使用人员、
 * 时间等信息"): append-only entries chained with SM3, pinned by checkpoints an auditor signs, and
 * exported for the monthly self-check and the spot checks (seed 000 §21).
 *
 * <p>{@link #verify(Verifier)} reads the whole trail and reports every entry edited, deleted,
 * inserted or reordered, and any truncation behind the last signed checkpoint. Entries appended
 * after the last checkpoint can be cut off by someone who can write the store without this being
 * seen; sign checkpoints often (for example at the end of every day, and before every export).
 *
 * <p><b>Thread-safety:</b> thread-safe; the store serialises appends.
 */
public final class AuditTrail {
  private static final int PAGE = 4096;
  private static final int MAX_FINDINGS = 1000;
  private static final HexFormat HEX = HexFormat.of();

  private final PolicyStore store;
  private final Clock clock;

  private AuditTrail(PolicyStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The trail kept in a store.
   *
   * @param store the store
   * @param clock the time source for checkpoints
   * @return the trail
   */
  public static AuditTrail in(PolicyStore store, Clock clock) {
    return new AuditTrail(store, clock);
  }

  /**
   * Appends an event; returns once it is durable.
   *
   * @param event what happened
   * @return the entry, with its place in the chain
   * @throws UKeyException if the store fails (the caller must then refuse what it was recording)
   */
  public AuditEntry record(AuditEvent event) throws UKeyException {
    return store.appendAudit(event);
  }

  /**
   * Verifies the trail, then signs a checkpoint over its last entry and stores it. Refuses to
   * sign a trail that is not intact: an auditor never vouches for tampered entries.
   *
   * @param auditor who signs
   * @param signer the auditor's key
   * @return the checkpoint
   * @throws PolicyViolationException if the trail is not intact or empty
   * @throws UKeyException if verification, signing or the store fails
   */
  public AuditCheckpoint checkpoint(PersonId auditor, Signer signer) throws UKeyException {
    return checkpoint(auditor, null, signer);
  }

  /**
   * Like {@link #checkpoint(PersonId, Signer)}, recording the terminal the auditor signs from in
   * the entry that notes the checkpoint.
   *
   * @param auditor who signs
   * @param terminal the auditor's terminal, or {@code null} if unknown
   * @param signer the auditor's key
   * @return the checkpoint
   * @throws PolicyViolationException if the trail is not intact or empty
   * @throws UKeyException if verification, signing or the store fails
   */
  public AuditCheckpoint checkpoint(PersonId auditor, String terminal, Signer signer)
      throws UKeyException {
    AuditReport report = verify(SoftVerifiers.create(signer.publicKey(), signer.algorithm()));
    if (!report.intact()) {
      throw SeedRules.GUARD_AUDIT.violation("will not sign a checkpoint over a damaged trail: "
          + report);
    }
    if (report.entries() == 0) {
      throw SeedRules.GUARD_AUDIT.violation("the audit trail is empty; nothing to sign");
    }
    List<byte[]> last = store.auditRecords(report.entries() - 1, 1);
    AuditEntry entry = AuditEntry.decode(last.get(0));
    AuditCheckpoint cp = AuditCheckpoint.sign(entry, clock.instant(), auditor, signer);
    store.appendCheckpoint(cp);
    record(new AuditEvent(clock.instant(), auditor, terminal, null, null,
        Operation.AUDIT_CHECKPOINT, null, AuditOutcome.NOTED, null,
        "checkpoint over seq " + entry.seq()));
    return cp;
  }

  /**
   * Reads the whole trail and its checkpoints and reports everything wrong.
   *
   * @param auditor the auditor's verifier for checkpoint signatures, or {@code null} to check
   *     checkpoint hashes only (a forged checkpoint would then pass)
   * @return the report; {@link AuditReport#intact()} when nothing is wrong
   * @throws UKeyException if the store cannot be read at all
   */
  public AuditReport verify(Verifier auditor) throws UKeyException {
    List<AuditFinding> findings = new ArrayList<>();
    List<long[]> seen = new ArrayList<>(); // {position, seq}
    Map<Long, AuditEntry> bySeq = new HashMap<>();
    Map<Long, Integer> count = new HashMap<>();
    Map<Long, List<Long>> positions = new java.util.TreeMap<>();
    long maxSeq = 0;
    long position = 0;
    try {
      for (List<byte[]> page; !(page = store.auditRecords(position, PAGE)).isEmpty(); ) {
        for (byte[] raw : page) {
          try {
            AuditEntry e = AuditEntry.decode(raw);
            if (!e.recordedHashMatches()) {
              add(findings, new AuditFinding(AuditFinding.Kind.EDITED, position, e.seq(),
                  "content does not match its recorded hash"));
            }
            seen.add(new long[] {position, e.seq()});
            bySeq.putIfAbsent(e.seq(), e);
            count.merge(e.seq(), 1, Integer::sum);
            positions.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(position);
            maxSeq = Math.max(maxSeq, e.seq());
          } catch (InvalidEncodingException bad) {
            add(findings, new AuditFinding(AuditFinding.Kind.MALFORMED, position, -1,
                bad.getMessage()));
          }
          position++;
        }
      }
    } catch (InvalidEncodingException damaged) {
      add(findings, new AuditFinding(AuditFinding.Kind.MALFORMED, position, -1,
          "the stored trail is damaged: " + damaged.getMessage()));
    }

    long highest = 0;
    for (long[] s : seen) {
      long seq = s[1];
      if (seq < highest && count.get(seq) == 1) {
        add(findings, new AuditFinding(AuditFinding.Kind.REORDERED, s[0], seq,
            "stored after entry " + highest));
      }
      highest = Math.max(highest, seq);
    }
    for (Map.Entry<Long, List<Long>> c : positions.entrySet()) {
      if (c.getValue().size() > 1) {
        add(findings, new AuditFinding(AuditFinding.Kind.INSERTED, c.getValue().get(1),
            c.getKey(), "entries at stored positions " + c.getValue()
                + " all claim this sequence number; all but one were inserted"));
      }
    }
    for (long s = 1, gapStart = -1; s <= maxSeq + 1; s++) {
      boolean present = s > maxSeq || bySeq.containsKey(s);
      if (!present && gapStart < 0) {
        gapStart = s;
      } else if (present && gapStart > 0) {
        add(findings, new AuditFinding(AuditFinding.Kind.DELETED, -1, gapStart,
            (s - gapStart == 1 ? "entry " + gapStart : "entries " + gapStart + " to " + (s - 1))
                + " missing"));
        gapStart = -1;
      }
    }
    for (AuditEntry e : bySeq.values()) {
      byte[] expectedPrev = e.seq() == 1 ? AuditEntry.GENESIS
          : bySeq.containsKey(e.seq() - 1) ? bySeq.get(e.seq() - 1).hash() : null;
      if (expectedPrev != null && !e.chainsTo(expectedPrev)) {
        add(findings, new AuditFinding(AuditFinding.Kind.EDITED, -1, e.seq(),
            "does not chain to entry " + (e.seq() - 1) + ": one of the two was changed"));
      }
    }

    int checkpoints = 0;
    long lastCheckpoint = 0;
    List<byte[]> rawCheckpoints = store.checkpoints();
    for (int i = 0; i < rawCheckpoints.size(); i++) {
      AuditCheckpoint cp;
      try {
        cp = AuditCheckpoint.decode(rawCheckpoints.get(i));
      } catch (InvalidEncodingException bad) {
        add(findings, new AuditFinding(AuditFinding.Kind.BAD_CHECKPOINT, -1, -1,
            "checkpoint " + (i + 1) + " cannot be read: " + bad.getMessage()));
        continue;
      }
      checkpoints++;
      if (auditor != null) {
        try {
          cp.verifySignature(auditor);
        } catch (SignatureVerificationException bad) {
          add(findings, new AuditFinding(AuditFinding.Kind.BAD_CHECKPOINT, -1, cp.seq(),
              "checkpoint signed " + cp.time() + " by " + cp.auditor()
                  + " does not verify: " + bad.getMessage()));
          continue;
        }
      }
      AuditEntry covered = bySeq.get(cp.seq());
      if (cp.seq() > maxSeq) {
        add(findings, new AuditFinding(AuditFinding.Kind.TRUNCATED, -1, cp.seq(),
            "checkpoint signed " + cp.time() + " covers entries up to " + cp.seq()
                + " but the trail ends at " + maxSeq));
      } else if (covered == null || !covered.hashIs(cp.hash())) {
        add(findings, new AuditFinding(AuditFinding.Kind.EDITED, -1, cp.seq(),
            "entries up to " + cp.seq() + " differ from what the checkpoint signed "
                + cp.time() + " covers"));
      } else {
        lastCheckpoint = Math.max(lastCheckpoint, cp.seq());
      }
    }
    return new AuditReport(position, maxSeq, checkpoints, lastCheckpoint, auditor != null,
        findings);
  }

  private static void add(List<AuditFinding> findings, AuditFinding f) {
    if (findings.size() < MAX_FINDINGS) {
      findings.add(f);
    }
  }

  /**
   * Exports entries recorded in a period, the checkpoints and the verification report, as JSON
   * Lines, for the monthly self-check (财经办每月自查) and spot checks (抽查) of seed 000 §21. Every
   * entry carries its {@code prev} and {@code hash}, so a checker can recompute the chain from the
   * canonical encoding described in {@link AuditEntry}.
   *
   * @param out where to write; not closed
   * @param from first instant included, or {@code null} for the beginning
   * @param to instant excluded, or {@code null} for now
   * @param auditor the auditor's verifier for the report, or {@code null}
   * @return the report of the trail as a whole
   * @throws IOException if writing fails
   * @throws UKeyException if the store fails
   */
  public AuditReport export(Writer out, Instant from, Instant to, Verifier auditor)
      throws IOException, UKeyException {
    AuditReport report = verify(auditor);
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("type", "ukey-audit-export");
    head.put("generated", clock.instant().toString());
    head.put("from", from == null ? null : from.toString());
    head.put("to", to == null ? null : to.toString());
    head.put("source", "seed 000 §21");
    out.write(Json.write(head));
    out.write('\n');
    long position = 0;
    try {
      for (List<byte[]> page; !(page = store.auditRecords(position, PAGE)).isEmpty(); ) {
        for (byte[] raw : page) {
          position++;
          AuditEntry e;
          try {
            e = AuditEntry.decode(raw);
          } catch (InvalidEncodingException bad) {
            continue; // reported as MALFORMED in the report line
          }
          Instant t = e.event().time();
          if ((from == null || !t.isBefore(from)) && (to == null || t.isBefore(to))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "entry");
            m.putAll(e.toMap());
            out.write(Json.write(m));
            out.write('\n');
          }
        }
      }
    } catch (InvalidEncodingException damaged) {
      // reported as MALFORMED in the report line
    }
    for (byte[] raw : store.checkpoints()) {
      try {
        AuditCheckpoint cp = AuditCheckpoint.decode(raw);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "checkpoint");
        m.put("seq", cp.seq());
        m.put("hash", HEX.formatHex(cp.hash()));
        m.put("time", cp.time().toString());
        m.put("auditor", cp.auditor().value());
        m.put("alg", cp.algorithm());
        out.write(Json.write(m));
        out.write('\n');
      } catch (InvalidEncodingException bad) {
        // reported as BAD_CHECKPOINT in the report line
      }
    }
    out.write(Json.write(reportMap(report)));
    out.write('\n');
    out.flush();
    return report;
  }

  /**
   * A report as ordered fields, as {@code ukey audit verify --json} prints it.
   *
   * @param report the report
   * @return an ordered map
   */
  public static Map<String, Object> reportMap(AuditReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "verification");
    m.put("intact", report.intact());
    m.put("entries", report.entries());
    m.put("lastSeq", report.lastSeq());
    m.put("checkpoints", report.checkpoints());
    m.put("lastCheckpointSeq", report.lastCheckpointSeq());
    m.put("signaturesChecked", report.signaturesChecked());
    List<Map<String, Object>> fs = new ArrayList<>();
    for (AuditFinding f : report.findings()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("kind", f.kind().name());
      fm.put("position", f.position());
      fm.put("seq", f.seq());
      fm.put("detail", f.detail());
      fs.add(fm);
    }
    m.put("findings", fs);
    return m;
  }
}
