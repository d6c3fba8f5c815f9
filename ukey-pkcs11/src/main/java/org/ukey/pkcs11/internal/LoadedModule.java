package org.ukey.pkcs11.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ukey.pkcs11.cryptoki.CK_INFO;
import org.ukey.pkcs11.cryptoki.Cryptoki;

/**
 * One initialized PKCS#11 module, shared by every provider loaded from its path and counted by
 * {@link ModuleRegistry}.
 *
 * <p><b>Thread-safety:</b> immutable apart from the reference count, which only the registry
 * touches under its lock.
 */
final class LoadedModule {
  final Path path;
  final Cryptoki cryptoki;
  final ModuleCalls calls;
  final CK_INFO info;
  /** Whether the SDK called {@code C_Initialize} successfully (and so must finalize). */
  final boolean initializedHere;
  final Map<String, String> environment;
  /** The tokens seen, by slot; shared by every provider on this module. */
  final Map<Long, TokenState> tokens = new ConcurrentHashMap<>();
  int references = 1;

  LoadedModule(Path path, Cryptoki cryptoki, ModuleCalls calls, CK_INFO info,
      boolean initializedHere, Map<String, String> environment) {
    this.path = path;
    this.cryptoki = cryptoki;
    this.calls = calls;
    this.info = info;
    this.initializedHere = initializedHere;
    this.environment = environment;
  }

  @Override
  public String toString() {
    return path + " (" + info.manufacturerID() + " " + info.libraryDescription() + " "
        + info.libraryVersion() + ")";
  }
}
