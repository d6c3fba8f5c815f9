package org.ukey.sm2.soft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ukey.api.InvalidEncodingException;

/**
 * One key pair as the soft token stores it inside its sealed key store: label, id, public key
 * ({@code SubjectPublicKeyInfo} DER), private key (PKCS#8 {@code PrivateKeyInfo} DER) and the
 * certificate DER if any.
 *
 * <p><b>Security:</b> holds private key material; {@link #wipe()} zeroes it. Never printed.
 *
 * <p><b>Thread-safety:</b> not to be shared mutable: arrays are copied in and out.
 */
final class StoredKey {
  static final int MAX_KEYS = 4096;
  static final int MAX_LABEL_BYTES = 128;
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_CERTIFICATE_LENGTH = 1 << 20;

  final String label;
  private final byte[] id;
  private final byte[] spki;
  private final byte[] pkcs8;
  private final byte[] certificate;

  StoredKey(String label, byte[] id, byte[] spki, byte[] pkcs8, byte[] certificate) {
    this.label = label;
    this.id = id.clone();
    this.spki = spki.clone();
    this.pkcs8 = pkcs8.clone();
    this.certificate = certificate == null ? null : certificate.clone();
  }

  byte[] id() {
    return id.clone();
  }

  boolean hasId(byte[] other) {
    return Arrays.equals(id, other);
  }

  byte[] spki() {
    return spki.clone();
  }

  /** A copy of the private key DER; the caller wipes it. */
  byte[] pkcs8() {
    return pkcs8.clone();
  }

  /** The certificate DER, or null. */
  byte[] certificate() {
    return certificate == null ? null : certificate.clone();
  }

  StoredKey withCertificate(byte[] der) {
    return new StoredKey(label, id, spki, pkcs8, der);
  }

  void wipe() {
    Arrays.fill(pkcs8, (byte) 0);
  }

  static void wipeAll(List<StoredKey> keys) {
    for (StoredKey k : keys) {
      k.wipe();
    }
  }

  @Override
  public String toString() {
    return "StoredKey[" + label + "]";
  }

  static byte[] encodeAll(List<StoredKey> keys) {
    FieldWriter w = new FieldWriter(256 + keys.size() * 2048);
    w.u16(keys.size());
    for (StoredKey k : keys) {
      w.utf8U8(k.label).bytesU8(k.id).bytesU16(k.spki).bytesU16(k.pkcs8)
          .bytesU32(k.certificate == null ? new byte[0] : k.certificate);
    }
    return w.toByteArrayAndWipe();
  }

  static List<StoredKey> decodeAll(String source, byte[] plain) throws InvalidEncodingException {
    FieldReader r = new FieldReader(source, plain, 0, plain.length);
    int count = r.u16In("key count", 0, MAX_KEYS);
    List<StoredKey> keys = new ArrayList<>(Math.min(count, 64));
    try {
      for (int i = 0; i < count; i++) {
        String f = "key[" + i + "]";
        String label = r.utf8U8(f + ".label", 1, MAX_LABEL_BYTES);
        byte[] id = r.bytesU8(f + ".id", 1, MAX_ID_LENGTH);
        byte[] spki = r.bytesU16(f + ".publicKey", 1, 0xffff);
        byte[] pkcs8 = r.bytesU16(f + ".privateKey", 1, 0xffff);
        byte[] cert = r.bytesU32(f + ".certificate", 0, MAX_CERTIFICATE_LENGTH);
        keys.add(new StoredKey(label, id, spki, pkcs8, cert.length == 0 ? null : cert));
        Arrays.fill(pkcs8, (byte) 0);
      }
      r.expectEnd("key store");
    } catch (InvalidEncodingException e) {
      wipeAll(keys);
      throw e;
    }
    return keys;
  }
}
