package org.ukey.pkcs11.cryptoki;

/** Special {@code CK_ULONG} values of OASIS {@code pkcs11t.h}. */
public final class CK {
  /** {@code CK_UNAVAILABLE_INFORMATION}, {@code ~0UL}: the all-ones value of a CK_ULONG. */
  public static final long CK_UNAVAILABLE_INFORMATION_64 = 0xFFFFFFFFFFFFFFFFL;
  /** {@code CK_UNAVAILABLE_INFORMATION} where CK_ULONG is 32 bits (Windows, 32-bit Unix). */
  public static final long CK_UNAVAILABLE_INFORMATION_32 = 0xFFFFFFFFL;
  /** {@code CK_EFFECTIVELY_INFINITE}: no limit. */
  public static final long CK_EFFECTIVELY_INFINITE = 0L;
  /** {@code CK_INVALID_HANDLE}. */
  public static final long CK_INVALID_HANDLE = 0L;

  private CK() {}

  /**
   * Whether a CK_ULONG read on this ABI is {@code CK_UNAVAILABLE_INFORMATION}.
   *
   * @param value the value as read (unsigned)
   * @return true when it is the all-ones value
   */
  public static boolean isUnavailable(long value) {
    return value == CK_UNAVAILABLE_INFORMATION_64 || value == CK_UNAVAILABLE_INFORMATION_32;
  }
}
