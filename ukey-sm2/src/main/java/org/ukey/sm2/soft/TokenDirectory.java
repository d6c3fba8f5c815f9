package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.UKeyException;

/**
 * The soft token directory: one file per token, named after its label, plus the {@code .lock}
 * file. Maps labels to file names, lists tokens, reads token files defensively and writes them
 * atomically under the directory lock.
 *
 * <p>File names: the label's UTF-8 bytes with {@code A-Z a-z 0-9 _ -} kept and every other byte
 * written {@code %XX} (upper-case hex), then {@code .token}. So {@code 财务 key} is
 * {@code %E8%B4%A2%E5%8A%A1%20key.token}. The mapping is one-to-one, which makes label
 * uniqueness a property of the file system. On a case-insensitive file system two labels that
 * differ only in case share a file name; the second is refused as taken.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class TokenDirectory {
  static final String SUFFIX = ".token";

  private static final Logger LOG = LoggerFactory.getLogger(TokenDirectory.class);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final Path dir;
  private final DirectoryLock lock;
  private final AtomicFile writer;

  TokenDirectory(Path realDirectory, AtomicFile writer) {
    this.dir = realDirectory;
    this.lock = new DirectoryLock(realDirectory);
    this.writer = writer;
  }

  Path path() {
    return dir;
  }

  Path fileFor(String label) {
    return dir.resolve(fileNameFor(label));
  }

  static String fileNameFor(String label) {
    byte[] utf8 = label.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(utf8.length * 3 + SUFFIX.length());
    for (byte b : utf8) {
      int c = b & 0xff;
      if (isKept(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.append(SUFFIX).toString();
  }

  /**
   * The label a file name stands for, or null if the name is not exactly what
   * {@link #fileNameFor} makes for some valid label (a stray or hand-renamed file).
   */
  static String labelOf(String fileName) {
    if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
      return null;
    }
    String stem = fileName.substring(0, fileName.length() - SUFFIX.length());
    byte[] out = new byte[stem.length()];
    int n = 0;
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (c == '%' && i + 2 < stem.length()) {
        int hi = Character.digit(stem.charAt(i + 1), 16);
        int lo = Character.digit(stem.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80 && isKept(c)) {
        out[n++] = (byte) c;
      } else {
        return null;
      }
    }
    String label = new String(out, 0, n, StandardCharsets.UTF_8);
    if (!fileNameFor(label).equals(fileName) || labelProblem(label) != null) {
      return null;
    }
    return label;
  }

  private static boolean isKept(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-';
  }

  /** What is wrong with a token label, or null when it is acceptable. */
  static String labelProblem(String label) {
    return Labels.problem(label, TokenFile.MAX_LABEL_BYTES);
  }

  /** The labels of the token files present, sorted. */
  List<String> labels() throws UKeyException {
    List<String> labels = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        String label = labelOf(name);
        if (label == null) {
          LOG.debug("ignoring {}: not a token file name this SDK writes", p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          labels.add(label);
        }
      }
    } catch (IOException e) {
      throw new UKeyException("cannot list the soft token store " + dir + ": " + e, e);
    }
    Collections.sort(labels);
    return labels;
  }

  /**
   * Reads and parses a token's file.
   *
   * @throws TokenNotPresentException if the file does not exist
   * @throws InvalidEncodingException if it is damaged, foreign or not the token's
   * @throws UKeyException on an I/O error
   */
  TokenFile read(String label) throws UKeyException {
    Path file = fileFor(label);
    byte[] bytes;
    try {
      bytes = readBounded(file);
    } catch (NoSuchFileException e) {
      throw new TokenNotPresentException("no soft token labelled '" + label + "' in " + dir, e);
    } catch (IOException e) {
      throw new UKeyException("cannot read soft token file " + file + ": " + e, e);
    }
    TokenFile tf = TokenFile.parse(file, bytes);
    if (!tf.label.equals(label)) {
      throw new InvalidEncodingException("soft token file " + file, -1, "holds the token '"
          + tf.label + "', which does not match its file name (renamed by hand?)");
    }
    return tf;
  }

  private static byte[] readBounded(Path file) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > TokenFile.MAX_FILE_SIZE) {
        throw new IOException("file is " + size + " bytes, larger than any token file ("
            + TokenFile.MAX_FILE_SIZE + ")");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          break;
        }
      }
      byte[] out = new byte[buf.position()];
      buf.flip();
      buf.get(out);
      return out;
    }
  }

  /** Writes a token file atomically; call under {@link #locked}. */
  void write(String label, TokenFile tf) throws IOException {
    writer.write(fileFor(label), tf.encode());
  }

  /** Deletes a token file; call under {@link #locked}. */
  void delete(String label) throws IOException {
    Files.delete(fileFor(label));
    AtomicFile.syncDirectory(dir);
  }

  <T> T locked(String what, DirectoryLock.Action<T> action) throws UKeyException {
    return lock.call(what, action);
  }

  /**
   * Deletes temporary files a crashed writer left behind. Safe under the lock: every writer
   * holds it from creating its temporary file to renaming it.
   */
  void removeStaleTemporaries() throws UKeyException {
    locked("cleaning up", () -> {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*" + AtomicFile.TEMP_SUFFIX)) {
        for (Path p : ds) {
          if (AtomicFile.isTemporary(p.getFileName().toString())
              && p.getFileName().toString().toLowerCase(Locale.ROOT).contains(SUFFIX)) {
            LOG.info("removing {}, left by an interrupted write", p);
            Files.deleteIfExists(p);
          }
        }
      }
      return null;
    });
  }

  @Override
  public String toString() {
    return "TokenDirectory[" + dir + "]";
  }
}
