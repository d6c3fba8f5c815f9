package org.ukey.ofd;

/**
 * Limits on what is read from an OFD package, so that no input can exhaust memory: the number of
 * entries, each entry's and the total uncompressed size, and how many times an entry may expand
 * (a zip bomb expands thousands of times).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param maxEntries the most entries
 * @param maxEntrySize the largest uncompressed entry, in bytes
 * @param maxTotalSize the largest total uncompressed size, in bytes
 * @param maxRatio the largest uncompressed ÷ compressed size of an entry
 */
public record OfdLimits(int maxEntries, long maxEntrySize, long maxTotalSize, int maxRatio) {
  /** 10,000 entries, 64 MiB per entry, 256 MiB in all, 200:1 expansion. */
  public static final OfdLimits DEFAULT = new OfdLimits(10_000, 64L << 20, 256L << 20, 200);

  /**
   * Validates the limits.
   *
   * @param maxEntries the most entries, at least 1
   * @param maxEntrySize the largest entry, at least 1
   * @param maxTotalSize the largest total, at least 1
   * @param maxRatio the largest expansion, at least 1
   */
  public OfdLimits {
    if (maxEntries < 1 || maxEntrySize < 1 || maxTotalSize < 1 || maxRatio < 1) {
      throw new IllegalArgumentException("OFD limits must be positive");
    }
  }
}
