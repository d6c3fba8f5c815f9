package org.ukey.pkcs11.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.Token;
import org.ukey.api.TokenListener;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.LibraryInfo;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_INFO;
import org.ukey.pkcs11.cryptoki.CK_SLOT_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;

/**
 * The {@link Pkcs11Provider} of one library: a reference on the shared {@link LoadedModule}, the
 * profile catalog, the sessions opened through it, and its slot watcher.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class ProviderImpl implements Pkcs11Provider {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderImpl.class);
  private final LoadedModule module;
  private final Pkcs11Options options;
  private final ProfileCatalog catalog;
  private final MechanismProfile forced;
  private final Set<SessionImpl> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object watchLock = new Object();
  private SlotWatcher watcher;

  private ProviderImpl(LoadedModule module, Pkcs11Options options, ProfileCatalog catalog,
      MechanismProfile forced) {
    this.module = module;
    this.options = options;
    this.catalog = catalog;
    this.forced = forced;
  }

  /**
   * Loads a library (the implementation of {@code Pkcs11.load}).
   *
   * @param library the library path
   * @param options the options
   * @return the provider
   * @throws UKeyException if the library or a profile cannot be used
   */
  public static ProviderImpl open(Path library, Pkcs11Options options) throws UKeyException {
    ProfileCatalog catalog = ProfileCatalog.load(options.profileFiles());
    MechanismProfile forced = null;
    if (options.profile().isPresent()) {
      forced = catalog.named(options.profile().get());
    }
    LoadedModule module = ModuleRegistry.acquire(library, options);
    CK_INFO info = module.info;
    MechanismProfile forNames = forced != null ? forced : catalog.select(
        List.of(info.manufacturerID()), "", info.libraryDescription());
    module.calls.vendorCodeNames(forNames::returnCodeName);
    return new ProviderImpl(module, options, catalog, forced);
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("PKCS#11 provider for " + module.path + " is closed");
    }
  }

  ModuleCalls calls() {
    return module.calls;
  }

  @Override
  public String description() {
    CK_INFO i = module.info;
    return "PKCS#11 " + module.path + " (" + i.manufacturerID() + " " + i.libraryDescription()
        + " " + i.libraryVersion() + ")";
  }

  @Override
  public LibraryInfo libraryInfo() {
    CK_INFO i = module.info;
    return new LibraryInfo(module.path, i.cryptokiVersion().toString(), i.manufacturerID(),
        i.libraryDescription(), i.libraryVersion().toString(), module.initializedHere,
        module.cryptoki.direct());
  }

  @Override
  public List<Token> tokens() throws UKeyException {
    List<Token> out = new ArrayList<>();
    for (Pkcs11Token t : slots()) {
      TokenImpl ti = (TokenImpl) t;
      if (ti.initializedWhenListed) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Pkcs11Token> slots() throws UKeyException {
    checkOpen();
    List<Pkcs11Token> out = new ArrayList<>();
    for (long slot : module.calls.getSlotList(true)) {
      token(slot).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  @Override
  public Pkcs11Token slot(long slotId) throws UKeyException {
    checkOpen();
    return token(slotId).orElseThrow(() -> new TokenNotPresentException(
        "no token in slot " + slotId + " of " + description()));
  }

  @Override
  public Pkcs11Token token(String label) throws UKeyException {
    for (Token t : tokens()) {
      if (t.info().label().equals(label)) {
        return (Pkcs11Token) t;
      }
    }
    throw new TokenNotPresentException("no token labelled '" + label + "' in " + description());
  }

  /** The token in a slot now, or empty when the slot is empty or unknown. */
  Optional<TokenImpl> token(long slot) throws UKeyException {
    CK_SLOT_INFO si;
    CK_TOKEN_INFO ti;
    try {
      si = module.calls.getSlotInfo(slot);
      if (!si.tokenPresent()) {
        return Optional.empty();
      }
      ti = module.calls.getTokenInfo(slot);
    } catch (Pkcs11Exception e) {
      if (e.code() == CKR.CKR_TOKEN_NOT_PRESENT || e.code() == CKR.CKR_SLOT_ID_INVALID
          || e.code() == CKR.CKR_TOKEN_NOT_RECOGNIZED || e.code() == CKR.CKR_DEVICE_REMOVED) {
        return Optional.empty();
      }
      if (e.code() == CKR.CKR_GENERAL_ERROR || e.code() == CKR.CKR_DEVICE_ERROR) {
        LOG.warn("slot {} of {} does not answer ({}); left out", slot, module.path,
            e.getMessage());
        TokenState old = module.tokens.get(slot);
        if (old != null) {
          old.confirmRemoved();
        }
        return Optional.empty();
      }
      throw e;
    }
    TokenState state = module.tokens.compute(slot, (id, old) -> {
      if (old != null && !old.isRemoved() && old.serial.equals(ti.serialNumber())) {
        return old;
      }
      if (old != null) {
        old.markRemoved("another token (serial " + ti.serialNumber() + ") is in the slot");
      }
      return new TokenState(module.calls, slot, ti, options);
    });
    MechanismProfile profile = forced != null ? forced : catalog.select(
        List.of(ti.manufacturerID(), module.info.manufacturerID()), ti.model(),
        module.info.libraryDescription());
    TokenImpl t = new TokenImpl(this, state, profile, si.slotDescription());
    t.initializedWhenListed = ti.has(CKF.CKF_TOKEN_INITIALIZED);
    return Optional.of(t);
  }

  /** The states known for this module, for the watcher. */
  Map<Long, TokenState> states() {
    return module.tokens;
  }

  void remember(SessionImpl s) {
    sessions.add(s);
  }

  void forget(SessionImpl s) {
    sessions.remove(s);
  }

  /** Native sessions open now on this module's tokens (for leak checks in tests). */
  int openNativeSessions() {
    int n = 0;
    for (TokenState t : module.tokens.values()) {
      n += t.pool.openCount();
    }
    return n;
  }

  @Override
  public TokenWatch watch(TokenListener listener) throws UKeyException {
    checkOpen();
    synchronized (watchLock) {
      if (watcher == null || watcher.isStopped()) {
        watcher = new SlotWatcher(this, options.watchInterval());
      }
      return watcher.add(listener);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (watchLock) {
      if (watcher != null) {
        watcher.stopAndJoin(options.sessionTimeout());
      }
    }
    for (SessionImpl s : List.copyOf(sessions)) {
      s.close();
    }
    ModuleRegistry.release(module, options.sessionTimeout());
  }

  @Override
  public String toString() {
    return description();
  }
}
