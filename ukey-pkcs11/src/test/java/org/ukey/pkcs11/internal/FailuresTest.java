package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.PinStatus;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;

/** The CKR → API exception mapping, for codes SoftHSM never returns (a lock, a final try). */
class FailuresTest {
  private static Pkcs11Exception ckr(String fn, long code) {
    return new Pkcs11Exception(fn, code, CKR.describe(code));
  }

  @Test
  void wrongPinOnTheFinalTryReportsOneTryLeft() {
    UKeyException e = Failures.pin(ckr("C_Login", CKR.CKR_PIN_INCORRECT),
        CKF.CKF_USER_PIN_COUNT_LOW | CKF.CKF_USER_PIN_FINAL_TRY, false, "t");
    PinIncorrectException p = assertInstanceOf(PinIncorrectException.class, e);
    assertEquals(OptionalInt.of(1), p.retriesLeft());
    Pkcs11Exception cause = assertInstanceOf(Pkcs11Exception.class, p.getCause());
    assertEquals(CKR.CKR_PIN_INCORRECT, cause.code());
    assertEquals("CKR_PIN_INCORRECT", cause.codeName());
    assertEquals("C_Login", cause.function());
  }

  @Test
  void wrongPinWithOnlyCountLowReportsNoCount() {
    PinIncorrectException p = assertInstanceOf(PinIncorrectException.class, Failures.pin(
        ckr("C_Login", CKR.CKR_PIN_INCORRECT), CKF.CKF_USER_PIN_COUNT_LOW, false, "t"));
    assertTrue(p.retriesLeft().isEmpty());
  }

  @Test
  void soPinFlagsCountForTheSoPin() {
    PinIncorrectException p = assertInstanceOf(PinIncorrectException.class, Failures.pin(
        ckr("C_Login", CKR.CKR_PIN_INCORRECT),
        CKF.CKF_USER_PIN_FINAL_TRY | CKF.CKF_SO_PIN_COUNT_LOW, true, "t"));
    assertTrue(p.retriesLeft().isEmpty());
  }

  @Test
  void lockedPinIsPinLocked() {
    UKeyException e = Failures.pin(ckr("C_Login", CKR.CKR_PIN_LOCKED),
        CKF.CKF_USER_PIN_LOCKED, false, "t");
    assertInstanceOf(PinLockedException.class, e);
    assertEquals(CKR.CKR_PIN_LOCKED, ((Pkcs11Exception) e.getCause()).code());
  }

  @Test
  void expiredPinMustBeChanged() {
    UKeyException e = Failures.pin(ckr("C_Login", CKR.CKR_PIN_EXPIRED), 0, false, "t");
    assertInstanceOf(PinChangeRequiredException.class, e);
    assertInstanceOf(Pkcs11Exception.class, e.getCause());
  }

  @Test
  void unsupportedMechanismsAreUnsupportedAlgorithms() {
    for (long code : new long[] {CKR.CKR_MECHANISM_INVALID, CKR.CKR_MECHANISM_PARAM_INVALID,
        CKR.CKR_CURVE_NOT_SUPPORTED, CKR.CKR_KEY_SIZE_RANGE}) {
      UKeyException e = Failures.general(ckr("C_SignInit", code), "t");
      assertInstanceOf(UnsupportedAlgorithmException.class, e);
      assertEquals(code, ((Pkcs11Exception) e.getCause()).code());
    }
  }

  @Test
  void removedDeviceIsTokenRemoved() {
    for (long code : new long[] {CKR.CKR_DEVICE_REMOVED, CKR.CKR_TOKEN_NOT_PRESENT}) {
      assertInstanceOf(TokenRemovedException.class,
          Failures.general(ckr("C_Sign", code), "t"));
    }
  }

  @Test
  void otherCodesStayPkcs11ExceptionsWithVendorCodesUnsigned() {
    Pkcs11Exception vendor = new Pkcs11Exception("C_Sign", 0x80000001L,
        "CKR_VENDOR_MAYBE_POWEROFFED");
    assertSame(vendor, Failures.general(vendor, "t"));
    assertEquals(0x80000001L, vendor.code());
    assertTrue(vendor.getMessage().contains("C_Sign returned CKR_VENDOR_MAYBE_POWEROFFED"
        + " (0x80000001)"), vendor.getMessage());
  }

  @Test
  void pinStatusFollowsTheTokenFlags() {
    PinStatus s = PinFlags.status(CKF.CKF_USER_PIN_LOCKED | CKF.CKF_SO_PIN_LOCKED);
    assertTrue(s.locked());
    assertTrue(s.soLocked());
    assertEquals(OptionalInt.of(0), s.retriesLeft());
    PinStatus change = PinFlags.status(CKF.CKF_USER_PIN_TO_BE_CHANGED);
    assertTrue(change.mustChange());
    assertFalse(change.locked());
    assertEquals("count low", PinFlags.status(CKF.CKF_USER_PIN_COUNT_LOW).describe());
  }
}
