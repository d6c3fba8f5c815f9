package org.ukey.policy.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.KeySpec;
import org.ukey.policy.AuditCheckpoint;
import org.ukey.policy.AuditEntry;
import org.ukey.policy.AuditFinding;
import org.ukey.policy.AuditReport;
import org.ukey.policy.AuditTrail;
import org.ukey.policy.KeyNumber;
import org.ukey.policy.LedgerAction;
import org.ukey.policy.LedgerConflictException;
import org.ukey.policy.LedgerEvent;
import org.ukey.policy.PersonId;
import org.ukey.policy.PolicyStore;
import org.ukey.policy.testing.MutableClock;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;

/**
 * The contract every {@link PolicyStore} passes: the file store and PostgreSQL run the same
 * tests, tamper detection included (each store is tampered with in its own medium).
 */
abstract class PolicyStoreContract {
  protected PolicyStore store;
  protected final MutableClock clock = MutableClock.mondayMorning();

  /** A new, empty store. */
  protected abstract PolicyStore newStore() throws Exception;

  /** The same store opened again (another node or process). */
  protected abstract PolicyStore reopen() throws Exception;

  /** The arguments that make {@link AuditAppender} open this store. */
  protected abstract String[] childArgs();

  /** Rewrites the stored audit records as an attacker with write access to the medium would. */
  protected abstract void tamper(UnaryOperator<List<byte[]>> change) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static LedgerEvent event(long seq, String key) {
    return new LedgerEvent(seq, Instant.ofEpochMilli(1_780_000_000_000L + seq), KeyNumber.of(key),
        LedgerAction.FREEZE, PersonId.of("keeper"), new TreeMap<>(Map.of("reason", "r" + seq)));
  }

  @Test
  void appendsAndReadsLedgerEventsInOrder() throws Exception {
    for (long s = 1; s <= 5; s++) {
      store.appendLedgerEvent(event(s, "K" + s));
    }
    List<LedgerEvent> all = store.ledgerEvents(0);
    assertEquals(5, all.size());
    assertEquals(event(3, "K3"), all.get(2));
    assertEquals(List.of(event(5, "K5")), store.ledgerEvents(4));
    try (PolicyStore other = reopen()) {
      assertEquals(all, other.ledgerEvents(0));
    }
  }

  @Test
  void refusesALedgerEventAtATakenOrSkippedPosition() throws Exception {
    store.appendLedgerEvent(event(1, "K1"));
    try (PolicyStore other = reopen()) {
      other.appendLedgerEvent(event(2, "K2"));
    }
    assertThrows(LedgerConflictException.class, () -> store.appendLedgerEvent(event(2, "K3")));
    assertThrows(LedgerConflictException.class, () -> store.appendLedgerEvent(event(4, "K4")));
    assertEquals(2, store.ledgerEvents(0).size());
  }

  @Test
  void chainsAuditEntriesAcrossStoreInstances() throws Exception {
    AuditEntry a = store.appendAudit(AuditAppender.event("w", 1));
    AuditEntry b;
    try (PolicyStore other = reopen()) {
      b = other.appendAudit(AuditAppender.event("w", 2));
    }
    AuditEntry c = store.appendAudit(AuditAppender.event("w", 3));
    assertEquals(List.of(1L, 2L, 3L), List.of(a.seq(), b.seq(), c.seq()));
    assertArrayEquals(b.hash(), c.prev());
    assertTrue(AuditTrail.in(store, clock).verify(null).intact());
  }

  @Test
  void keepsPinHistoryPerToken() throws Exception {
    store.savePinHistory("T1", List.of(new byte[] {1, 2}, new byte[] {3}));
    store.savePinHistory("T2", List.of(new byte[] {9}));
    store.savePinHistory("T1", List.of(new byte[] {4}));
    assertArrayEquals(new byte[] {4}, store.pinHistory("T1").get(0));
    assertEquals(1, store.pinHistory("T1").size());
    assertEquals(1, store.pinHistory("T2").size());
    assertTrue(store.pinHistory("T3").isEmpty());
  }

