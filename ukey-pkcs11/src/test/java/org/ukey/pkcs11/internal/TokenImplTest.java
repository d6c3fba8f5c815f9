package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.Pin;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.MechanismInfo;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.pkcs11.cryptoki.CKM;
import org.ukey.pkcs11.cryptoki.CKR;

/**
 * PINs, token information and mechanisms on SoftHSM. SoftHSM 2.6 keeps no retry counter and
 * never locks a PIN (it only sets {@code CKF_USER_PIN_COUNT_LOW}; checked here), so the
 * final-try and locked mappings are proven in {@link FailuresTest}.
 */
class TokenImplTest {
  private static TestSoftHsm hsm;
  private static Pkcs11Token token;

  @BeforeAll
  static void open() throws Exception {
    hsm = TestSoftHsm.create("pins");
    token = hsm.token();
  }

  @AfterAll
  static void close() {
    if (hsm != null) {
      hsm.close();
    }
  }

  private static Pin pin(String s) {
    return TestSoftHsm.pin(s);
  }

  @Test
  void describesItself() throws Exception {
    TokenInfo info = token.info();
    assertEquals("pins", info.label());
    assertEquals("SoftHSM project", info.manufacturer());
    assertEquals("SoftHSM v2", info.model());
    assertEquals(16, info.serialNumber().length());
    assertTrue(token.isPresent());
    assertTrue(token.isInitialized());
    assertEquals("standard", token.profileName());
    assertTrue(token.slotDescription().startsWith("SoftHSM slot"), token.slotDescription());
  }

  @Test
  void aWrongPinIsPinIncorrectWithItsCodeAndSetsCountLow() throws Exception {
    PinIncorrectException e = assertThrows(PinIncorrectException.class,
        () -> token.login(pin("000000")));
    Pkcs11Exception cause = assertInstanceOf(Pkcs11Exception.class, e.getCause());
    assertEquals(CKR.CKR_PIN_INCORRECT, cause.code());
    assertEquals("CKR_PIN_INCORRECT", cause.codeName());
    assertEquals("C_Login", cause.function());
    // SoftHSM reports only "count low", no count: the SDK does not invent one.
    assertTrue(e.retriesLeft().isEmpty());
    assertTrue(token.info().pinStatus().countLow());
    assertFalse(token.info().pinStatus().locked());
    try (Session s = token.login(pin(TestSoftHsm.USER_PIN))) {
      assertTrue(s.isOpen());
    }
    assertFalse(token.info().pinStatus().countLow(), "a good login clears count low");
  }

  @Test
  void changesThePinWithoutASession() throws Exception {
    token.changePin(pin(TestSoftHsm.USER_PIN), pin("654321"));
    assertThrows(PinIncorrectException.class, () -> token.login(pin(TestSoftHsm.USER_PIN)));
    token.login(pin("654321")).close();
    token.changePin(pin("654321"), pin(TestSoftHsm.USER_PIN));
    token.login(pin(TestSoftHsm.USER_PIN)).close();
  }

  @Test
  void refusesAPinChangeWithAWrongOldPin() {
    PinIncorrectException e = assertThrows(PinIncorrectException.class,
        () -> token.changePin(pin("999999"), pin("111111")));
    assertEquals("C_SetPIN", ((Pkcs11Exception) e.getCause()).function());
  }

  @Test
  void theSoSetsANewUserPin() throws Exception {
    token.unlockPin(pin(TestSoftHsm.SO_PIN), pin("24682468"));
    assertThrows(PinIncorrectException.class, () -> token.login(pin(TestSoftHsm.USER_PIN)));
    token.login(pin("24682468")).close();
    token.unlockPin(pin(TestSoftHsm.SO_PIN), pin(TestSoftHsm.USER_PIN));
    token.login(pin(TestSoftHsm.USER_PIN)).close();
  }

  @Test
  void aWrongSoPinIsPinIncorrect() {
    PinIncorrectException e = assertThrows(PinIncorrectException.class,
        () -> token.unlockPin(pin("00000000"), pin("111111")));
    assertEquals("C_Login", ((Pkcs11Exception) e.getCause()).function());
  }

  @Test
  void theSoCannotUnlockWhileTheUserIsLoggedIn() throws Exception {
    try (Session s = token.login(pin(TestSoftHsm.USER_PIN))) {
      UKeyException e = assertThrows(UKeyException.class,
          () -> token.unlockPin(pin(TestSoftHsm.SO_PIN), pin("111111")));
      assertTrue(e.getMessage().contains("close the user's sessions"), e.getMessage());
      assertTrue(s.isOpen(), "the refused unlock left the user's session alone");
    }
  }

  @Test
  void aSecondLoginMustUseTheSamePin() throws Exception {
    try (Session s = token.login(pin(TestSoftHsm.USER_PIN))) {
      // The token would accept any PIN (CKR_USER_ALREADY_LOGGED_IN); the SDK does not.
      assertThrows(PinIncorrectException.class, () -> token.login(pin("000000")));
      try (Session second = token.login(pin(TestSoftHsm.USER_PIN))) {
        assertTrue(second.isOpen());
      }
      assertTrue(s.isOpen());
    }
  }

  @Test
  void listsItsMechanismsWithTheirFunctions() throws Exception {
    List<MechanismInfo> all = token.mechanisms();
    MechanismInfo ecdsa = all.stream().filter(m -> m.code() == CKM.CKM_ECDSA).findFirst()
        .orElseThrow();
    assertEquals("CKM_ECDSA", ecdsa.name());
    assertEquals(List.of("sign", "verify"), ecdsa.functions());
    MechanismInfo gen = all.stream().filter(m -> m.code() == CKM.CKM_RSA_PKCS_KEY_PAIR_GEN)
        .findFirst().orElseThrow();
    assertEquals(List.of("generate-key-pair"), gen.functions());
    assertEquals(16384, gen.maxKeySize());
  }

  @Test
  void initializingABlankTokenSpendsTheHandleAndListsTheNewToken() throws Exception {
    Pkcs11Token blank = hsm.provider().slots().stream().filter(t -> {
      try {
        return !t.isInitialized();
      } catch (UKeyException e) {
        throw new IllegalStateException(e);
      }
    }).findFirst().orElseThrow();
    assertFalse(hsm.provider().tokens().contains(blank));
    blank.initialize(pin(TestSoftHsm.SO_PIN), "second");
    assertFalse(blank.isPresent());
    assertThrows(TokenRemovedException.class, blank::info);
    Pkcs11Token second = hsm.provider().token("second");
    assertTrue(second.isInitialized());
    assertEquals(2, hsm.provider().tokens().size());
  }

  @Test
  void refusesALabelLongerThan32Bytes() {
    assertThrows(IllegalArgumentException.class,
        () -> token.initialize(pin(TestSoftHsm.SO_PIN), "x".repeat(33)));
  }
}
