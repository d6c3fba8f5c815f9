package org.ukey.pkcs11.cryptoki;

/**
 * Bit flags ({@code CK_FLAGS}) of the structures and functions, as in OASIS {@code pkcs11t.h}
 * (oasis-tcs/pkcs11 {@code published/3-01/pkcs11t.h}). The same bit means different things in
 * different structures, so each group is named after the structure it belongs to.
 */
public final class CKF {
  // CK_C_INITIALIZE_ARGS.flags
  public static final long CKF_LIBRARY_CANT_CREATE_OS_THREADS = 0x1L;
  public static final long CKF_OS_LOCKING_OK = 0x2L;

  // CK_SLOT_INFO.flags
  public static final long CKF_TOKEN_PRESENT = 0x1L;
  public static final long CKF_REMOVABLE_DEVICE = 0x2L;
  public static final long CKF_HW_SLOT = 0x4L;

  // CK_TOKEN_INFO.flags
  public static final long CKF_RNG = 0x1L;
  public static final long CKF_WRITE_PROTECTED = 0x2L;
  public static final long CKF_LOGIN_REQUIRED = 0x4L;
  public static final long CKF_USER_PIN_INITIALIZED = 0x8L;
  public static final long CKF_RESTORE_KEY_NOT_NEEDED = 0x20L;
  public static final long CKF_CLOCK_ON_TOKEN = 0x40L;
  public static final long CKF_PROTECTED_AUTHENTICATION_PATH = 0x100L;
  public static final long CKF_DUAL_CRYPTO_OPERATIONS = 0x200L;
  public static final long CKF_TOKEN_INITIALIZED = 0x400L;
  public static final long CKF_SECONDARY_AUTHENTICATION = 0x800L;
  public static final long CKF_USER_PIN_COUNT_LOW = 0x10000L;
  public static final long CKF_USER_PIN_FINAL_TRY = 0x20000L;
  public static final long CKF_USER_PIN_LOCKED = 0x40000L;
  public static final long CKF_USER_PIN_TO_BE_CHANGED = 0x80000L;
  public static final long CKF_SO_PIN_COUNT_LOW = 0x100000L;
  public static final long CKF_SO_PIN_FINAL_TRY = 0x200000L;
  public static final long CKF_SO_PIN_LOCKED = 0x400000L;
  public static final long CKF_SO_PIN_TO_BE_CHANGED = 0x800000L;
  public static final long CKF_ERROR_STATE = 0x1000000L;

  // CK_SESSION_INFO.flags and C_OpenSession
  public static final long CKF_RW_SESSION = 0x2L;
  public static final long CKF_SERIAL_SESSION = 0x4L;

  // CK_MECHANISM_INFO.flags
  public static final long CKF_HW = 0x1L;
  public static final long CKF_ENCRYPT = 0x100L;
  public static final long CKF_DECRYPT = 0x200L;
  public static final long CKF_DIGEST = 0x400L;
  public static final long CKF_SIGN = 0x800L;
  public static final long CKF_SIGN_RECOVER = 0x1000L;
  public static final long CKF_VERIFY = 0x2000L;
  public static final long CKF_VERIFY_RECOVER = 0x4000L;
  public static final long CKF_GENERATE = 0x8000L;
  public static final long CKF_GENERATE_KEY_PAIR = 0x10000L;
  public static final long CKF_WRAP = 0x20000L;
  public static final long CKF_UNWRAP = 0x40000L;
  public static final long CKF_DERIVE = 0x80000L;
  public static final long CKF_EC_F_P = 0x100000L;
  public static final long CKF_EC_F_2M = 0x200000L;
  public static final long CKF_EC_ECPARAMETERS = 0x400000L;
  public static final long CKF_EC_OID = 0x800000L;
  public static final long CKF_EC_UNCOMPRESS = 0x1000000L;
  public static final long CKF_EC_COMPRESS = 0x2000000L;
  public static final long CKF_EXTENSION = 0x80000000L;

  // C_WaitForSlotEvent
  public static final long CKF_DONT_BLOCK = 0x1L;

  private CKF() {}
}
