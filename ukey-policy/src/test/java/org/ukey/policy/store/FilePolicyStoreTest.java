package org.ukey.policy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.policy.AuditEntry;
import org.ukey.policy.AuditReport;
import org.ukey.policy.AuditTrail;
import org.ukey.policy.PolicyStore;
import org.ukey.policy.internal.AppendOnlyLog;

class FilePolicyStoreTest extends PolicyStoreContract {
  @TempDir
  Path dir;

  @Override
  protected PolicyStore newStore() throws Exception {
    return FilePolicyStore.open(dir);
  }

  @Override
  protected PolicyStore reopen() throws Exception {
    return FilePolicyStore.open(dir);
  }

  @Override
  protected String[] childArgs() {
    return new String[] {"file", dir.toString()};
  }

  @Override
  protected void tamper(UnaryOperator<List<byte[]>> change) throws Exception {
    List<byte[]> records = change.apply(new ArrayList<>(store.auditRecords(0, 10_000)));
    store.close();
    Path log = dir.resolve("audit").resolve("audit.log");
    Files.delete(log);
    try (AppendOnlyLog rewritten = AppendOnlyLog.open(log)) {
      for (byte[] r : records) {
        rewritten.append((count, last) -> r);
      }
    }
    store = reopen();
  }

  @Test
  void keepsTheCliLayoutBesideTheSoftToken() {
    assertTrue(Files.isRegularFile(dir.resolve("audit/audit.log")));
    assertTrue(Files.isRegularFile(dir.resolve("audit/checkpoints.log")));
    assertTrue(Files.isRegularFile(dir.resolve("ledger/ledger.log")));
  }

  @Test
  void killMinusNineDuringAppendsLosesNothingAcknowledged() throws Exception {
    store.close();
    Process p = child("crasher", 100_000);
    Set<String> acked = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null && acked.size() < 300; ) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          acked.add(f[2] + " " + f[3]);
        }
      }
      // kill -9 while it appends: no shutdown hook, no flush. (Process.destroyForcibly would
      // also close our end of its stdout and lose the ACKs still in the pipe.)
      new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).inheritIO().start().waitFor();
      p.waitFor();
      // Lines written before the kill but not yet read were acknowledged too.
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          acked.add(f[2] + " " + f[3]);
        }
      }
    }
    assertTrue(acked.size() >= 300);
    store = reopen();
    Set<String> stored = new HashSet<>();
    for (byte[] raw : store.auditRecords(0, 1_000_000)) {
      AuditEntry e = AuditEntry.decode(raw);
      stored.add(e.event().person().value() + " " + e.event().reason().split("#")[1]);
    }
    assertTrue(stored.containsAll(acked), "acknowledged entries lost: " + (acked.size()
        - acked.stream().filter(stored::contains).count()));
    AuditReport report = AuditTrail.in(store, clock).verify(null);
    assertTrue(report.intact(), report.toString());
    // The store takes appends again after the crash, on the same chain.
    AuditEntry next = store.appendAudit(AuditAppender.event("after", 1));
    assertEquals(report.lastSeq() + 1, next.seq());
    assertTrue(AuditTrail.in(store, clock).verify(null).intact());
  }

  @Test
  void aTornTailIsIgnoredAndCutOffBeforeTheNextAppend() throws Exception {
    for (int i = 1; i <= 3; i++) {
      store.appendAudit(AuditAppender.event("w", i));
    }
    store.close();
    Path log = dir.resolve("audit/audit.log");
    long good = Files.size(log);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.seek(good);
      f.write(new byte[] {0, 0, 1, 0, 9, 9}); // half a frame header, as a crash leaves it
    }
    store = reopen();
    assertEquals(3, store.auditRecords(0, 100).size());
    store.appendAudit(AuditAppender.event("w", 4));
    assertEquals(4, store.auditRecords(0, 100).size());
    assertTrue(AuditTrail.in(store, clock).verify(null).intact());
  }

  @Test
  void damageBeforeTheTailIsReportedNeverRepaired() throws Exception {
    for (int i = 1; i <= 3; i++) {
      store.appendAudit(AuditAppender.event("w", i));
    }
    store.close();
    Path log = dir.resolve("audit/audit.log");
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.seek(40);
      f.write(f.read() ^ 0x01);
    }
    store = reopen();
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> store.appendAudit(AuditAppender.event("w", 4)));
    assertTrue(e.getMessage().contains("audit.log"), e.getMessage());
    AuditReport r = AuditTrail.in(store, clock).verify(null);
    assertTrue(!r.intact() && r.findings().get(0).kind().name().equals("MALFORMED"),
        r.toString());
  }

  @Test
  void refusesAFileThatIsNotALog() throws Exception {
    store.close();
    Files.writeString(dir.resolve("ledger/ledger.log"), "not a log at all");
    assertThrows(InvalidEncodingException.class, () -> FilePolicyStore.open(dir));
    store = FilePolicyStore.open(dir.resolve("elsewhere"));
  }
}
