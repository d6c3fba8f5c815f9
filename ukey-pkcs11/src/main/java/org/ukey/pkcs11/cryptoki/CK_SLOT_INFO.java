package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_SLOT_INFO}: a slot ({@code C_GetSlotInfo}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param slotDescription the slot description, blanks trimmed
 * @param manufacturerID the slot maker, blanks trimmed
 * @param flags {@code CKF_TOKEN_PRESENT}, {@code CKF_REMOVABLE_DEVICE}, {@code CKF_HW_SLOT}
 * @param hardwareVersion the hardware version
 * @param firmwareVersion the firmware version
 */
public record CK_SLOT_INFO(String slotDescription, String manufacturerID, long flags,
    CK_VERSION hardwareVersion, CK_VERSION firmwareVersion) {

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_SLOT_INFO", abi)
        .bytes("slotDescription", 64)
        .bytes("manufacturerID", 32)
        .ulong("flags")
        .version("hardwareVersion")
        .version("firmwareVersion")
        .build();
  }

  /**
   * Reads the structure.
   *
   * @param b the bytes, in native order, from offset 0
   * @param abi the ABI they were written with
   * @return the value
   */
  public static CK_SLOT_INFO read(ByteBuffer b, CkAbi abi) {
    StructLayout l = layout(abi);
    return new CK_SLOT_INFO(CkText.read(b, l.offset("slotDescription"), 64),
        CkText.read(b, l.offset("manufacturerID"), 32),
        abi.getUlong(b, l.offset("flags")),
        CK_VERSION.read(b, l.offset("hardwareVersion")),
        CK_VERSION.read(b, l.offset("firmwareVersion")));
  }

  /**
   * Whether a token is in the slot.
   *
   * @return {@code CKF_TOKEN_PRESENT}
   */
  public boolean tokenPresent() {
    return (flags & CKF.CKF_TOKEN_PRESENT) != 0;
  }
}
