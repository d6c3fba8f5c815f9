package org.ukey.policy.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditCheckpoint;
import org.ukey.policy.AuditEntry;
import org.ukey.policy.AuditEvent;
import org.ukey.policy.LedgerConflictException;
import org.ukey.policy.LedgerEvent;
import org.ukey.policy.PolicyStore;
import org.ukey.policy.PolicyStoreException;
import org.ukey.policy.internal.AppendOnlyLog;
import org.ukey.sm2.Sm3;

/**
 * The embedded default store: append-only files in a directory, beside the soft token.
 *
 * <p>Layout: {@code ledger/ledger.log}, {@code audit/audit.log}, {@code audit/checkpoints.log}
 * (each an append-only log: one checksummed frame per record, synced before an append returns)
 * and {@code ledger/pin-history/<SM3 of the token serial>} (replaced whole by write, sync,
 * rename). A crash at any point loses nothing already acknowledged: a torn last frame is ignored
 * and cut off before the next append; damage anywhere else is reported, never repaired.
 *
 * <p>Several processes may share the directory (file locks serialise appends), so the CLI and an
 * application on one machine keep one chain.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class FilePolicyStore implements PolicyStore {
  private static final int PAGE = 4096;

  private final Path dir;
  private final AppendOnlyLog ledger;
  private final AppendOnlyLog audit;
  private final AppendOnlyLog checkpoints;

  private FilePolicyStore(Path dir, AppendOnlyLog ledger, AppendOnlyLog audit,
      AppendOnlyLog checkpoints) {
    this.dir = dir;
    this.ledger = ledger;
    this.audit = audit;
    this.checkpoints = checkpoints;
  }

  /**
   * Opens the store in a directory, creating {@code ledger/} and {@code audit/} if missing.
   *
   * @param dir the store directory (the CLI's {@code --store DIR})
   * @return the store
   * @throws PolicyStoreException if the files cannot be created or opened
   * @throws InvalidEncodingException if a file exists but is not a log
   */
  public static FilePolicyStore open(Path dir) throws UKeyException {
    Objects.requireNonNull(dir, "dir");
    List<AppendOnlyLog> opened = new ArrayList<>();
    try {
      opened.add(AppendOnlyLog.open(dir.resolve("ledger").resolve("ledger.log")));
      opened.add(AppendOnlyLog.open(dir.resolve("audit").resolve("audit.log")));
      opened.add(AppendOnlyLog.open(dir.resolve("audit").resolve("checkpoints.log")));
      return new FilePolicyStore(dir, opened.get(0), opened.get(1), opened.get(2));
    } catch (IOException e) {
      closeAll(opened);
      throw new PolicyStoreException("cannot open the policy store in " + dir, e);
    } catch (InvalidEncodingException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  private static void closeAll(List<AppendOnlyLog> logs) {
    for (AppendOnlyLog l : logs) {
      try {
        l.close();
      } catch (IOException ignored) {
        // closing after a failure: the failure is what matters
      }
    }
  }

  /**
   * The directory.
   *
   * @return the store directory
   */
  public Path directory() {
    return dir;
  }

  @Override
  public List<LedgerEvent> ledgerEvents(long afterSeq) throws UKeyException {
    List<LedgerEvent> out = new ArrayList<>();
    try {
      for (long from = afterSeq; ; ) {
        List<byte[]> page = ledger.read(from, PAGE);
        for (byte[] b : page) {
          LedgerEvent e = LedgerEvent.decode(b);
          if (e.seq() != ++from) {
            throw new InvalidEncodingException(ledger.path().toString(), -1, "record " + from
                + " carries seq " + e.seq());
          }
          out.add(e);
        }
        if (page.size() < PAGE) {
          return out;
        }
      }
    } catch (IOException e) {
      throw new PolicyStoreException("cannot read " + ledger.path(), e);
    }
  }

  @Override
  public void appendLedgerEvent(LedgerEvent event) throws UKeyException {
    byte[] payload = event.encode();
    try {
      ledger.append((count, last) -> {
        if (event.seq() != count + 1) {
          throw new LedgerConflictException("ledger position " + event.seq()
              + " is not next; the ledger has " + count + " events");
        }
        return payload;
      });
    } catch (IOException e) {
      throw new PolicyStoreException("cannot append to " + ledger.path(), e);
    }
  }

  @Override
  public AuditEntry appendAudit(AuditEvent event) throws UKeyException {
    AuditEntry[] made = new AuditEntry[1];
    try {
      audit.append((count, last) -> {
        made[0] = last == null ? AuditEntry.first(event) : AuditEntry.decode(last).next(event);
        return made[0].encode();
      });
    } catch (IOException e) {
      throw new PolicyStoreException("cannot append to " + audit.path(), e);
    }
    return made[0];
  }

  @Override
  public List<byte[]> auditRecords(long fromIndex, int max) throws UKeyException {
    try {
      return audit.read(fromIndex, max);
    } catch (IOException e) {
      throw new PolicyStoreException("cannot read " + audit.path(), e);
    }
  }

  @Override
  public void appendCheckpoint(AuditCheckpoint checkpoint) throws UKeyException {
    byte[] payload = checkpoint.encode();
    try {
      checkpoints.append((count, last) -> payload);
    } catch (IOException e) {
      throw new PolicyStoreException("cannot append to " + checkpoints.path(), e);
    }
  }

  @Override
  public List<byte[]> checkpoints() throws UKeyException {
    try {
      return checkpoints.read(0, Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new PolicyStoreException("cannot read " + checkpoints.path(), e);
    }
  }

  @Override
  public List<byte[]> pinHistory(String subject) throws UKeyException {
    Path file = historyFile(subject);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new PolicyStoreException("cannot read " + file, e);
    }
    return PinHistoryCodec.decode(file.toString(), bytes);
  }

  @Override
  public void savePinHistory(String subject, List<byte[]> entries) throws UKeyException {
    Path file = historyFile(subject);
    try {
      AppendOnlyLog.replaceWhole(file, PinHistoryCodec.encode(entries));
    } catch (IOException e) {
      throw new PolicyStoreException("cannot write " + file, e);
    }
  }

  private Path historyFile(String subject) {
    return dir.resolve("ledger").resolve("pin-history")
        .resolve(HexFormat.of().formatHex(Sm3.digest(subject.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public void close() {
    closeAll(List.of(ledger, audit, checkpoints));
  }

  @Override
  public String toString() {
    return "FilePolicyStore[" + dir + "]";
  }
}
