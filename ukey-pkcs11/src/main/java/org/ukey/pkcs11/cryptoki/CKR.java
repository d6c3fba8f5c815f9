package org.ukey.pkcs11.cryptoki;

import java.util.Optional;

/**
 * Return values ({@code CK_RV}), as in OASIS {@code pkcs11t.h} (oasis-tcs/pkcs11
 * {@code published/3-01/pkcs11t.h}). Values are unsigned 32-bit quantities held in a
 * {@code long}; vendor codes are {@code >= CKR_VENDOR_DEFINED}.
 */
public final class CKR {
  public static final long CKR_OK = 0x0L;
  public static final long CKR_CANCEL = 0x1L;
  public static final long CKR_HOST_MEMORY = 0x2L;
  public static final long CKR_SLOT_ID_INVALID = 0x3L;
  public static final long CKR_GENERAL_ERROR = 0x5L;
  public static final long CKR_FUNCTION_FAILED = 0x6L;
  public static final long CKR_ARGUMENTS_BAD = 0x7L;
  public static final long CKR_NO_EVENT = 0x8L;
  public static final long CKR_NEED_TO_CREATE_THREADS = 0x9L;
  public static final long CKR_CANT_LOCK = 0xAL;
  public static final long CKR_ATTRIBUTE_READ_ONLY = 0x10L;
  public static final long CKR_ATTRIBUTE_SENSITIVE = 0x11L;
  public static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12L;
  public static final long CKR_ATTRIBUTE_VALUE_INVALID = 0x13L;
  public static final long CKR_ACTION_PROHIBITED = 0x1BL;
  public static final long CKR_DATA_INVALID = 0x20L;
  public static final long CKR_DATA_LEN_RANGE = 0x21L;
  public static final long CKR_DEVICE_ERROR = 0x30L;
  public static final long CKR_DEVICE_MEMORY = 0x31L;
  public static final long CKR_DEVICE_REMOVED = 0x32L;
  public static final long CKR_ENCRYPTED_DATA_INVALID = 0x40L;
  public static final long CKR_ENCRYPTED_DATA_LEN_RANGE = 0x41L;
  public static final long CKR_FUNCTION_CANCELED = 0x50L;
  public static final long CKR_FUNCTION_NOT_PARALLEL = 0x51L;
  public static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54L;
  public static final long CKR_KEY_HANDLE_INVALID = 0x60L;
  public static final long CKR_KEY_SIZE_RANGE = 0x62L;
  public static final long CKR_KEY_TYPE_INCONSISTENT = 0x63L;
  public static final long CKR_KEY_NOT_NEEDED = 0x64L;
  public static final long CKR_KEY_CHANGED = 0x65L;
  public static final long CKR_KEY_NEEDED = 0x66L;
  public static final long CKR_KEY_INDIGESTIBLE = 0x67L;
  public static final long CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68L;
  public static final long CKR_KEY_NOT_WRAPPABLE = 0x69L;
  public static final long CKR_KEY_UNEXTRACTABLE = 0x6AL;
  public static final long CKR_MECHANISM_INVALID = 0x70L;
  public static final long CKR_MECHANISM_PARAM_INVALID = 0x71L;
  public static final long CKR_OBJECT_HANDLE_INVALID = 0x82L;
  public static final long CKR_OPERATION_ACTIVE = 0x90L;
  public static final long CKR_OPERATION_NOT_INITIALIZED = 0x91L;
  public static final long CKR_PIN_INCORRECT = 0xA0L;
  public static final long CKR_PIN_INVALID = 0xA1L;
  public static final long CKR_PIN_LEN_RANGE = 0xA2L;
  public static final long CKR_PIN_EXPIRED = 0xA3L;
  public static final long CKR_PIN_LOCKED = 0xA4L;
  public static final long CKR_SESSION_CLOSED = 0xB0L;
  public static final long CKR_SESSION_COUNT = 0xB1L;
  public static final long CKR_SESSION_HANDLE_INVALID = 0xB3L;
  public static final long CKR_SESSION_PARALLEL_NOT_SUPPORTED = 0xB4L;
  public static final long CKR_SESSION_READ_ONLY = 0xB5L;
  public static final long CKR_SESSION_EXISTS = 0xB6L;
  public static final long CKR_SESSION_READ_ONLY_EXISTS = 0xB7L;
  public static final long CKR_SESSION_READ_WRITE_SO_EXISTS = 0xB8L;
  public static final long CKR_SIGNATURE_INVALID = 0xC0L;
  public static final long CKR_SIGNATURE_LEN_RANGE = 0xC1L;
  public static final long CKR_TEMPLATE_INCOMPLETE = 0xD0L;
  public static final long CKR_TEMPLATE_INCONSISTENT = 0xD1L;
  public static final long CKR_TOKEN_NOT_PRESENT = 0xE0L;
  public static final long CKR_TOKEN_NOT_RECOGNIZED = 0xE1L;
  public static final long CKR_TOKEN_WRITE_PROTECTED = 0xE2L;
  public static final long CKR_UNWRAPPING_KEY_HANDLE_INVALID = 0xF0L;
  public static final long CKR_UNWRAPPING_KEY_SIZE_RANGE = 0xF1L;
  public static final long CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT = 0xF2L;
  public static final long CKR_USER_ALREADY_LOGGED_IN = 0x100L;
  public static final long CKR_USER_NOT_LOGGED_IN = 0x101L;
  public static final long CKR_USER_PIN_NOT_INITIALIZED = 0x102L;
  public static final long CKR_USER_TYPE_INVALID = 0x103L;
  public static final long CKR_USER_ANOTHER_ALREADY_LOGGED_IN = 0x104L;
  public static final long CKR_USER_TOO_MANY_TYPES = 0x105L;
  public static final long CKR_WRAPPED_KEY_INVALID = 0x110L;
  public static final long CKR_WRAPPED_KEY_LEN_RANGE = 0x112L;
  public static final long CKR_WRAPPING_KEY_HANDLE_INVALID = 0x113L;
  public static final long CKR_WRAPPING_KEY_SIZE_RANGE = 0x114L;
  public static final long CKR_WRAPPING_KEY_TYPE_INCONSISTENT = 0x115L;
  public static final long CKR_RANDOM_SEED_NOT_SUPPORTED = 0x120L;
  public static final long CKR_RANDOM_NO_RNG = 0x121L;
  public static final long CKR_DOMAIN_PARAMS_INVALID = 0x130L;
  public static final long CKR_CURVE_NOT_SUPPORTED = 0x140L;
  public static final long CKR_BUFFER_TOO_SMALL = 0x150L;
  public static final long CKR_SAVED_STATE_INVALID = 0x160L;
  public static final long CKR_INFORMATION_SENSITIVE = 0x170L;
  public static final long CKR_STATE_UNSAVEABLE = 0x180L;
  public static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190L;
  public static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191L;
  public static final long CKR_MUTEX_BAD = 0x1A0L;
  public static final long CKR_MUTEX_NOT_LOCKED = 0x1A1L;
  public static final long CKR_NEW_PIN_MODE = 0x1B0L;
  public static final long CKR_NEXT_OTP = 0x1B1L;
  public static final long CKR_EXCEEDED_MAX_ITERATIONS = 0x1B5L;
  public static final long CKR_FIPS_SELF_TEST_FAILED = 0x1B6L;
  public static final long CKR_LIBRARY_LOAD_FAILED = 0x1B7L;
  public static final long CKR_PIN_TOO_WEAK = 0x1B8L;
  public static final long CKR_PUBLIC_KEY_INVALID = 0x1B9L;
  public static final long CKR_FUNCTION_REJECTED = 0x200L;
  public static final long CKR_VENDOR_DEFINED = 0x80000000L;

  private static final CkNames NAMES = new CkNames(CKR.class, "CKR_");

  private CKR() {}

  /**
   * The spec name of a standard return value.
   *
   * @param rv the value
   * @return for example {@code "CKR_PIN_INCORRECT"}; empty for vendor or unknown values
   */
  public static Optional<String> name(long rv) {
    return rv >= CKR_VENDOR_DEFINED ? Optional.empty() : NAMES.name(rv);
  }

  /**
   * A printable name for any return value: the spec name, or {@code CKR_VENDOR_DEFINED+0x…} /
   * the hex value when unknown.
   *
   * @param rv the value
   * @return the name
   */
  public static String describe(long rv) {
    return name(rv).orElseGet(() -> rv >= CKR_VENDOR_DEFINED
        ? "CKR_VENDOR_DEFINED+" + CkNames.hex(rv - CKR_VENDOR_DEFINED)
        : CkNames.hex(rv));
  }
}
