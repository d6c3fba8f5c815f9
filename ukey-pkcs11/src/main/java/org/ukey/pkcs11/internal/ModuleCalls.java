package org.ukey.pkcs11.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CK;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_ATTRIBUTE;
import org.ukey.pkcs11.cryptoki.CK_INFO;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM_INFO;
import org.ukey.pkcs11.cryptoki.CK_SESSION_INFO;
import org.ukey.pkcs11.cryptoki.CK_SLOT_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.CkFunctions;
import org.ukey.pkcs11.cryptoki.NativeArena;
import org.ukey.pkcs11.cryptoki.StructLayout;

/**
 * The Cryptoki functions of one module with Java types: errors become {@link Pkcs11Exception}
 * (code, name, function), lists and attributes follow the two-call convention, structures are
 * parsed. Not used on the signing hot path ({@link Pkcs11Signer} calls {@link CkFunctions}
 * directly on a session's scratch memory).
 *
 * <p>Variable-length lists ({@code C_GetSlotList}, {@code C_GetMechanismList}) are read with the
 * two-call convention and re-read while the module answers {@code CKR_BUFFER_TOO_SMALL} (a slot
 * can appear between the calls; AktivCo pkcs11wrapper {@code LongArrayCallConvention} loops the
 * same way), at most a few times.
 *
 * <p><b>Thread-safety:</b> thread-safe when the module is; one thread per session.
 */
final class ModuleCalls {
  private static final int LIST_RETRIES = 4;
  private static final int MAX_LIST = 4096;
  private static final int MAX_ATTRIBUTE = 1 << 20;

  private final CkFunctions f;
  private final CkAbi abi;
  private volatile LongFunction<String> vendorCodeNames = rv -> null;
  /** Handle → opening of every session the SDK opened and has not closed or forgotten. */
  private final Map<Long, Long> owned = new HashMap<>();
  private long openings;
  /**
   * The {@code CK_SLOT_INFO} {@link #tokenPresent} reads into, guarded by itself: the presence
   * check runs on the signing path (at most every 100 ms per token), where building a layout,
   * an arena and a parsed record each time cost ~200 µs of cold code.
   */
  private final ByteBuffer presence;
  private final long presenceAddress;
  private final int presenceFlags;

  ModuleCalls(CkFunctions functions, CkAbi abi) {
    this.f = functions;
    this.abi = abi;
    StructLayout slotInfo = CK_SLOT_INFO.layout(abi);
    this.presence = ByteBuffer.allocateDirect(slotInfo.size()).order(ByteOrder.nativeOrder());
    this.presenceAddress = Pointer.nativeValue(Native.getDirectBufferPointer(presence));
    this.presenceFlags = slotInfo.offset("flags");
  }

  CkFunctions functions() {
    return f;
  }

  CkAbi abi() {
    return abi;
  }

  /** Names vendor return codes from a profile (used in messages only). */
  void vendorCodeNames(LongFunction<String> names) {
    this.vendorCodeNames = names;
  }

  String codeName(long rv) {
    if (rv >= CKR.CKR_VENDOR_DEFINED) {
      String n = vendorCodeNames.apply(rv);
      if (n != null) {
        return n;
      }
    }
    return CKR.describe(rv);
  }

  Pkcs11Exception error(String function, long rv) {
    return new Pkcs11Exception(function, rv, codeName(rv));
  }

  void check(String function, long rv) throws Pkcs11Exception {
    if (rv != CKR.CKR_OK) {
      throw error(function, rv);
    }
  }

