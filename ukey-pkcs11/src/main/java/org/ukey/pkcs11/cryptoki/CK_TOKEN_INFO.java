package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_TOKEN_INFO}: a token ({@code C_GetTokenInfo}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param label the token label, blanks trimmed
 * @param manufacturerID the token maker, blanks trimmed
 * @param model the model, blanks trimmed
 * @param serialNumber the serial number, blanks trimmed
 * @param flags the {@code CKF_*} token flags
 * @param ulMaxSessionCount the session limit; 0 is {@code CK_EFFECTIVELY_INFINITE}, all ones is
 *     {@code CK_UNAVAILABLE_INFORMATION}
 * @param ulSessionCount the sessions open now (all applications), or unavailable
 * @param ulMaxRwSessionCount the read/write session limit
 * @param ulRwSessionCount the read/write sessions open now
 * @param ulMaxPinLen the longest PIN in bytes
 * @param ulMinPinLen the shortest PIN in bytes
 * @param ulTotalPublicMemory total public memory in bytes
 * @param ulFreePublicMemory free public memory in bytes
 * @param ulTotalPrivateMemory total private memory in bytes
 * @param ulFreePrivateMemory free private memory in bytes
 * @param hardwareVersion the hardware version
 * @param firmwareVersion the firmware version
 * @param utcTime the token clock, when {@code CKF_CLOCK_ON_TOKEN}
 */
public record CK_TOKEN_INFO(String label, String manufacturerID, String model,
    String serialNumber, long flags, long ulMaxSessionCount, long ulSessionCount,
    long ulMaxRwSessionCount, long ulRwSessionCount, long ulMaxPinLen, long ulMinPinLen,
    long ulTotalPublicMemory, long ulFreePublicMemory, long ulTotalPrivateMemory,
    long ulFreePrivateMemory, CK_VERSION hardwareVersion, CK_VERSION firmwareVersion,
    String utcTime) {

  private static final String[] COUNTS = {"ulMaxSessionCount", "ulSessionCount",
      "ulMaxRwSessionCount", "ulRwSessionCount", "ulMaxPinLen", "ulMinPinLen",
      "ulTotalPublicMemory", "ulFreePublicMemory", "ulTotalPrivateMemory",
      "ulFreePrivateMemory"};

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    StructLayout.Builder b = StructLayout.of("CK_TOKEN_INFO", abi)
        .bytes("label", 32)
        .bytes("manufacturerID", 32)
        .bytes("model", 16)
        .bytes("serialNumber", 16)
        .ulong("flags");
    for (String count : COUNTS) {
      b.ulong(count);
    }
    return b.version("hardwareVersion")
        .version("firmwareVersion")
        .bytes("utcTime", 16)
        .build();
  }

  /**
   * Reads the structure.
   *
   * @param b the bytes, in native order, from offset 0
   * @param abi the ABI they were written with
   * @return the value
   */
  public static CK_TOKEN_INFO read(ByteBuffer b, CkAbi abi) {
    StructLayout l = layout(abi);
    long[] c = new long[COUNTS.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = abi.getUlong(b, l.offset(COUNTS[i]));
    }
    return new CK_TOKEN_INFO(CkText.read(b, l.offset("label"), 32),
        CkText.read(b, l.offset("manufacturerID"), 32),
        CkText.read(b, l.offset("model"), 16),
        CkText.read(b, l.offset("serialNumber"), 16),
        abi.getUlong(b, l.offset("flags")),
        c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9],
        CK_VERSION.read(b, l.offset("hardwareVersion")),
        CK_VERSION.read(b, l.offset("firmwareVersion")),
        CkText.read(b, l.offset("utcTime"), 16));
  }

  /**
   * Whether a flag is set.
   *
   * @param flag a {@code CKF_*} token flag
   * @return true when set
   */
  public boolean has(long flag) {
    return (flags & flag) != 0;
  }
}
