package org.ukey.sm2.soft;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.PinStatus;

/**
 * The content of one token file, version 1, as documented in the package Javadoc: a header
 * (label, serial, PIN limits and flags, revision, the two PIN slots), the two PIN failure
 * counters, the sealed key store, and a SHA-256 checksum.
 *
 * <p>The header is the additional authenticated data of the key store's SM4-GCM seal, so a
 * header altered outside the SDK is detected when the store is opened at login. The failure
 * counters are deliberately outside: they change on every wrong PIN, when the data key is not
 * known. The checksum is not a security measure; it reports damage (truncation, bit rot) even to
 * a reader that has no PIN.
 *
 * <p><b>Thread-safety:</b> immutable; every change makes a new instance.
 */
final class TokenFile {
  static final byte[] MAGIC = "UKEYSOFT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** No token file is read beyond this size (hundreds of RSA-4096 keys fit comfortably). */
  static final int MAX_FILE_SIZE = 16 << 20;
  static final int MAX_LABEL_BYTES = 64;
  static final int SERIAL_LENGTH = 16;
  static final int MAX_RETRIES = 100;

  private static final int CHECKSUM_LENGTH = 32;
  private static final int FLAG_MUST_CHANGE = 1;
  private static final int FLAG_MUST_CHANGE_AFTER_RESET = 2;
  private static final int MIN_FILE_SIZE = MAGIC.length + 2 + 4 + 2 + Sm4Gcm.NONCE_LENGTH + 4
      + CHECKSUM_LENGTH;

  final String label;
  final String serial;
  final int maxUserRetries;
  final int maxSoRetries;
  final boolean mustChange;
  final boolean mustChangeAfterReset;
  final long revision;
  final PinSlot user;
  final PinSlot so;
  final int userFailures;
  final int soFailures;
  private final byte[] vaultNonce;
  private final byte[] vaultSealed;
  private final byte[] header;

  private TokenFile(String label, String serial, int maxUserRetries, int maxSoRetries,
      boolean mustChange, boolean mustChangeAfterReset, long revision, PinSlot user, PinSlot so,
      int userFailures, int soFailures, byte[] vaultNonce, byte[] vaultSealed) {
    this.label = label;
    this.serial = serial;
    this.maxUserRetries = maxUserRetries;
    this.maxSoRetries = maxSoRetries;
    this.mustChange = mustChange;
    this.mustChangeAfterReset = mustChangeAfterReset;
    this.revision = revision;
    this.user = user;
    this.so = so;
    this.userFailures = userFailures;
    this.soFailures = soFailures;
    this.vaultNonce = vaultNonce;
    this.vaultSealed = vaultSealed;
    this.header = encodeHeader();
  }

  /** A new token: revision 0, no failures, an empty key store sealed under {@code dataKey}. */
  static TokenFile create(String label, String serial, SoftTokenOptions options, PinSlot user,
      PinSlot so, byte[] dataKey) {
    TokenFile unsealed = new TokenFile(label, serial, options.maxPinRetries(),
        options.maxPinRetries(), options.mustChangePin(), options.mustChangePin(), 0, user, so, 0,
        0, new byte[0], new byte[0]);
    return unsealed.sealed(List.of(), dataKey);
  }

  // ---- changes ----

  /** The same token with other failure counters; the key store is kept byte for byte. */
  TokenFile withFailures(int newUserFailures, int newSoFailures) {
    return new TokenFile(label, serial, maxUserRetries, maxSoRetries, mustChange,
        mustChangeAfterReset, revision, user, so, newUserFailures, newSoFailures, vaultNonce,
        vaultSealed);
  }

  /**
   * The token after an authenticated change: a new user PIN slot and flag and/or new keys, the
   * revision incremented, the key store sealed again (its additional data, the header, changed).
   */
  TokenFile changed(PinSlot newUser, boolean newMustChange, int newUserFailures,
      int newSoFailures, List<StoredKey> keys, byte[] dataKey) {
    TokenFile unsealed = new TokenFile(label, serial, maxUserRetries, maxSoRetries, newMustChange,
        mustChangeAfterReset, revision + 1, newUser, so, newUserFailures, newSoFailures,
        new byte[0], new byte[0]);
    return unsealed.sealed(keys, dataKey);
  }

