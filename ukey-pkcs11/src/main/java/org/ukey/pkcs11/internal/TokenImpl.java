package org.ukey.pkcs11.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.TokenInfo;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.MechanismInfo;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CKU;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;

/**
 * A token in a slot, seen through one provider (which decides its mechanism profile).
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class TokenImpl implements Pkcs11Token {
  private static final long[] FUNCTION_FLAGS = {CKF.CKF_ENCRYPT, CKF.CKF_DECRYPT,
      CKF.CKF_DIGEST, CKF.CKF_SIGN, CKF.CKF_VERIFY, CKF.CKF_GENERATE, CKF.CKF_GENERATE_KEY_PAIR,
      CKF.CKF_WRAP, CKF.CKF_UNWRAP, CKF.CKF_DERIVE};
  private static final String[] FUNCTION_NAMES = {"encrypt", "decrypt", "digest", "sign",
      "verify", "generate", "generate-key-pair", "wrap", "unwrap", "derive"};

  private final ProviderImpl provider;
  private final TokenState state;
  private final MechanismProfile profile;
  private final String slotDescription;
  /** Whether {@code CKF_TOKEN_INITIALIZED} was set when the provider listed the token. */
  boolean initializedWhenListed;

  TokenImpl(ProviderImpl provider, TokenState state, MechanismProfile profile,
      String slotDescription) {
    this.provider = provider;
    this.state = state;
    this.profile = profile;
    this.slotDescription = slotDescription;
  }

  TokenState state() {
    return state;
  }

  @Override
  public TokenInfo info() throws UKeyException {
    CK_TOKEN_INFO ti = tokenInfo();
    return new TokenInfo(ti.label(), ti.serialNumber(), ti.manufacturerID(), ti.model(),
        PinFlags.status(ti.flags()));
  }

  private CK_TOKEN_INFO tokenInfo() throws UKeyException {
    provider.checkOpen();
    CK_TOKEN_INFO ti = state.tokenInfo();
    if (!ti.serialNumber().equals(state.serial)) {
      state.markRemoved("another token (serial " + ti.serialNumber() + ") is in the slot");
      state.checkUsable();
    }
    return ti;
  }

  @Override
  public boolean isPresent() {
    if (state.isRemoved()) {
      return false;
    }
    return !state.confirmRemoved();
  }

  @Override
  public Session login(Pin userPin) throws UKeyException {
    Objects.requireNonNull(userPin, "userPin");
    provider.checkOpen();
    state.login(userPin);
    SessionImpl s = new SessionImpl(this, state, profile, provider);
    provider.remember(s);
    return s;
  }

  @Override
  public void changePin(Pin oldPin, Pin newPin) throws UKeyException {
    Objects.requireNonNull(oldPin, "oldPin");
    Objects.requireNonNull(newPin, "newPin");
    provider.checkOpen();
    byte[] oldUtf8 = oldPin.toUtf8();
    byte[] newUtf8 = newPin.toUtf8();
    try {
      state.withAnySession(ns -> {
        try {
          state.calls.setPin(ns.handle, oldUtf8, newUtf8);
          return null;
        } catch (Pkcs11Exception e) {
          throw state.pinFailure(e, false);
        }
      });
    } finally {
      Arrays.fill(oldUtf8, (byte) 0);
      Arrays.fill(newUtf8, (byte) 0);
    }
  }

  @Override
  public void unlockPin(Pin soPin, Pin newUserPin) throws UKeyException {
    Objects.requireNonNull(soPin, "soPin");
    Objects.requireNonNull(newUserPin, "newUserPin");
    provider.checkOpen();
    state.checkUsable();
    SessionRef session = state.openSession();
    long handle = session.handle();
    byte[] so = soPin.toUtf8();
    byte[] user = newUserPin.toUtf8();
    try {
      try {
        state.calls.login(handle, CKU.CKU_SO, so);
      } catch (Pkcs11Exception e) {
        if (e.code() == CKR.CKR_USER_ANOTHER_ALREADY_LOGGED_IN) {
          throw new UKeyException("the user is logged in to " + state.name
              + "; close the user's sessions before unlocking as the SO", e);
        }
        throw state.pinFailure(e, true);
      }
      try {
        state.calls.initPin(handle, user);
      } catch (Pkcs11Exception e) {
        throw state.pinFailure(e, false);
      } finally {
        try {
          state.calls.logout(handle);
        } catch (Pkcs11Exception ignored) {
          // Closing the session below ends the SO login too.
        }
      }
    } finally {
      state.closeSession(session);
      Arrays.fill(so, (byte) 0);
      Arrays.fill(user, (byte) 0);
    }
  }

  @Override
  public long slotId() {
    return state.slotId;
  }

  @Override
  public String slotDescription() {
    return slotDescription;
  }

  @Override
  public boolean isInitialized() throws UKeyException {
    return tokenInfo().has(CKF.CKF_TOKEN_INITIALIZED);
  }

  @Override
  public String profileName() {
    return profile.name();
  }

  @Override
  public List<MechanismInfo> mechanisms() throws UKeyException {
    provider.checkOpen();
    state.checkUsable();
    try {
      long[] list = state.calls.getMechanismList(state.slotId);
      List<MechanismInfo> out = new ArrayList<>(list.length);
      for (long m : list) {
        CK_MECHANISM_INFO mi = state.calls.getMechanismInfo(state.slotId, m);
        List<String> functions = new ArrayList<>();
        for (int i = 0; i < FUNCTION_FLAGS.length; i++) {
          if (mi.has(FUNCTION_FLAGS[i])) {
            functions.add(FUNCTION_NAMES[i]);
          }
        }
        out.add(new MechanismInfo(m, profile.mechanismName(m), mi.ulMinKeySize(),
            mi.ulMaxKeySize(), functions, mi.has(CKF.CKF_HW)));
      }
      return List.copyOf(out);
    } catch (Pkcs11Exception e) {
      throw state.tokenFailure(e);
    }
  }

  @Override
  public void initialize(Pin soPin, String label) throws UKeyException {
    Objects.requireNonNull(soPin, "soPin");
    Objects.requireNonNull(label, "label");
    provider.checkOpen();
    state.checkUsable();
    if (state.logins() > 0) {
      throw new UKeyException(state.name + " has open sessions; close them before"
          + " initializing it");
    }
    byte[] so = soPin.toUtf8();
    try {
      state.calls.initToken(state.slotId, so, label);
    } catch (Pkcs11Exception e) {
      if (e.code() == CKR.CKR_SESSION_EXISTS) {
        throw new UKeyException(state.name + " has sessions open by another component of this"
            + " process; they must be closed before C_InitToken", e);
      }
      throw state.pinFailure(e, true);
    } finally {
      Arrays.fill(so, (byte) 0);
    }
    // Some modules (SoftHSM) move a freshly initialized token to a new slot id; either way the
    // token is a new one: this handle on it is spent.
    state.markRemoved("it was initialized; get it again from the provider");
  }

  @Override
  public String toString() {
    return "Pkcs11Token[" + state.name + ", profile " + profile.name() + "]";
  }
}
