package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_C_INITIALIZE_ARGS}: the four mutex callbacks (always null here: we ask the module to
 * use the operating system's locks), the flags and a reserved pointer.
 */
public final class CK_C_INITIALIZE_ARGS {
  private CK_C_INITIALIZE_ARGS() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_C_INITIALIZE_ARGS", abi)
        .pointer("CreateMutex").pointer("DestroyMutex").pointer("LockMutex")
        .pointer("UnlockMutex").ulong("flags").pointer("pReserved").build();
  }

  /**
   * Writes the structure with null callbacks and a null reserved pointer.
   *
   * @param b a zeroed buffer in native order, at least {@code layout(abi).size()} long
   * @param abi the ABI
   * @param flags for example {@code CKF_OS_LOCKING_OK}
   */
  public static void write(ByteBuffer b, CkAbi abi, long flags) {
    abi.putUlong(b, layout(abi).offset("flags"), flags);
  }
}
