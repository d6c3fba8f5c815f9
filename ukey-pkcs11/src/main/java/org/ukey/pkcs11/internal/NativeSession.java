package org.ukey.pkcs11.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One open PKCS#11 session and its scratch memory: a direct buffer the signing path writes the
 * {@code CK_MECHANISM}, its parameter, the input and the output length into, so that a
 * signature costs two native calls and no native allocation.
 *
 * <p>The scratch buffer is freed by the garbage collector only once this object is unreachable;
 * the pool holds it from {@link SessionPool#borrow()} to {@link SessionPool#release}, which
 * every caller reaches in {@code finally} after its last native call, so no call can see the
 * memory freed.
 *
 * <p>Used by one thread at a time: the {@link SessionPool} hands it out and takes it back.
 */
final class NativeSession {
  static final int MECHANISM = 0;
  static final int OUT_LENGTH = 32;
  static final int PARAMETER = 64;
  static final int PARAMETER_CAPACITY = 192;
  static final int DATA = 256;
  static final int DATA_CAPACITY = 4096;
  static final int OUT = DATA + DATA_CAPACITY;
  static final int OUT_CAPACITY = 4096;
  static final int SIZE = OUT + OUT_CAPACITY;
  /** Room for a raw r‖s of the largest curve a profile can name (P-521: 2 × 66 bytes). */
  static final int RAW_SIGNATURE_CAPACITY = 2 * 66;

  final SessionRef ref;
  final long handle;
  final int generation;
  final ByteBuffer scratch;
  final long address;
  /**
   * Where the signing path copies a token's raw r‖s to encode it as DER, so that a signature
   * allocates only the DER it returns. Holds public data only.
   */
  final byte[] rawSignature = new byte[RAW_SIGNATURE_CAPACITY];
  /** Set when an operation may have been left active; the pool then closes the session. */
  boolean broken;
  /**
   * Set when the module has dropped the session by itself (it answered
   * {@code CKR_SESSION_HANDLE_INVALID}, {@code CKR_DEVICE_REMOVED} …): the pool forgets it
   * without {@code C_CloseSession}.
   */
  boolean dead;

  NativeSession(SessionRef ref, int generation) {
    this.ref = ref;
    this.handle = ref.handle();
    this.generation = generation;
    this.scratch = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
    this.address = Pointer.nativeValue(Native.getDirectBufferPointer(scratch));
  }
}