  private TokenFile sealed(List<StoredKey> keys, byte[] dataKey) {
    byte[] plain = StoredKey.encodeAll(keys);
    try {
      byte[] nonce = Sm4Gcm.newNonce();
      byte[] sealedStore = Sm4Gcm.seal(dataKey, nonce, storeAad(), plain);
      return new TokenFile(label, serial, maxUserRetries, maxSoRetries, mustChange,
          mustChangeAfterReset, revision, user, so, userFailures, soFailures, nonce,
          sealedStore);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ---- reading the key store ----

  /**
   * Opens the key store with the data key.
   *
   * @param file the file, for messages
   * @throws InvalidEncodingException if the seal does not verify: the header or the store was
   *     altered outside the SDK, or the content is malformed
   */
  List<StoredKey> openStore(Path file, byte[] dataKey) throws InvalidEncodingException {
    byte[] plain;
    try {
      plain = Sm4Gcm.open(dataKey, vaultNonce, storeAad(), vaultSealed);
    } catch (InvalidCipherTextException e) {
      throw new InvalidEncodingException("soft token file " + file, -1,
          "authentication of the key store failed: the file was modified outside the UKey SDK"
              + " (header or keys tampered with)", e);
    }
    try {
      return StoredKey.decodeAll("soft token file " + file + " key store", plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ---- status ----

  PinStatus pinStatus() {
    int left = Math.max(0, maxUserRetries - userFailures);
    return new PinStatus(OptionalInt.of(left), userFailures > 0, left == 1, left == 0, mustChange,
        soFailures >= maxSoRetries);
  }

  boolean userLocked() {
    return userFailures >= maxUserRetries;
  }

  boolean soLocked() {
    return soFailures >= maxSoRetries;
  }

  /** Whether {@code other} is this token (same serial) with the same authenticated content. */
  boolean sameRevision(TokenFile other) {
    return serial.equals(other.serial) && revision == other.revision
        && MessageDigest.isEqual(header, other.header);
  }

  // ---- encoding ----

  private byte[] encodeHeader() {
    FieldWriter w = new FieldWriter(256);
    w.utf8U8(label).bytesU8(serial.getBytes(StandardCharsets.US_ASCII))
        .u8(maxUserRetries).u8(maxSoRetries)
        .u8((mustChange ? FLAG_MUST_CHANGE : 0)
            | (mustChangeAfterReset ? FLAG_MUST_CHANGE_AFTER_RESET : 0))
        .u64(revision);
    user.write(w);
    so.write(w);
    return w.toByteArray();
  }

  private byte[] storeAad() {
    return new FieldWriter(header.length + 16).bytes(MAGIC).u16(VERSION).bytes(header)
        .toByteArray();
  }

  byte[] encode() {
    FieldWriter w = new FieldWriter(header.length + vaultSealed.length + 128);
    w.bytes(MAGIC).u16(VERSION).bytesU32(header).u8(userFailures).u8(soFailures)
        .bytes(vaultNonce).bytesU32(vaultSealed);
    byte[] body = w.toByteArray();
    return w.bytes(sha256(body, body.length)).toByteArray();
  }

  /**
   * Parses a token file strictly.
   *
   * @param file the file, for messages
   * @param bytes its content
   * @throws InvalidEncodingException naming the file, field and offset of the first problem
   */
  static TokenFile parse(Path file, byte[] bytes) throws InvalidEncodingException {
    String source = "soft token file " + file;
    if (bytes.length < MAGIC.length
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new InvalidEncodingException(source, 0, "not a UKey soft token file"
          + " (no \"UKEYSOFT\" signature)");
    }
    if (bytes.length < MIN_FILE_SIZE) {
      throw new InvalidEncodingException(source, bytes.length, "truncated: " + bytes.length
          + " bytes, a token file has at least " + MIN_FILE_SIZE);
    }
    int version = ((bytes[8] & 0xff) << 8) | (bytes[9] & 0xff);
    if (version != VERSION) {
      throw new InvalidEncodingException(source, 8, "format version " + version
          + " is not supported (this SDK reads version " + VERSION + ")");
    }
    int bodyEnd = bytes.length - CHECKSUM_LENGTH;
    if (!MessageDigest.isEqual(sha256(bytes, bodyEnd),
        Arrays.copyOfRange(bytes, bodyEnd, bytes.length))) {
      throw new InvalidEncodingException(source, bodyEnd, "checksum mismatch: the file is"
          + " damaged (truncated, or altered outside the UKey SDK)");
    }
    FieldReader r = new FieldReader(source, bytes, MAGIC.length + 2, bodyEnd);
    int headerLength = r.u32In("header length", 1, bodyEnd);
    int headerStart = r.position();
    byte[] rawHeader = r.bytes("header", headerLength);
    FieldReader h = new FieldReader(source, bytes, headerStart, headerStart + headerLength);
    String label = h.utf8U8("header.label", 1, MAX_LABEL_BYTES);
    int serialAt = h.position();
    byte[] serialBytes = h.bytesU8("header.serial", SERIAL_LENGTH, SERIAL_LENGTH);
    for (byte b : serialBytes) {
      if (!((b >= '0' && b <= '9') || (b >= 'A' && b <= 'F'))) {
        throw h.error("header.serial", serialAt, "not upper-case hexadecimal");
      }
    }
    String serial = new String(serialBytes, StandardCharsets.US_ASCII);
    int maxUser = h.u8In("header.maxUserPinRetries", 1, MAX_RETRIES);
    int maxSo = h.u8In("header.maxSoPinRetries", 1, MAX_RETRIES);
    int flagsAt = h.position();
    int flags = h.u8("header.flags");
    if ((flags & ~(FLAG_MUST_CHANGE | FLAG_MUST_CHANGE_AFTER_RESET)) != 0) {
      throw h.error("header.flags", flagsAt, "unknown flag bits 0x" + Integer.toHexString(flags));
    }
    long revision = h.u64("header.revision");
    PinSlot user = PinSlot.read(h, "header.userPin");
    PinSlot so = PinSlot.read(h, "header.soPin");
    h.expectEnd("header");
    int userFailures = r.u8In("userPinFailures", 0, maxUser);
    int soFailures = r.u8In("soPinFailures", 0, maxSo);
    byte[] nonce = r.bytes("keyStore.nonce", Sm4Gcm.NONCE_LENGTH);
    byte[] sealedStore = r.bytesU32("keyStore", Sm4Gcm.TAG_LENGTH, MAX_FILE_SIZE);
    r.expectEnd("file");
    TokenFile parsed = new TokenFile(label, serial, maxUser, maxSo,
        (flags & FLAG_MUST_CHANGE) != 0, (flags & FLAG_MUST_CHANGE_AFTER_RESET) != 0, revision,
        user, so, userFailures, soFailures, nonce, sealedStore);
    if (!Arrays.equals(parsed.header, rawHeader)) {
      // The format is canonical; a header that reads but re-encodes differently was forged.
      throw new InvalidEncodingException(source + " header", headerStart,
          "not in canonical form");
    }
    return parsed;
  }

  private static byte[] sha256(byte[] data, int length) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
