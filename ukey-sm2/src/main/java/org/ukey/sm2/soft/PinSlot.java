package org.ukey.sm2.soft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.ukey.api.InvalidEncodingException;

/**
 * One PIN's record in a token file: the scrypt cost and salt, and the token's data key sealed
 * with SM4-GCM under the key scrypt derives from the PIN. A wrong PIN derives a wrong key and the
 * GCM tag check fails; nothing else about the PIN is stored.
 *
 * <p>The seal's additional data binds the record to its role and token ({@code "UKEYSOFT"},
 * role, serial, KDF id and cost, salt), so a user record copied into the SO slot, or into another
 * token, does not open.
 *
 * <p><b>Thread-safety:</b> immutable (arrays are never handed out).
 */
final class PinSlot {
  /** Which PIN a slot belongs to; the value is written in the seal's additional data. */
  enum Role {
    USER(1, "user"),
    SO(2, "SO");

    final int code;
    final String label;

    Role(int code, String label) {
      this.code = code;
      this.label = label;
    }
  }

  static final int KDF_SCRYPT = 1;
  static final int SALT_LENGTH = 16;
  static final int MAX_SALT_LENGTH = 64;
  static final int WRAPPED_LENGTH = Sm4Gcm.KEY_LENGTH + Sm4Gcm.TAG_LENGTH;

  private final ScryptCost cost;
  private final byte[] salt;
  private final byte[] nonce;
  private final byte[] wrapped;

  private PinSlot(ScryptCost cost, byte[] salt, byte[] nonce, byte[] wrapped) {
    this.cost = cost;
    this.salt = salt;
    this.nonce = nonce;
    this.wrapped = wrapped;
  }

  /**
   * The slot for a PIN whose key has already been derived (see {@link #deriveNew}).
   *
   * @param derived the PIN-derived key and the salt and cost it was derived with
   * @param dataKey the token's data key
   */
  static PinSlot seal(Derived derived, Role role, String serial, byte[] dataKey) {
    byte[] nonce = Sm4Gcm.newNonce();
    byte[] aad = aad(role, serial, derived.cost, derived.salt);
    return new PinSlot(derived.cost, derived.salt.clone(), nonce,
        Sm4Gcm.seal(derived.kek, nonce, aad, dataKey));
  }

  /** A fresh salt and the key derived from a PIN with it: the slow step, done outside locks. */
  static Derived deriveNew(ScryptCost cost, byte[] pinUtf8) {
    byte[] salt = Sm4Gcm.randomBytes(SALT_LENGTH);
    return new Derived(cost, salt, cost.derive(pinUtf8, salt));
  }

  /** The key derived from a PIN with this slot's salt and cost: the slow step. */
  Derived derive(byte[] pinUtf8) {
    return new Derived(cost, salt, cost.derive(pinUtf8, salt));
  }

  /**
   * Opens the data key with a derived key.
   *
   * @return the data key, or null when the PIN was wrong (or the slot was altered)
   */
  byte[] open(Derived derived, Role role, String serial) {
    if (!Arrays.equals(derived.salt, salt) || !derived.cost.equals(cost)) {
      return null;
    }
    try {
      return Sm4Gcm.open(derived.kek, nonce, aad(role, serial, cost, salt), wrapped);
    } catch (InvalidCipherTextException e) {
      return null;
    }
  }

  ScryptCost cost() {
    return cost;
  }

  /** Whether two slots are the same record (same salt, nonce and sealed key). */
  boolean sameAs(PinSlot other) {
    return MessageDigest.isEqual(salt, other.salt) && MessageDigest.isEqual(nonce, other.nonce)
        && MessageDigest.isEqual(wrapped, other.wrapped) && cost.equals(other.cost);
  }

  void write(FieldWriter w) {
    w.u8(KDF_SCRYPT).u8(cost.log2N()).u8(cost.r()).u8(cost.p())
        .bytesU8(salt).bytes(nonce).bytes(wrapped);
  }

  static PinSlot read(FieldReader r, String field) throws InvalidEncodingException {
    int kdfAt = r.position();
    int kdf = r.u8(field + ".kdf");
    if (kdf != KDF_SCRYPT) {
      throw r.error(field + ".kdf", kdfAt, "unknown key derivation " + kdf + " (1 = scrypt)");
    }
    int costAt = r.position();
    int log2N = r.u8(field + ".scrypt.log2N");
    int rr = r.u8(field + ".scrypt.r");
    int p = r.u8(field + ".scrypt.p");
    String problem = ScryptCost.problem(log2N, rr, p);
    if (problem != null) {
      throw r.error(field + ".scrypt", costAt, problem);
    }
    byte[] salt = r.bytesU8(field + ".salt", SALT_LENGTH, MAX_SALT_LENGTH);
    byte[] nonce = r.bytes(field + ".nonce", Sm4Gcm.NONCE_LENGTH);
    byte[] wrapped = r.bytes(field + ".wrappedKey", WRAPPED_LENGTH);
    return new PinSlot(new ScryptCost(log2N, rr, p), salt, nonce, wrapped);
  }

  private static byte[] aad(Role role, String serial, ScryptCost cost, byte[] salt) {
    return new FieldWriter(64).bytes(TokenFile.MAGIC).u8(role.code)
        .bytesU8(serial.getBytes(StandardCharsets.US_ASCII))
        .u8(KDF_SCRYPT).u8(cost.log2N()).u8(cost.r()).u8(cost.p()).bytesU8(salt)
        .toByteArray();
  }

  /**
   * A key derived from a PIN, with the salt and cost it came from. Holds a secret: call
   * {@link #close()} when done.
   */
  static final class Derived implements AutoCloseable {
    private final ScryptCost cost;
    private final byte[] salt;
    private final byte[] kek;

    private Derived(ScryptCost cost, byte[] salt, byte[] kek) {
      this.cost = cost;
      this.salt = salt;
      this.kek = kek;
    }

    @Override
    public void close() {
      Arrays.fill(kek, (byte) 0);
    }
  }
}