  @Test
  void concurrentThreadsKeepOneUnbrokenChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String w = "thread" + t;
      done.add(pool.submit(() -> {
        try (PolicyStore own = reopen()) {
          for (int i = 1; i <= 25; i++) {
            own.appendAudit(AuditAppender.event(w, i));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    AuditReport r = AuditTrail.in(store, clock).verify(null);
    assertTrue(r.intact(), r.toString());
    assertEquals(100, r.entries());
    assertEquals(100, r.lastSeq());
  }

  @Test
  void twoJvmsAppendingAtOnceKeepOneUnbrokenChain() throws Exception {
    Process a = child("jvmA", 60);
    Process b = child("jvmB", 60);
    Set<String> acked = new HashSet<>();
    acked.addAll(drain(a));
    acked.addAll(drain(b));
    assertEquals(0, a.waitFor());
    assertEquals(0, b.waitFor());
    assertEquals(120, acked.size());
    AuditReport r = AuditTrail.in(store, clock).verify(null);
    assertTrue(r.intact(), r.toString());
    assertEquals(120, r.lastSeq());
    Set<String> stored = new HashSet<>();
    for (byte[] raw : store.auditRecords(0, 1000)) {
      AuditEntry e = AuditEntry.decode(raw);
      stored.add(e.event().person().value() + " " + e.event().reason().split("#")[1]);
    }
    assertEquals(acked, stored);
  }

  /** Starts {@link AuditAppender} in a child JVM on this store. */
  protected Process child(String writer, int count) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AuditAppender.class.getName()));
    String[] args = childArgs();
    cmd.add(args[0]);
    cmd.add(args[1]);
    cmd.add(Integer.toString(count));
    cmd.add(writer);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Reads a child's ACK lines to the end; returns "writer i" for each. */
  protected static List<String> drain(Process p) throws Exception {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          out.add(f[2] + " " + f[3]);
        }
      }
    }
    return out;
  }

  // ---- Tamper detection: edit, delete, insert, reorder, truncation ----------------------------

  private Signer auditor;

  private void tenEntriesAndACheckpoint(int checkpointAt) throws Exception {
    var kp = SoftKeys.generate(KeySpec.sm2());
    auditor = SoftSigners.create(kp.getPrivate(), kp.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    AuditTrail trail = AuditTrail.in(store, clock);
    for (int i = 1; i <= 10; i++) {
      trail.record(AuditAppender.event("w", i));
      if (i == checkpointAt) {
        trail.checkpoint(PersonId.of("auditor"), auditor);
      }
    }
  }

  private AuditReport verify() throws Exception {
    store.close();
    store = reopen();
    return AuditTrail.in(store, clock).verify(SoftVerifiers.create(auditor.publicKey(),
        auditor.algorithm()));
  }

  private static boolean found(AuditReport r, AuditFinding.Kind kind, long seq) {
    return r.findings().stream().anyMatch(f -> f.kind() == kind && (seq < 0 || f.seq() == seq));
  }

  @Test
  void anUntouchedTrailWithACheckpointIsIntact() throws Exception {
    tenEntriesAndACheckpoint(10);
    AuditReport r = verify();
    assertTrue(r.intact(), r.toString());
    assertEquals(1, r.checkpoints());
    assertEquals(10, r.lastCheckpointSeq());
    assertTrue(r.signaturesChecked());
  }

  @Test
  void findsAnEditedEntry() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      // Change who did entry 4, keeping its recorded hash.
      String s = new String(list.get(3), StandardCharsets.ISO_8859_1).replace("\u0001w", "\u0001x");
      list.set(3, s.getBytes(StandardCharsets.ISO_8859_1));
      return list;
    });
    AuditReport r = verify();
    assertFalse(r.intact());
    assertTrue(found(r, AuditFinding.Kind.EDITED, 4), r.findings().toString());
  }

  @Test
  void findsAnEditedEntryWhoseHashWasRecomputed() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      try {
        AuditEntry before = AuditEntry.decode(list.get(2));
        AuditEntry prev = AuditEntry.decode(list.get(1));
        var e = before.event();
        var forged = prev.next(new org.ukey.policy.AuditEvent(e.time(), PersonId.of("mallory"),
            e.terminal(), e.tokenSerial(), e.keyNo(), e.operation(), e.documentDigest(),
            e.outcome(), e.rule(), e.reason()));
        list.set(2, forged.encode());
        return list;
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.EDITED, 4), r.findings().toString());
  }

  @Test
  void findsADeletedEntry() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      list.remove(5);
      return list;
    });
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.DELETED, 6), r.findings().toString());
  }

  @Test
  void findsAnInsertedEntry() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      try {
        // A well-formed entry chained to entry 3, slipped in before the real entry 4.
        AuditEntry third = AuditEntry.decode(list.get(2));
        list.add(3, third.next(AuditAppender.event("mallory", 99)).encode());
        return list;
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.INSERTED, 4), r.findings().toString());
  }

  @Test
  void findsReorderedEntries() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      byte[] x = list.get(6);
      list.set(6, list.get(7));
      list.set(7, x);
      return list;
    });
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.REORDERED, -1), r.findings().toString());
  }

  @Test
  void findsTruncationBehindTheLastCheckpoint() throws Exception {
    tenEntriesAndACheckpoint(8);
    tamper(list -> new ArrayList<>(list.subList(0, 6)));
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.TRUNCATED, 8), r.findings().toString());
  }

  @Test
  void truncationAfterTheLastCheckpointIsNotSeenAsTheJavadocSays() throws Exception {
    tenEntriesAndACheckpoint(8);
    tamper(list -> new ArrayList<>(list.subList(0, 9)));
    assertTrue(verify().intact());
  }

  @Test
  void findsAForgedCheckpoint() throws Exception {
    tenEntriesAndACheckpoint(10);
    var other = SoftKeys.generate(KeySpec.sm2());
    Signer mallory = SoftSigners.create(other.getPrivate(), other.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    AuditEntry last = AuditEntry.decode(store.auditRecords(9, 1).get(0));
    store.appendCheckpoint(AuditCheckpoint.sign(last, clock.instant(), PersonId.of("auditor"),
        mallory));
    AuditReport r = verify();
    assertTrue(found(r, AuditFinding.Kind.BAD_CHECKPOINT, 10), r.findings().toString());
  }

  @Test
  void refusesToSignACheckpointOverATamperedTrail() throws Exception {
    tenEntriesAndACheckpoint(10);
    tamper(list -> {
      list.remove(2);
      return list;
    });
    store.close();
    store = reopen();
    assertThrows(org.ukey.api.PolicyViolationException.class,
        () -> AuditTrail.in(store, clock).checkpoint(PersonId.of("auditor"), auditor));
  }
}
