package org.ukey.ofd.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ukey.api.InvalidEncodingException;
import org.ukey.ofd.OfdLimits;

/**
 * The files of an OFD package (a zip, GB/T 33190 §7.1), read with hard limits so that no input
 * can exhaust memory or escape the package: a bounded number of entries, bounded sizes per entry
 * and in total, a bounded expansion ratio, and names that are relative, normalised and unique.
 *
 * <p>Paths are kept as OFD writes them in references: absolute from the package root, such as
 * {@code /Doc_0/Signs/Sign_0/Signature.xml}.
 *
 * <p><b>Thread-safety:</b> immutable after reading.
 */
public final class OfdPackage {
  private final Map<String, byte[]> files;

  private OfdPackage(Map<String, byte[]> files) {
    this.files = Collections.unmodifiableMap(files);
  }

  /**
   * Reads a package.
   *
   * @param zip the package bytes
   * @param limits the limits
   * @return the package
   * @throws InvalidEncodingException if it is not a zip, breaks a limit, or has a bad entry name
   */
  public static OfdPackage read(byte[] zip, OfdLimits limits) throws InvalidEncodingException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (files.size() >= limits.maxEntries()) {
          throw new InvalidEncodingException("OFD package", -1,
              "more than " + limits.maxEntries() + " entries");
        }
        String name = normalize(e.getName());
        if (e.isDirectory()) {
          continue;
        }
        if (files.containsKey(name)) {
          throw new InvalidEncodingException("OFD package entry " + name, -1,
              "appears twice (an ambiguous package)");
        }
        byte[] data = readBounded(in, name, limits, limits.maxTotalSize() - total);
        long compressed = e.getCompressedSize();
        if (compressed > 0 && data.length / compressed > limits.maxRatio()) {
          throw new InvalidEncodingException("OFD package entry " + name, -1,
              "expands " + (data.length / compressed) + " times (more than "
                  + limits.maxRatio() + ": a zip bomb?)");
        }
        total += data.length;
        files.put(name, data);
      }
    } catch (ZipException e) {
      throw new InvalidEncodingException("OFD package", -1, "not a readable zip: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidEncodingException("OFD package", -1, "cannot be read: " + e.getMessage(),
          e);
    }
    if (files.isEmpty()) {
      throw new InvalidEncodingException("OFD package", 0, "not a zip, or an empty one");
    }
    return new OfdPackage(files);
  }

  private static byte[] readBounded(InputStream in, String name, OfdLimits limits, long totalLeft)
      throws IOException, InvalidEncodingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long max = Math.min(limits.maxEntrySize(), totalLeft);
    for (int n; (n = in.read(buf)) > 0; ) {
      if (out.size() + (long) n > max) {
        throw new InvalidEncodingException("OFD package entry " + name, -1,
            out.size() + n > limits.maxEntrySize()
                ? "larger than " + limits.maxEntrySize() + " bytes uncompressed (a zip bomb?)"
                : "the package expands beyond " + limits.maxTotalSize() + " bytes (a zip bomb?)");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * A zip entry name as an absolute package path, refusing names that could escape the package
   * or mean two things: absolute names, drive letters, backslashes, {@code .} and {@code ..}
   * segments, empty segments, control characters.
   */
  static String normalize(String zipName) throws InvalidEncodingException {
    String name = zipName.endsWith("/") ? zipName.substring(0, zipName.length() - 1) : zipName;
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
      throw new InvalidEncodingException("OFD package entry '" + printable(zipName) + "'", -1,
          "not a relative path inside the package");
    }
    for (String seg : name.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new InvalidEncodingException("OFD package entry '" + printable(zipName) + "'", -1,
            "has an empty, '.' or '..' segment (path traversal)");
      }
      for (int i = 0; i < seg.length(); i++) {
        if (seg.charAt(i) < 0x20) {
          throw new InvalidEncodingException("OFD package entry '" + printable(zipName) + "'",
              -1, "has a control character");
        }
      }
    }
    return "/" + name;
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 80); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 ? '?' : c);
    }
    return sb.toString();
  }

  /**
   * The file names, absolute, in package order.
   *
   * @return the names
   */
  public Set<String> names() {
    return files.keySet();
  }

  /**
   * Whether a file is present.
   *
   * @param path the absolute path
   * @return true when present
   */
  public boolean has(String path) {
    return files.containsKey(path);
  }

  /**
   * A file's bytes.
   *
   * @param path the absolute path
   * @return the bytes (the package's own array: do not modify)
   * @throws InvalidEncodingException if the file is not in the package
   */
  public byte[] get(String path) throws InvalidEncodingException {
    byte[] b = files.get(path);
    if (b == null) {
      throw new InvalidEncodingException("OFD package", -1, path + " is not in the package");
    }
    return b;
  }

  /**
   * Writes a package: these files, in this order (existing bytes unchanged, new ones added).
   *
   * @param files absolute paths to contents
   * @param out where to write the zip
   * @throws IOException if writing fails
   */
  public static void write(Map<String, byte[]> files, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipEntry e = new ZipEntry(f.getKey().substring(1));
        // A fixed time keeps the package reproducible; the time is not part of any signature.
        e.setTime(0L);
        zip.putNextEntry(e);
        zip.write(f.getValue());
        zip.closeEntry();
      }
    }
  }

  /**
   * A mutable copy of the files, for building a new package.
   *
   * @return the files in order
   */
  public Map<String, byte[]> copy() {
    return new LinkedHashMap<>(files);
  }
}
