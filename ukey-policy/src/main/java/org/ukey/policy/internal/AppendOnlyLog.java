package org.ukey.policy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * A file of records that only grows, shared safely by threads and by processes.
 *
 * <p>Layout: the 8-byte magic {@code "UKEYLOG\1"}, then frames
 * {@code u32 length ‖ u32 CRC32C(length) ‖ payload ‖ u32 CRC32C(payload)}. An append writes one
 * frame at the end and calls {@code fdatasync} before it returns, so an acknowledged record
 * survives a crash or power loss. A file is created whole (written to a temporary name, synced,
 * then linked into place), so no reader ever sees half a header.
 *
 * <p>A crash can only tear the frame being written, at the tail. When reading, such a torn tail
 * is ignored; before the next append it is cut off. Damage anywhere else (a bad checksum with
 * frames after it) is never "repaired": reads and appends fail with
 * {@link InvalidEncodingException} naming the file and offset, so nothing acknowledged is lost
 * silently.
 *
 * <p><b>Thread-safety:</b> thread-safe. Appends from several threads of one JVM are serialised by a
 * JVM-wide lock per file; appends from several processes by an exclusive {@link FileLock}; readers
 * take a shared lock.
 */
public final class AppendOnlyLog implements AutoCloseable {
  private static final byte[] MAGIC = {'U', 'K', 'E', 'Y', 'L', 'O', 'G', 1};
  private static final int HEADER = 8;
  private static final int TRAILER = 4;
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** Produces the next payload from the current tail, under the log's exclusive lock. */
  @FunctionalInterface
  public interface Appender {
    /**
     * The payload to append.
     *
     * @param count the number of records in the log now
     * @param last the payload of the last record, or {@code null} when empty
     * @return the payload to append, or {@code null} to append nothing
     * @throws UKeyException to refuse (nothing is appended)
     */
    byte[] next(long count, byte[] last) throws UKeyException;
  }

  private final Path path;
  private final FileChannel channel;
  private final ReentrantLock jvmLock;
  private long[] offsets = new long[64];
  private long count;
  private long knownEnd = MAGIC.length;

  private AppendOnlyLog(Path path, FileChannel channel, ReentrantLock jvmLock) {
    this.path = path;
    this.channel = channel;
    this.jvmLock = jvmLock;
  }

  /**
   * Opens a log, creating it (and its directory) if missing.
   *
   * @param path the file
   * @return the log
   * @throws IOException if the file cannot be created or opened
   * @throws InvalidEncodingException if the file exists but is not a log
   */
  public static AppendOnlyLog open(Path path) throws IOException, InvalidEncodingException {
    Objects.requireNonNull(path, "path");
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (!Files.exists(path)) {
      createWhole(path, MAGIC);
    }
    Path real = path.toRealPath();
    FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
      readFully(ch, magic, 0);
      if (magic.hasRemaining() || !Arrays.equals(magic.array(), MAGIC)) {
        throw new InvalidEncodingException(real.toString(), 0, "not a UKey append-only log");
      }
    } catch (IOException | InvalidEncodingException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new AppendOnlyLog(real, ch, JVM_LOCKS.computeIfAbsent(real, p -> new ReentrantLock()));
  }

