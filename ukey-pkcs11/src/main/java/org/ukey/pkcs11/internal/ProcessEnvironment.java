package org.ukey.pkcs11.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Map;
import org.ukey.api.UKeyException;

/**
 * Sets environment variables of this process through the C library, so that a PKCS#11 module
 * reading them with {@code getenv} in {@code C_Initialize} ({@code SOFTHSM2_CONF}, vendors'
 * configuration switches) sees them. The JVM's own {@code System.getenv()} is a copy taken at
 * start-up and is not changed.
 *
 * <p><b>Thread-safety:</b> {@code setenv} is not safe against concurrent {@code getenv} in other
 * native threads; call it before the module starts any.
 */
final class ProcessEnvironment {
  private ProcessEnvironment() {}

  static synchronized void set(Map<String, String> variables) throws UKeyException {
    if (variables.isEmpty()) {
      return;
    }
    if (Platform.isWindows()) {
      throw new UKeyException("setting environment variables for a PKCS#11 module is supported"
          + " on Linux and macOS only; set " + variables.keySet() + " before starting the JVM");
    }
    Function setenv = NativeLibrary.getProcess().getFunction("setenv");
    for (Map.Entry<String, String> e : variables.entrySet()) {
      int rc = setenv.invokeInt(new Object[] {e.getKey(), e.getValue(), 1});
      if (rc != 0) {
        throw new UKeyException("setenv(" + e.getKey() + ") failed");
      }
    }
  }
}
