package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_SESSION_INFO}: a session ({@code C_GetSessionInfo}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param slotID the slot
 * @param state a {@code CKS_*} state, which tells whether a user is logged in
 * @param flags {@code CKF_RW_SESSION}, {@code CKF_SERIAL_SESSION}
 * @param ulDeviceError a device-specific error code
 */
public record CK_SESSION_INFO(long slotID, long state, long flags, long ulDeviceError) {

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_SESSION_INFO", abi)
        .ulong("slotID").ulong("state").ulong("flags").ulong("ulDeviceError").build();
  }

  /**
   * Reads the structure.
   *
   * @param b the bytes, in native order, from offset 0
   * @param abi the ABI they were written with
   * @return the value
   */
  public static CK_SESSION_INFO read(ByteBuffer b, CkAbi abi) {
    StructLayout l = layout(abi);
    return new CK_SESSION_INFO(abi.getUlong(b, l.offset("slotID")),
        abi.getUlong(b, l.offset("state")), abi.getUlong(b, l.offset("flags")),
        abi.getUlong(b, l.offset("ulDeviceError")));
  }

  /**
   * Whether the user (not the SO) is logged in.
   *
   * @return true in the user-functions states
   */
  public boolean userLoggedIn() {
    return state == CKS.CKS_RO_USER_FUNCTIONS || state == CKS.CKS_RW_USER_FUNCTIONS;
  }
}
