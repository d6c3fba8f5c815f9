package org.ukey.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.seal.internal.Der;
import org.ukey.seal.internal.Der.Tlv;
import org.ukey.sm2.Digests;

/**
 * A {@link SealRegistry} kept in a directory: the filed seals of the parties of treasury payment
 * (备案, seed 002 §5–6, §12), their history, and the registry book of seed 002's annex.
 *
 * <p>The state is one DER file, {@code registry.der}, rewritten whole on every change: written to
 * a temporary file, forced to disk, renamed over the old one and the directory forced, so a
 * crash leaves either the old or the new state, never half of one. A file lock serialises
 * writers across processes; an SM3 digest over the content detects a damaged file, which is
 * reported, never silently repaired.
 *
 * <p>Filing refuses a seal whose maker signature does not verify: a registry is the reference
 * copy verifiers compare against (seed 002 §6(4)).
 *
 * <p><b>Thread-safety:</b> thread-safe; safe to share a directory between processes.
 */
public final class FileSealRegistry implements SealRegistry {
  private static final String FILE = "registry.der";
  private static final String LOCK = ".lock";
  private static final int FORMAT_VERSION = 1;
  private static final long MAX_FILE = 256L << 20;

  private final Path dir;
  private final Clock clock;

  private FileSealRegistry(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) a registry in a directory.
   *
   * @param dir the directory
   * @param clock the clock that dates filings and events
   * @return the registry
   * @throws UKeyException if the directory cannot be created or its file is damaged
   */
  public static FileSealRegistry open(Path dir, Clock clock) throws UKeyException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(clock, "clock");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UKeyException("cannot create the seal registry directory " + dir, e);
    }
    FileSealRegistry r = new FileSealRegistry(dir, clock);
    r.read();
    return r;
  }

  /**
   * The directory.
   *
   * @return the path
   */
  public Path directory() {
    return dir;
  }

  @Override
  public Optional<FiledSeal> find(String esId) throws UKeyException {
    return read().records.stream().filter(f -> f.esId().equals(esId)).findFirst();
  }

  @Override
  public List<FiledSeal> list() throws UKeyException {
    return List.copyOf(read().records);
  }

  /**
   * The whole history, oldest first.
   *
   * @return an immutable list
   * @throws UKeyException if the registry cannot be read
   */
  public List<RegistryEvent> history() throws UKeyException {
    return List.copyOf(read().events);
  }

  /**
   * The history of one seal, oldest first.
   *
   * @param esId the seal id
   * @return an immutable list
   * @throws UKeyException if the registry cannot be read
   */
  public List<RegistryEvent> history(String esId) throws UKeyException {
    return read().events.stream().filter(e -> e.esId().equals(esId)).toList();
  }

  /**
   * The registry book of seed 002's annex (电子印章备案登记本) as CSV (RFC 4180, UTF-8): one row
   * per filing act, with the columns 序号, 内容, 份数, 生成时间 (to the minute), 生效日期, 备案日期,
   * 交接方, 接收方, 备注. Times are shown in China Standard Time.
   *
   * @return the CSV text
   * @throws UKeyException if the registry cannot be read
   */
  public String registryBook() throws UKeyException {
    java.time.format.DateTimeFormatter minute =
        java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/mm")
            .withZone(SealCodec.CHINA);
    java.time.format.DateTimeFormatter day =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(SealCodec.CHINA);
    StringBuilder sb = new StringBuilder(
        "序号,内容,份数,生成时间（年/月/日/时/分）,生效日期,备案日期,交接方,接收方,备注\r\n");
    for (RegistryEvent e : read().events) {
      sb.append(e.sequence()).append(',').append(csv(e.content())).append(',')
          .append(e.copies()).append(',').append(minute.format(e.generatedAt())).append(',')
          .append(e.effectiveDate()).append(',').append(day.format(e.at())).append(',')
          .append(csv(e.handedOverBy())).append(',').append(csv(e.receivedBy())).append(',')
          .append(csv(e.note())).append("\r\n");
    }
    return sb.toString();
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * Files a seal for a party.
   *
   * @param seal the seal, as handed over
   * @param party whose seal it is
   * @param details the registry book's facts
   * @return the record
   * @throws UKeyException if a seal with that id is already filed (use
   *     {@link #change(SESeal, FilingDetails)}), the seal's maker signature does not verify, or
   *     the registry cannot be written
   */
  public FiledSeal file(SESeal seal, Party party, FilingDetails details) throws UKeyException {
    return write(state -> {
      String esId = seal.sealInfo().esId();
      if (state.find(esId).isPresent()) {
        throw new UKeyException("seal " + esId + " is already filed; file a change instead");
      }
      requireMakerSignature(seal);
      FiledSeal record = record(seal, party, details);
      state.records.add(record);
      state.event(clock.instant(), RegistryEvent.Kind.FILED, record, seal);
      return record;
    });
  }

  /**
   * Files a changed seal in place of the one filed with the same id (seed 002 §6(5): 任何一方的
   * 电子印章发生变更时，需及时通知相关方，并重新进行备案). The old copy stays in the history.
   *
   * @param changed the changed seal
   * @param details the registry book's facts (the note should say what changed)
   * @return the new record
   * @throws UKeyException if no seal with that id is filed, it is revoked, the changed seal's
   *     maker signature does not verify, or the registry cannot be written
   */
  public FiledSeal change(SESeal changed, FilingDetails details) throws UKeyException {
    return write(state -> {
      String esId = changed.sealInfo().esId();
      FiledSeal old = state.find(esId).orElseThrow(
          () -> new UKeyException("seal " + esId + " is not filed"));
      if (old.state() == FiledSeal.State.REVOKED) {
        throw new UKeyException("seal " + esId + " is revoked; it cannot be changed");
      }
      requireMakerSignature(changed);
      FiledSeal record = record(changed, old.party(), details);
      state.records.set(state.records.indexOf(old), record);
      state.event(clock.instant(), RegistryEvent.Kind.CHANGED, record, changed);
      return record;
    });
  }

  /**
   * Revokes a filed seal (注销, seed 002 §12). Verifiers given this registry then refuse it.
   *
   * @param esId the seal id
   * @param reason why
   * @return the record, now revoked
   * @throws UKeyException if the seal is not filed or already revoked, or the registry cannot be
   *     written
   */
  public FiledSeal revoke(String esId, String reason) throws UKeyException {
    Objects.requireNonNull(reason, "reason");
    return write(state -> {
      FiledSeal old = state.find(esId).orElseThrow(
          () -> new UKeyException("seal " + esId + " is not filed"));
      if (old.state() == FiledSeal.State.REVOKED) {
        throw new UKeyException("seal " + esId + " is already revoked");
      }
      FiledSeal revoked = old.withState(FiledSeal.State.REVOKED, reason);
      state.records.set(state.records.indexOf(old), revoked);
      state.event(clock.instant(), RegistryEvent.Kind.REVOKED, revoked,
          SESeal.parse(old.sealBytes()));
      return revoked;
    });
  }

  /**
   * Makes a signed filing package of filed seals, for the other parties (seed 002 §6(2)).
   *
   * @param esIds the seals to include; all filed, in force, and of one party
   * @param signer that party's key, with its certificate
   * @return the package; {@link FilingPackage#encoded()} is what goes on the disc
   * @throws UKeyException if a seal is not filed or revoked, the seals belong to different
   *     parties, or signing fails
   */
  public FilingPackage exportPackage(List<String> esIds, Signer signer) throws UKeyException {
    State state = read();
    List<FilingPackage.Entry> entries = new ArrayList<>();
    Party party = null;
    for (String esId : esIds) {
      FiledSeal f = state.find(esId).orElseThrow(
          () -> new UKeyException("seal " + esId + " is not filed"));
      if (f.state() != FiledSeal.State.FILED) {
        throw new UKeyException("seal " + esId + " is " + f.state() + "; only seals in force"
            + " are exported");
      }
      if (party != null && !party.equals(f.party())) {
        throw new UKeyException("a filing package holds one party's seals; " + esId
            + " belongs to " + f.party().name() + ", not " + party.name());
      }
      party = f.party();
      entries.add(new FilingPackage.Entry(SESeal.parse(f.sealBytes()),
          new FilingDetails(f.effectiveDate(), f.copies(), f.handedOverBy(), f.receivedBy(),
              f.note(), Optional.of(f.generatedAt()))));
    }
    if (party == null) {
      throw new IllegalArgumentException("no seals given");
    }
    return FilingPackage.create(entries, party, signer, clock);
  }

  /**
   * Files the seals of another party's filing package, after verifying it: the party's
   * signature, its certificate against the trust anchors, every seal's maker signature. All or
   * none are filed; a seal already filed with other bytes makes the whole import fail.
   *
   * @param packageBytes the package as received
   * @param trustAnchors the filing parties' certificates, or the CAs that issued them
   * @return the records filed (or already present with the same bytes)
   * @throws UKeyException if the package does not parse or verify, or would change a filed seal
   */
  public List<FiledSeal> importPackage(byte[] packageBytes,
      List<java.security.cert.X509Certificate> trustAnchors) throws UKeyException {
    FilingPackage p = FilingPackage.read(packageBytes);
    p.verify(trustAnchors, clock.instant());
    return fileImported(p.entries(), p.party(), "imported from the filing package of "
        + p.party().name() + " made " + p.generatedAt() + " (SM3 " + sm3Hex(packageBytes)
        + ")");
  }

  /**
   * Files seals that came in another party's verified filing package, all or none.
   *
   * @param entries the seals with their facts
   * @param party the party that filed them
   * @param source where they came from, for the history (e.g. the package's digest)
   * @return the records
   * @throws UKeyException if any seal is already filed with other bytes, or the registry cannot
   *     be written
   */
  List<FiledSeal> fileImported(List<FilingPackage.Entry> entries, Party party, String source)
      throws UKeyException {
    return write(state -> {
      List<FiledSeal> out = new ArrayList<>();
      for (FilingPackage.Entry e : entries) {
        String esId = e.seal().sealInfo().esId();
        Optional<FiledSeal> existing = state.find(esId);
        if (existing.isPresent()) {
          if (MessageDigest.isEqual(existing.get().sealBytes(), e.seal().encoded())) {
            out.add(existing.get());
            continue;
          }
          throw new UKeyException("seal " + esId + " is already filed with other contents;"
              + " the package would change it (file a change explicitly)");
        }
        FiledSeal record = record(e.seal(), party, e.details());
        state.records.add(record);
        state.event(clock.instant(), RegistryEvent.Kind.IMPORTED,
            record.withState(FiledSeal.State.FILED, appendNote(record.note(), source)), e.seal());
        out.add(record);
      }
      return out;
    });
  }

  private FiledSeal record(SESeal seal, Party party, FilingDetails d) {
    return new FiledSeal(seal.sealInfo().esId(), party, FiledSeal.State.FILED, seal.encoded(),
        d.generatedAt().orElse(seal.sealInfo().property().createDate()), d.effectiveDate(),
        clock.instant(), d.copies(), d.handedOverBy(), d.receivedBy(), d.note());
  }

  private static void requireMakerSignature(SESeal seal) throws UKeyException {
    VerificationReport r = SealVerifier.builder().build().verifySeal(seal);
    if (r.outcome(VerificationReport.CheckId.SEAL_MAKER_SIGNATURE)
        != VerificationReport.Outcome.PASS) {
      throw new UKeyException("seal " + seal.sealInfo().esId() + " is not filed: its maker"
          + " signature does not verify");
    }
  }

  private static String appendNote(String note, String more) {
    return note.isEmpty() ? more : note + "; " + more;
  }

  static String sm3Hex(byte[] b) {
    return HexFormat.of().formatHex(Digests.digest(DigestAlgorithm.SM3, b));
  }

  // ---- storage ----

  @FunctionalInterface
  private interface Change<T> {
    T apply(State state) throws UKeyException;
  }

  private <T> T write(Change<T> change) throws UKeyException {
    try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
      State state = readUnlocked();
      T result = change.apply(state);
      byte[] content = state.encode();
      byte[] file = SealCodec.sequence(content,
          SealEncoder.octets(Digests.digest(DigestAlgorithm.SM3, content)));
      Path tmp = Files.createTempFile(dir, FILE, ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(file);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        try {
          Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new UKeyException("the file system of " + dir + " cannot rename atomically", e);
        }
        forceDirectory();
      } finally {
        Files.deleteIfExists(tmp);
      }
      return result;
    } catch (IOException e) {
      throw new UKeyException("cannot write the seal registry in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is then as durable as they allow.
    }
  }

  private State read() throws UKeyException {
    try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
      return readUnlocked();
    } catch (IOException e) {
      throw new UKeyException("cannot read the seal registry in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private State readUnlocked() throws UKeyException, IOException {
    Path file = dir.resolve(FILE);
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new UKeyException(file + " is larger than " + MAX_FILE + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new State();
    }
    String what = file.getFileName().toString();
    Tlv top = Der.parse(bytes, what).expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> parts = top.children(what);
    if (parts.size() != 2) {
      throw new InvalidEncodingException(what, 0, "expected content and digest");
    }
    byte[] content = parts.get(0).encoded();
    if (!MessageDigest.isEqual(parts.get(1).named(what + ".digest").octets(),
        Digests.digest(DigestAlgorithm.SM3, content))) {
      throw new InvalidEncodingException(what, parts.get(1).offset(),
          "SM3 digest does not match the content: the registry file is damaged");
    }
    return State.decode(parts.get(0).named(what + ".content"));
  }

  /** The registry's state while read or changed. */
  private static final class State {
    final List<FiledSeal> records = new ArrayList<>();
    final List<RegistryEvent> events = new ArrayList<>();

    Optional<FiledSeal> find(String esId) {
      return records.stream().filter(f -> f.esId().equals(esId)).findFirst();
    }

    void event(Instant at, RegistryEvent.Kind kind, FiledSeal record, SESeal seal) {
      String content = kind.chinese() + " " + seal.sealInfo().property().name() + " (esID "
          + record.esId() + ")";
      events.add(new RegistryEvent(events.size() + 1L, at, kind, record.esId(), record.party(),
          sm3Hex(seal.encodedNoCopy()), content, record.copies(), record.generatedAt(),
          record.effectiveDate(), record.handedOverBy(), record.receivedBy(), record.note()));
    }

    byte[] encode() {
      byte[][] recs = new byte[records.size()][];
      for (int i = 0; i < recs.length; i++) {
        FiledSeal f = records.get(i);
        recs[i] = SealCodec.sequence(SealEncoder.utf8(f.esId()), SealEncoder.utf8(f.party().name()),
            SealEncoder.integer(f.party().role().ordinal()), SealEncoder.integer(f.state().ordinal()),
            SealEncoder.octets(f.sealBytes()), SealEncoder.generalizedTime(f.generatedAt()),
            SealEncoder.utf8(f.effectiveDate().toString()),
            SealEncoder.generalizedTime(f.filingDate()), SealEncoder.integer(f.copies()),
            SealEncoder.utf8(f.handedOverBy()), SealEncoder.utf8(f.receivedBy()),
            SealEncoder.utf8(f.note()));
      }
      byte[][] evs = new byte[events.size()][];
      for (int i = 0; i < evs.length; i++) {
        RegistryEvent e = events.get(i);
        evs[i] = SealCodec.sequence(SealEncoder.integer(e.sequence()),
            SealEncoder.generalizedTime(e.at()), SealEncoder.integer(e.kind().ordinal()),
            SealEncoder.utf8(e.esId()), SealEncoder.utf8(e.party().name()),
            SealEncoder.integer(e.party().role().ordinal()), SealEncoder.utf8(e.sealDigest()),
            SealEncoder.utf8(e.content()), SealEncoder.integer(e.copies()),
            SealEncoder.generalizedTime(e.generatedAt()),
            SealEncoder.utf8(e.effectiveDate().toString()), SealEncoder.utf8(e.handedOverBy()),
            SealEncoder.utf8(e.receivedBy()), SealEncoder.utf8(e.note()));
      }
      return SealCodec.sequence(SealEncoder.integer(FORMAT_VERSION), SealCodec.sequence(recs),
          SealCodec.sequence(evs));
    }

    static State decode(Tlv content) throws InvalidEncodingException {
      String w = content.what();
      List<Tlv> top = content.expect(Der.SEQUENCE, "SEQUENCE").children(w);
      if (top.size() != 3 || top.get(0).intValue() != FORMAT_VERSION) {
        throw new InvalidEncodingException(w, content.offset(),
            "not a version " + FORMAT_VERSION + " seal registry");
      }
      State s = new State();
      try {
        for (Tlv r : top.get(1).children(w + ".records")) {
          List<Tlv> f = r.children(r.what());
          if (f.size() != 12) {
            throw new InvalidEncodingException(r.what(), r.offset(), "record has " + f.size()
                + " fields, expected 12");
          }
          s.records.add(new FiledSeal(f.get(0).stringValue(),
              new Party(f.get(1).stringValue(), enumAt(Party.Role.values(), f.get(2))),
              enumAt(FiledSeal.State.values(), f.get(3)), f.get(4).octets(),
              f.get(5).timeValue(), LocalDate.parse(f.get(6).stringValue()),
              f.get(7).timeValue(), f.get(8).intValue(), f.get(9).stringValue(),
              f.get(10).stringValue(), f.get(11).stringValue()));
        }
        for (Tlv ev : top.get(2).children(w + ".events")) {
          List<Tlv> f = ev.children(ev.what());
          if (f.size() != 14) {
            throw new InvalidEncodingException(ev.what(), ev.offset(), "event has " + f.size()
                + " fields, expected 14");
          }
          s.events.add(new RegistryEvent(f.get(0).intValue(), f.get(1).timeValue(),
              enumAt(RegistryEvent.Kind.values(), f.get(2)), f.get(3).stringValue(),
              new Party(f.get(4).stringValue(), enumAt(Party.Role.values(), f.get(5))),
              f.get(6).stringValue(), f.get(7).stringValue(), f.get(8).intValue(),
              f.get(9).timeValue(), LocalDate.parse(f.get(10).stringValue()),
              f.get(11).stringValue(), f.get(12).stringValue(), f.get(13).stringValue()));
        }
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new InvalidEncodingException(w, -1, "bad registry value: " + e.getMessage(), e);
      }
      return s;
    }

    private static <E> E enumAt(E[] values, Tlv t) throws InvalidEncodingException {
      int i = t.intValue();
      if (i < 0 || i >= values.length) {
        throw new InvalidEncodingException(t.what(), t.offset(), "unknown code " + i);
      }
      return values[i];
    }
  }
}
