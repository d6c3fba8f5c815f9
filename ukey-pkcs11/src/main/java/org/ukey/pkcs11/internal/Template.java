package org.ukey.pkcs11.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ukey.pkcs11.cryptoki.CK_ATTRIBUTE;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.NativeArena;

/**
 * A list of attributes with values, written as a contiguous {@code CK_ATTRIBUTE[]} for
 * {@code C_FindObjectsInit}, {@code C_CreateObject}, {@code C_GenerateKeyPair} and
 * {@code C_SetAttributeValue}.
 *
 * <p><b>Thread-safety:</b> not thread-safe; build, write, discard.
 */
final class Template {
  private final List<Long> types = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  Template bool(long type, boolean value) {
    return add(type, new byte[] {(byte) (value ? 1 : 0)});
  }

  /** A CK_ULONG value, encoded at write time in the ABI's size and byte order. */
  Template ulong(long type, long value) {
    types.add(type);
    values.add(value);
    return this;
  }

  Template bytes(long type, byte[] value) {
    return add(type, value.clone());
  }

  Template utf8(long type, String value) {
    return add(type, value.getBytes(StandardCharsets.UTF_8));
  }

  private Template add(long type, byte[] value) {
    types.add(type);
    values.add(value);
    return this;
  }

  int size() {
    return types.size();
  }

  boolean has(long type) {
    return types.contains(type);
  }

  /**
   * Writes the array and its values into an arena.
   *
   * @return the array's address (0 for an empty template)
   */
  long write(NativeArena arena) {
    if (types.isEmpty()) {
      return 0;
    }
    CkAbi abi = arena.abi();
    int stride = CK_ATTRIBUTE.layout(abi).size();
    long array = arena.allocate((long) stride * types.size());
    ByteBuffer b = arena.buffer(array, stride * types.size());
    for (int i = 0; i < types.size(); i++) {
      byte[] v;
      if (values.get(i) instanceof Long) {
        ByteBuffer u = ByteBuffer.allocate(abi.ulongSize()).order(ByteOrder.nativeOrder());
        abi.putUlong(u, 0, (Long) values.get(i));
        v = u.array();
      } else {
        v = (byte[]) values.get(i);
      }
      CK_ATTRIBUTE.write(b, i * stride, abi, types.get(i), arena.copy(v), v.length);
    }
    return array;
  }

  /** Zeroes the values (templates for key import carry private key material). */
  void wipe() {
    for (Object v : values) {
      if (v instanceof byte[]) {
        NativeArena.wipe((byte[]) v);
      }
    }
  }
}