  CK_INFO getInfo() throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_INFO.layout(abi).size();
      long p = a.allocate(size);
      check("C_GetInfo", f.C_GetInfo(p));
      return CK_INFO.read(a.buffer(p, size), abi);
    }
  }

  long[] getSlotList(boolean tokenPresent) throws UKeyException {
    byte present = (byte) (tokenPresent ? 1 : 0);
    return readList("C_GetSlotList", (p, count) -> f.C_GetSlotList(present, p, count));
  }

  CK_SLOT_INFO getSlotInfo(long slot) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_SLOT_INFO.layout(abi).size();
      long p = a.allocate(size);
      check("C_GetSlotInfo", f.C_GetSlotInfo(slot, p));
      return CK_SLOT_INFO.read(a.buffer(p, size), abi);
    }
  }

  /**
   * Whether the slot has a token ({@code CKF_TOKEN_PRESENT} of {@code C_GetSlotInfo}), read into
   * memory kept for it and nothing else parsed.
   *
   * @throws Pkcs11Exception when {@code C_GetSlotInfo} fails
   */
  boolean tokenPresent(long slot) throws Pkcs11Exception {
    synchronized (presence) {
      check("C_GetSlotInfo", f.C_GetSlotInfo(slot, presenceAddress));
      return (abi.getUlong(presence, presenceFlags) & CKF.CKF_TOKEN_PRESENT) != 0;
    }
  }

  CK_TOKEN_INFO getTokenInfo(long slot) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_TOKEN_INFO.layout(abi).size();
      long p = a.allocate(size);
      check("C_GetTokenInfo", f.C_GetTokenInfo(slot, p));
      return CK_TOKEN_INFO.read(a.buffer(p, size), abi);
    }
  }

  long[] getMechanismList(long slot) throws UKeyException {
    return readList("C_GetMechanismList", (p, count) -> f.C_GetMechanismList(slot, p, count));
  }

  CK_MECHANISM_INFO getMechanismInfo(long slot, long mechanism) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_MECHANISM_INFO.layout(abi).size();
      long p = a.allocate(size);
      check("C_GetMechanismInfo", f.C_GetMechanismInfo(slot, mechanism, p));
      return CK_MECHANISM_INFO.read(a.buffer(p, size), abi);
    }
  }

  /** The label is blank-padded to 32 bytes as {@code C_InitToken} requires. */
  void initToken(long slot, byte[] soPin, String label) throws Pkcs11Exception {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    if (l.length > 32) {
      throw new IllegalArgumentException("token label longer than 32 bytes of UTF-8: " + label);
    }
    byte[] padded = new byte[32];
    Arrays.fill(padded, (byte) ' ');
    System.arraycopy(l, 0, padded, 0, l.length);
    try (NativeArena a = new NativeArena(abi)) {
      check("C_InitToken", f.C_InitToken(slot, a.copy(soPin), soPin.length, a.copy(padded)));
    }
  }

  /**
   * Opens a read-write session and records it as the SDK's.
   *
   * <p>Opening and closing are serialized on the record of owned sessions, so a handle the
   * module reuses is recorded for its new opening before any thread could close it under its
   * old one: closing a reused handle would end another thread's live session, and a module
   * that frees a session while another thread is inside {@code C_Sign} on it crashes the
   * process.
   */
  SessionRef openSession(long slot) throws Pkcs11Exception {
    synchronized (owned) {
      long handle;
      try (NativeArena a = new NativeArena(abi)) {
        long out = a.ulongs(0);
        check("C_OpenSession", f.C_OpenSession(slot,
            CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, 0, 0, out));
        handle = a.getUlong(out);
      }
      SessionRef s = new SessionRef(handle, ++openings);
      // A previous owner of this handle was dropped by the module; it is now forgotten.
      owned.put(handle, s.opening());
      return s;
    }
  }

  /**
   * Closes a session if its handle still names it.
   *
   * @return the module's answer, or {@code CKR_SESSION_HANDLE_INVALID} without a call when the
   *     handle was forgotten or now belongs to a later opening
   */
  long closeSession(SessionRef s) {
    synchronized (owned) {
      if (!owned.remove(s.handle(), s.opening())) {
        return CKR.CKR_SESSION_HANDLE_INVALID;
      }
      return f.C_CloseSession(s.handle());
    }
  }

  /**
   * Forgets a session the module has dropped by itself (its token removed, or the module
   * answered {@code CKR_SESSION_HANDLE_INVALID}): no {@code C_CloseSession}, whose handle may
   * already name another session.
   */
  void forgetSession(SessionRef s) {
    synchronized (owned) {
      owned.remove(s.handle(), s.opening());
    }
  }

  /** How many sessions the SDK has open on this module by its own record. */
  int ownedSessions() {
    synchronized (owned) {
      return owned.size();
    }
  }

  CK_SESSION_INFO getSessionInfo(long session) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_SESSION_INFO.layout(abi).size();
      long p = a.allocate(size);
      check("C_GetSessionInfo", f.C_GetSessionInfo(session, p));
      return CK_SESSION_INFO.read(a.buffer(p, size), abi);
    }
  }

  /** Logs in; a {@code null} PIN uses the token's protected authentication path (PIN pad). */
  void login(long session, long userType, byte[] pin) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      check("C_Login",
          f.C_Login(session, userType, a.copy(pin), pin == null ? 0 : pin.length));
    }
  }

  void logout(long session) throws Pkcs11Exception {
    check("C_Logout", f.C_Logout(session));
  }

  void initPin(long session, byte[] pin) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      check("C_InitPIN", f.C_InitPIN(session, a.copy(pin), pin.length));
    }
  }

  void setPin(long session, byte[] oldPin, byte[] newPin) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      check("C_SetPIN", f.C_SetPIN(session, a.copy(oldPin), oldPin.length, a.copy(newPin),
          newPin.length));
    }
  }

  long createObject(long session, Template t) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      long out = a.ulongs(0);
      check("C_CreateObject", f.C_CreateObject(session, t.write(a), t.size(), out));
      return a.getUlong(out);
    }
  }

  void destroyObject(long session, long object) throws Pkcs11Exception {
    check("C_DestroyObject", f.C_DestroyObject(session, object));
  }

  /**
   * Finds objects, at most {@code max}; {@code C_FindObjectsFinal} is always called once the
   * search was initialized.
   */
  long[] findObjects(long session, Template t, int max) throws UKeyException {
    try (NativeArena a = new NativeArena(abi)) {
      check("C_FindObjectsInit", f.C_FindObjectsInit(session, t.write(a), t.size()));
      long[] found = new long[0];
      UKeyException failure = null;
      try {
        int batch = 64;
        long handles = a.allocate((long) batch * abi.ulongSize());
        long count = a.ulongs(0);
        while (found.length < max) {
          long rv = f.C_FindObjects(session, handles, batch, count);
          check("C_FindObjects", rv);
          long n = a.getUlong(count);
          if (n == 0) {
            break;
          }
          if (n > batch) {
            throw new InvalidEncodingException("C_FindObjects output", -1,
                "module returned " + n + " handles for a batch of " + batch);
          }
          long[] more = a.getUlongs(handles, (int) n);
          int keep = Math.min(more.length, max - found.length);
          long[] next = Arrays.copyOf(found, found.length + keep);
          System.arraycopy(more, 0, next, found.length, keep);
          found = next;
        }
      } catch (UKeyException e) {
        failure = e;
      }
      long rv = f.C_FindObjectsFinal(session);
      if (failure != null) {
        throw failure;
      }
      check("C_FindObjectsFinal", rv);
      return found;
    }
  }

  /**
   * Reads attributes. An attribute the object does not have, or will not reveal
   * ({@code CKR_ATTRIBUTE_TYPE_INVALID}, {@code CKR_ATTRIBUTE_SENSITIVE}: the module marks it
   * with {@code CK_UNAVAILABLE_INFORMATION} and fills the others, PKCS#11 v2.40 §5.7), is
   * absent from the result.
   */
  Map<Long, byte[]> getAttributes(long session, long object, long... types)
      throws UKeyException {
    Map<Long, byte[]> out = new HashMap<>();
    if (types.length == 0) {
      return out;
    }
    try (NativeArena a = new NativeArena(abi)) {
      int stride = CK_ATTRIBUTE.layout(abi).size();
      int size = stride * types.length;
      long array = a.allocate(size);
      ByteBuffer b = a.buffer(array, size);
      for (int i = 0; i < types.length; i++) {
        CK_ATTRIBUTE.write(b, i * stride, abi, types[i], 0, 0);
      }
      long rv = f.C_GetAttributeValue(session, object, array, types.length);
      if (rv != CKR.CKR_OK && rv != CKR.CKR_ATTRIBUTE_SENSITIVE
          && rv != CKR.CKR_ATTRIBUTE_TYPE_INVALID) {
        throw error("C_GetAttributeValue", rv);
      }
      long[] lengths = new long[types.length];
      int wanted = 0;
      for (int i = 0; i < types.length; i++) {
        lengths[i] = CK_ATTRIBUTE.readValueLen(b, i * stride, abi);
        boolean available = !CK.isUnavailable(lengths[i]);
        if (available && lengths[i] > MAX_ATTRIBUTE) {
          throw new InvalidEncodingException("C_GetAttributeValue output", -1,
              "attribute 0x" + Long.toHexString(types[i]) + " length " + lengths[i]
                  + " out of range (at most " + MAX_ATTRIBUTE + ")");
        }
        if (available) {
          wanted++;
        }
      }
      if (wanted == 0) {
        return out;
      }
      long[] values = new long[types.length];
      for (int i = 0; i < types.length; i++) {
        if (!CK.isUnavailable(lengths[i])) {
          values[i] = a.allocate(lengths[i]);
          CK_ATTRIBUTE.write(b, i * stride, abi, types[i], values[i], lengths[i]);
        } else {
          // Ask again with a null pointer so the module skips it.
          CK_ATTRIBUTE.write(b, i * stride, abi, types[i], 0, 0);
        }
      }
      rv = f.C_GetAttributeValue(session, object, array, types.length);
      if (rv != CKR.CKR_OK && rv != CKR.CKR_ATTRIBUTE_SENSITIVE
          && rv != CKR.CKR_ATTRIBUTE_TYPE_INVALID) {
        throw error("C_GetAttributeValue", rv);
      }
      for (int i = 0; i < types.length; i++) {
        if (values[i] == 0) {
          continue;
        }
        long n = CK_ATTRIBUTE.readValueLen(b, i * stride, abi);
        if (CK.isUnavailable(n)) {
          continue;
        }
        if (n > lengths[i]) {
          throw new InvalidEncodingException("C_GetAttributeValue output", -1,
              "module wrote " + n + " bytes into a " + lengths[i] + "-byte attribute buffer");
        }
        out.put(types[i], a.read(values[i], (int) n));
      }
      return out;
    }
  }

  void setAttributes(long session, long object, Template t) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      check("C_SetAttributeValue", f.C_SetAttributeValue(session, object, t.write(a), t.size()));
    }
  }

  /** Returns {public, private} handles. */
  long[] generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey)
      throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      int mechSize = CK_MECHANISM.layout(abi).size();
      long mech = a.allocate(mechSize);
      CK_MECHANISM.write(a.buffer(mech, mechSize), 0, abi, mechanism, 0, 0);
      long pub = a.ulongs(0);
      long priv = a.ulongs(0);
      check("C_GenerateKeyPair", f.C_GenerateKeyPair(session, mech, publicKey.write(a),
          publicKey.size(), privateKey.write(a), privateKey.size(), pub, priv));
      return new long[] {a.getUlong(pub), a.getUlong(priv)};
    }
  }

  byte[] generateRandom(long session, int length) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      long p = a.allocate(length);
      check("C_GenerateRandom", f.C_GenerateRandom(session, p, length));
      return a.read(p, length);
    }
  }

  /**
   * Polls for a slot event without blocking.
   *
   * @return the slot that changed, or empty when nothing happened ({@code CKR_NO_EVENT})
   * @throws Pkcs11Exception with {@code CKR_FUNCTION_NOT_SUPPORTED} when the module has no
   *     slot events
   */
  OptionalLong pollSlotEvent() throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      long slot = a.ulongs(0);
      long rv = f.C_WaitForSlotEvent(CKF.CKF_DONT_BLOCK, slot, 0);
      if (rv == CKR.CKR_NO_EVENT) {
        return OptionalLong.empty();
      }
      check("C_WaitForSlotEvent", rv);
      return OptionalLong.of(a.getUlong(slot));
    }
  }

  /**
   * Decrypts in one part with a buffer sized from what the caller expects, retrying with the
   * module's length only on {@code CKR_BUFFER_TOO_SMALL}.
   */
  byte[] decrypt(long session, long mechanism, byte[] parameter, long key, byte[] ciphertext,
      int expected) throws UKeyException {
    try (NativeArena a = new NativeArena(abi)) {
      int mechSize = CK_MECHANISM.layout(abi).size();
      long mech = a.allocate(mechSize);
      CK_MECHANISM.write(a.buffer(mech, mechSize), 0, abi, mechanism, a.copy(parameter),
          parameter == null ? 0 : parameter.length);
      check("C_DecryptInit", f.C_DecryptInit(session, mech, key));
      long in = a.copy(ciphertext);
      long capacity = Math.max(1, expected);
      long out = a.allocate(capacity);
      long len = a.ulongs(capacity);
      for (int attempt = 0; ; attempt++) {
        long rv = f.C_Decrypt(session, in, ciphertext.length, out, len);
        long n = a.getUlong(len);
        if (rv == CKR.CKR_BUFFER_TOO_SMALL && attempt < LIST_RETRIES && n > capacity
            && n <= MAX_ATTRIBUTE) {
          capacity = n;
          out = a.allocate(capacity);
          a.putUlong(len, capacity);
          continue;
        }
        check("C_Decrypt", rv);
        if (n > capacity) {
          throw new InvalidEncodingException("C_Decrypt output", -1,
              "module wrote " + n + " bytes into a " + capacity + "-byte buffer");
        }
        byte[] plain = a.read(out, (int) n);
        a.buffer(out, (int) capacity).put(new byte[(int) capacity]);
        return plain;
      }
    }
  }

  /** {@code rv = fn(listAddress, countAddress)} for the two-call list functions. */
  @FunctionalInterface
  private interface ListCall {
    long call(long list, long count);
  }

  private long[] readList(String name, ListCall call) throws UKeyException {
    try (NativeArena a = new NativeArena(abi)) {
      long count = a.ulongs(0);
      for (int attempt = 0; attempt < LIST_RETRIES; attempt++) {
        a.putUlong(count, 0);
        check(name, call.call(0, count));
        long n = a.getUlong(count);
        if (n == 0) {
          return new long[0];
        }
        if (n > MAX_LIST) {
          throw new InvalidEncodingException(name + " output", -1,
              "list of " + n + " entries out of range (at most " + MAX_LIST + ")");
        }
        long list = a.allocate(n * abi.ulongSize());
        long rv = call.call(list, count);
        if (rv == CKR.CKR_BUFFER_TOO_SMALL) {
          continue;
        }
        check(name, rv);
        long got = a.getUlong(count);
        if (got > n) {
          throw new InvalidEncodingException(name + " output", -1,
              "module wrote " + got + " entries into a list of " + n);
        }
        return a.getUlongs(list, (int) got);
      }
      throw error(name, CKR.CKR_BUFFER_TOO_SMALL);
    }
  }
}