  /**
   * Writes a new file whole: to a temporary name, synced, then linked into place (which fails if
   * the name exists, so two creators never overwrite each other), and the directory synced.
   *
   * @param path the file to create
   * @param content its content
   * @throws IOException if writing fails; a file that already exists is left alone
   */
  public static void createWhole(Path path, byte[] content) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
    try {
      writeAndSync(tmp, content);
      try {
        Files.createLink(path, tmp);
      } catch (FileAlreadyExistsException e) {
        return;
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Replaces a small file atomically: written to a temporary name, synced, renamed over the old
   * one, and the directory synced. A crash leaves either the old or the new content.
   *
   * @param path the file
   * @param content the new content
   * @throws IOException if writing fails
   */
  public static void replaceWhole(Path path, byte[] content) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
    try {
      writeAndSync(tmp, content);
      Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeAndSync(Path file, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    // Makes the new directory entry durable (POSIX: fsync on the directory after a rename).
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * The file.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /**
   * Appends one record if the appender gives one, and syncs it to disk before returning.
   *
   * @param appender computes the payload from the current tail
   * @return the payload appended, or {@code null} if the appender gave none
   * @throws IOException if the file cannot be read or written
   * @throws InvalidEncodingException if the log is damaged before its tail
   * @throws UKeyException what the appender throws
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public byte[] append(Appender appender) throws IOException, UKeyException {
    jvmLock.lock();
    try (FileLock lock = channel.lock()) {
      long size = scan();
      if (size > knownEnd) {
        // A torn frame from a writer that crashed: never acknowledged, cut it off.
        channel.truncate(knownEnd);
        channel.force(true);
      }
      byte[] last = count == 0 ? null : readPayload(count - 1);
      byte[] payload = appender.next(count, last);
      if (payload == null) {
        return null;
      }
      if (payload.length > Fields.MAX_ENCODED) {
        throw new IllegalArgumentException("record too large: " + payload.length);
      }
      ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
      frame.putInt(payload.length);
      frame.putInt(crc(frame.array(), 0, 4));
      frame.put(payload);
      frame.putInt(crc(payload, 0, payload.length));
      frame.flip();
      long at = knownEnd;
      try {
        long pos = at;
        while (frame.hasRemaining()) {
          pos += channel.write(frame, pos);
        }
        channel.force(false);
      } catch (IOException e) {
        try {
          channel.truncate(at);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      remember(at);
      knownEnd = at + HEADER + payload.length + TRAILER;
      return payload;
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * The number of acknowledged records.
   *
   * @return the count
   * @throws IOException if reading fails
   * @throws InvalidEncodingException if the log is damaged before its tail
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public long count() throws IOException, InvalidEncodingException {
    jvmLock.lock();
    try (FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
      scan();
      return count;
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Reads records in file order.
   *
   * @param fromIndex the 0-based index of the first record; 0 re-reads the whole file from disk
   * @param max the most records to return
   * @return the payloads, possibly empty
   * @throws IOException if reading fails
   * @throws InvalidEncodingException if the log is damaged at {@code fromIndex} (records before
   *     the damage are returned; the read that reaches it throws)
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public List<byte[]> read(long fromIndex, int max) throws IOException, InvalidEncodingException {
    jvmLock.lock();
    try (FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
      if (fromIndex == 0) {
        count = 0;
        knownEnd = MAGIC.length;
      }
      InvalidEncodingException damage = null;
      try {
        scan();
      } catch (InvalidEncodingException e) {
        damage = e; // the records before the damage are still returned
      }
      List<byte[]> out = new ArrayList<>();
      for (long i = fromIndex; i < count && out.size() < max; i++) {
        out.add(readPayload(i));
      }
      if (damage != null && out.isEmpty()) {
        throw damage;
      }
      return out;
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Brings the index of frames up to the end of the file.
   *
   * @return the file size
   */
  private long scan() throws IOException, InvalidEncodingException {
    long size = channel.size();
    if (size < knownEnd) {
      // Shorter than we saw: someone cut the file. Index it again from the start.
      count = 0;
      knownEnd = MAGIC.length;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (knownEnd < size) {
      long at = knownEnd;
      header.clear();
      readFully(channel, header, at);
      if (header.hasRemaining()) {
        return size; // torn header at the tail
      }
      int length = header.getInt(0);
      boolean headerOk = header.getInt(4) == crc(header.array(), 0, 4);
      if (!headerOk) {
        if (allZero(at, size)) {
          return size; // a torn write of zero-filled blocks at the tail
        }
        throw damaged(at, "frame header checksum mismatch");
      }
      if (length < 0 || length > Fields.MAX_ENCODED) {
        throw damaged(at, "frame length " + length + " out of range");
      }
      long end = at + HEADER + length + TRAILER;
      if (end > size) {
        return size; // torn payload at the tail
      }
      byte[] payload = new byte[length];
      ByteBuffer pb = ByteBuffer.wrap(payload);
      readFully(channel, pb, at + HEADER);
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      readFully(channel, trailer, at + HEADER + length);
      if (trailer.getInt(0) != crc(payload, 0, length)) {
        if (end == size) {
          return size; // torn payload whose last block reached the disk first
        }
        throw damaged(at, "record checksum mismatch");
      }
      remember(at);
      knownEnd = end;
    }
    return size;
  }

  private boolean allZero(long from, long size) throws IOException {
    if (size - from > 1 << 16) {
      return false;
    }
    ByteBuffer rest = ByteBuffer.allocate((int) (size - from));
    readFully(channel, rest, from);
    for (byte b : rest.array()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private InvalidEncodingException damaged(long at, String problem) {
    return new InvalidEncodingException(path.toString(), at, problem
        + " (the log is damaged before its tail; it is not repaired automatically)");
  }

  private void remember(long offset) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[(int) count++] = offset;
  }

  private byte[] readPayload(long index) throws IOException {
    long at = offsets[(int) index];
    ByteBuffer len = ByteBuffer.allocate(4);
    readFully(channel, len, at);
    byte[] payload = new byte[len.getInt(0)];
    readFully(channel, ByteBuffer.wrap(payload), at + HEADER);
    return payload;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }

  private static int crc(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
