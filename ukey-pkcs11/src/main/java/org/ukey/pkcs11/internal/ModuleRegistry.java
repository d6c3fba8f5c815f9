package org.ukey.pkcs11.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_C_INITIALIZE_ARGS;
import org.ukey.pkcs11.cryptoki.CK_INFO;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.CkFunctions;
import org.ukey.pkcs11.cryptoki.Cryptoki;
import org.ukey.pkcs11.cryptoki.NativeArena;
import org.ukey.pkcs11.cryptoki.SerializedCalls;

/**
 * One {@link LoadedModule} per canonical library path, initialized once and shared.
 *
 * <p>{@code C_Initialize} may be called once per process per library (PKCS#11 v2.40 §5.4:
 * {@code CKR_CRYPTOKI_ALREADY_INITIALIZED}), so two providers on one library must share it, and
 * so must the SDK and any other user in the process. The registry:
 * <ul>
 *   <li>initializes with {@code CKF_OS_LOCKING_OK} and null mutex callbacks;</li>
 *   <li>on {@code CKR_CANT_LOCK}, initializes without arguments (a promise of one caller at a
 *       time) and serializes every call ({@link SerializedCalls});</li>
 *   <li>on {@code CKR_CRYPTOKI_ALREADY_INITIALIZED}, adopts the module and never finalizes it,
 *       because someone else in the process owns that (awslabs/aws-c-io#442 took the same
 *       decision);</li>
 *   <li>finalizes a module it initialized when its last user releases it and no operation is
 *       running on it any more.</li>
 * </ul>
 *
 * <p><b>Thread-safety:</b> thread-safe (one lock).
 */
final class ModuleRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistry.class);
  private static final Map<Path, LoadedModule> MODULES = new HashMap<>();

  private ModuleRegistry() {}

  static LoadedModule acquire(Path library, Pkcs11Options options) throws UKeyException {
    Path canonical;
    try {
      canonical = library.toRealPath();
    } catch (IOException e) {
      throw new UKeyException("PKCS#11 library not found: " + library, e);
    }
    if (!Files.isRegularFile(canonical)) {
      throw new UKeyException("PKCS#11 library is not a file: " + library);
    }
    synchronized (MODULES) {
      LoadedModule m = MODULES.get(canonical);
      if (m != null) {
        if (!options.environment().isEmpty() && !options.environment().equals(m.environment)) {
          throw new UKeyException("PKCS#11 library " + canonical + " is already in use with"
              + " another environment " + m.environment.keySet()
              + "; close its other providers first");
        }
        m.references++;
        return m;
      }
      m = load(canonical, options);
      MODULES.put(canonical, m);
      return m;
    }
  }

  /**
   * Drops one reference; the last one closes the tokens' sessions and finalizes the module, but
   * only once no operation is running on it (each token waits up to {@code wait} for its
   * borrowed sessions to come back).
   */
  static void release(LoadedModule m, java.time.Duration wait) {
    synchronized (MODULES) {
      if (--m.references > 0) {
        return;
      }
      MODULES.remove(m.path);
      boolean quiet = true;
      for (TokenState t : m.tokens.values()) {
        quiet &= t.close(wait);
      }
      if (!quiet) {
        // C_Finalize under a running C_Sign frees what the call is using, and unbinding the
        // direct-mapped natives frees JNA's call data under it: either can crash the JVM.
        // Leaving the module initialized costs nothing but memory; the next load adopts it.
        LOG.warn("{}: operations still running after {} ms; the module is left initialized",
            m.path, wait.toMillis());
        return;
      }
      if (m.initializedHere) {
        long rv = m.calls.functions().C_Finalize(0);
        if (rv != CKR.CKR_OK) {
          LOG.warn("C_Finalize of {} returned {}", m.path, m.calls.codeName(rv));
        }
      }
      m.cryptoki.unbind();
    }
  }

  /**
   * The dynamic loader's reason from JNA's message, which repeats it and appends the class path
   * it searched: "Unable to load library 'P': P: file too short\nP: file too short\nNative
   * library ... not found in resource path (...)" becomes "P: file too short".
   *
   * @param message JNA's message (may be null)
   * @return one line
   */
  static String loaderReason(String message) {
    if (message == null || message.isBlank()) {
      return "the dynamic loader gave no reason";
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    String prefix = "Unable to load library '";
    if (line.startsWith(prefix)) {
      int end = line.indexOf("': ", prefix.length());
      if (end > 0) {
        line = line.substring(end + 3).strip();
      }
    }
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private static LoadedModule load(Path path, Pkcs11Options options) throws UKeyException {
    ProcessEnvironment.set(options.environment());
    Cryptoki ck;
    try {
      ck = Cryptoki.load(path, options.directCalls());
    } catch (UnsatisfiedLinkError | IllegalStateException e) {
      throw new UKeyException("not a usable PKCS#11 library: " + path + " ("
          + loaderReason(e.getMessage()) + ")", e);
    }
    CkFunctions f = ck.functions();
    CkAbi abi = ck.abi();
    boolean serialized = false;
    boolean initializedHere;
    long rv;
    try (NativeArena a = new NativeArena(abi)) {
      int size = CK_C_INITIALIZE_ARGS.layout(abi).size();
      long args = a.allocate(size);
      ByteBuffer b = a.buffer(args, size);
      CK_C_INITIALIZE_ARGS.write(b, abi, CKF.CKF_OS_LOCKING_OK);
      rv = f.C_Initialize(args);
    }
    if (rv == CKR.CKR_CANT_LOCK) {
      LOG.info("{} cannot use OS locking; its calls will be serialized", path);
      serialized = true;
      rv = f.C_Initialize(0);
    }
    if (rv == CKR.CKR_OK) {
      initializedHere = true;
    } else if (rv == CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      LOG.info("{} was already initialized in this process; adopting it (it will not be"
          + " finalized by the SDK)", path);
      initializedHere = false;
    } else {
      ck.unbind();
      ModuleCalls probe = new ModuleCalls(f, abi);
      throw probe.error("C_Initialize", rv);
    }
    if (serialized) {
      f = new SerializedCalls(f);
    }
    ModuleCalls calls = new ModuleCalls(f, abi);
    CK_INFO info;
    try {
      info = calls.getInfo();
    } catch (UKeyException e) {
      if (initializedHere) {
        f.C_Finalize(0);
      }
      ck.unbind();
      throw e;
    }
    LOG.debug("loaded {}: Cryptoki {}, {} {} {}, {}", path, info.cryptokiVersion(),
        info.manufacturerID(), info.libraryDescription(), info.libraryVersion(), ck);
    return new LoadedModule(path, ck, calls, info, initializedHere, options.environment());
  }
}
