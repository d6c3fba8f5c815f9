package org.ukey.pkcs11.cryptoki;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PKCS#11 library, loaded from a path, with its {@code CK_FUNCTION_LIST}.
 *
 * <p>Every function is reached through the function list returned by
 * {@code C_GetFunctionList}, the only symbol a module must export. On LP64 platforms the
 * per-operation functions are additionally bound by JNA direct mapping ({@link DirectLp64Calls})
 * when the module exports them under their own names <em>and</em> each exported address is the
 * one in the function list; otherwise, and on every other platform, all calls use the function
 * list pointers ({@link FunctionListCalls}).
 *
 * <p>The library is opened with {@code RTLD_LOCAL} on Unix so that two vendors' {@code C_*}
 * symbols never resolve into each other.
 *
 * <p><b>Thread-safety:</b> immutable once loaded.
 */
public final class Cryptoki {
  private static final Logger LOG = LoggerFactory.getLogger(Cryptoki.class);
  // dlopen flags: RTLD_LAZY, like SunPKCS11's p11_md.c; RTLD_LOCAL is 0 on Linux, 4 on macOS.
  private static final int RTLD_LAZY = 0x1;
  private static final int RTLD_LOCAL_MACOS = 0x4;
  private static final Map<String, NativeLibrary> LIBRARIES = new HashMap<>();

  private final Path path;
  private final CkAbi abi;
  private final CkFunctions functions;
  private final FunctionListCalls listCalls;
  private final CK_VERSION functionListVersion;
  private final Class<?> directClass;

  private Cryptoki(Path path, CkAbi abi, CkFunctions functions, FunctionListCalls listCalls,
      CK_VERSION functionListVersion, Class<?> directClass) {
    this.path = path;
    this.abi = abi;
    this.functions = functions;
    this.listCalls = listCalls;
    this.functionListVersion = functionListVersion;
    this.directClass = directClass;
  }

  /**
   * Opens a library and reads its function list. Does not call {@code C_Initialize}.
   *
   * @param path the library's canonical path
   * @param allowDirect whether the direct-mapped fast path may be used
   * @return the loaded library
   * @throws UnsatisfiedLinkError if the file cannot be loaded or exports no
   *     {@code C_GetFunctionList}
   * @throws IllegalStateException if {@code C_GetFunctionList} fails
   */
  public static Cryptoki load(Path path, boolean allowDirect) {
    CkAbi abi = CkAbi.nativeAbi();
    NativeLibrary library = open(path);
    Function getFunctionList = library.getFunction("C_GetFunctionList");
    Pointer list;
    try (Memory out = new Memory(Native.POINTER_SIZE)) {
      out.clear();
      long rv = Native.LONG_SIZE == 8 ? getFunctionList.invokeLong(new Object[] {out})
          : getFunctionList.invokeInt(new Object[] {out}) & 0xFFFFFFFFL;
      if (rv != CKR.CKR_OK) {
        throw new IllegalStateException(
            "C_GetFunctionList of " + path + " returned " + CKR.describe(rv));
      }
      list = out.getPointer(0);
    }
    if (list == null) {
      throw new IllegalStateException("C_GetFunctionList of " + path + " returned NULL");
    }
    CK_VERSION version = new CK_VERSION(list.getByte(0) & 0xFF, list.getByte(1) & 0xFF);
    FunctionListCalls listCalls = new FunctionListCalls(list, abi);
    if (allowDirect && abi == CkAbi.LP64) {
      Optional<FunctionListCalls> direct = bindDirect(path, library, list, listCalls);
      if (direct.isPresent()) {
        LOG.debug("{}: per-operation calls direct-mapped", path);
        return new Cryptoki(path, abi, direct.get(), listCalls, version,
            direct.get().getClass());
      }
    }
    LOG.debug("{}: all calls through CK_FUNCTION_LIST pointers", path);
    return new Cryptoki(path, abi, listCalls, listCalls, version, null);
  }

  private static synchronized NativeLibrary open(Path path) {
    // Kept for the life of the JVM: unloading a PKCS#11 library that started threads crashes
    // some modules (ebourg/jsign#328), and SunPKCS11 never unloads either.
    return LIBRARIES.computeIfAbsent(path.toString(), p -> {
      Map<String, Object> options = new HashMap<>();
      if (Platform.isMac()) {
        options.put(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_LOCAL_MACOS);
      } else if (!Platform.isWindows()) {
        options.put(Library.OPTION_OPEN_FLAGS, RTLD_LAZY);
      }
      return NativeLibrary.getInstance(p, options);
    });
  }

  private static Optional<FunctionListCalls> bindDirect(Path path, NativeLibrary library,
      Pointer list, FunctionListCalls listCalls) {
    for (String name : DirectLp64Calls.DIRECT) {
      long exported;
      try {
        exported = Pointer.nativeValue(library.getFunction(name));
      } catch (UnsatisfiedLinkError e) {
        LOG.debug("{} does not export {}; using the function list only", path, name);
        return Optional.empty();
      }
      if (exported != listCalls.address(name)) {
        LOG.debug("{} exports a {} other than its function list's; using the function list",
            path, name);
        return Optional.empty();
      }
    }
    try (InputStream in = DirectLp64Calls.class.getResourceAsStream("DirectLp64Calls.class")) {
      if (in == null) {
        return Optional.empty();
      }
      MethodHandles.Lookup lookup =
          MethodHandles.lookup().defineHiddenClass(in.readAllBytes(), true);
      Class<?> hidden = lookup.lookupClass();
      Native.register(hidden, library);
      MethodHandle ctor = lookup.findConstructor(hidden,
          MethodType.methodType(void.class, Pointer.class, CkAbi.class));
      return Optional.of((FunctionListCalls) ctor.invoke(list, CkAbi.LP64));
    } catch (IOException | ReflectiveOperationException | LinkageError e) {
      LOG.debug("{}: direct mapping unavailable ({}); using the function list", path,
          e.toString());
      return Optional.empty();
    } catch (Throwable e) {
      throw new IllegalStateException("binding " + path, e);
    }
  }

  /**
   * The library's path.
   *
   * @return the canonical path it was loaded from
   */
  public Path path() {
    return path;
  }

  /**
   * The platform ABI the structures are laid out for.
   *
   * @return the ABI
   */
  public CkAbi abi() {
    return abi;
  }

  /**
   * The functions.
   *
   * @return the calls, direct-mapped where possible
   */
  public CkFunctions functions() {
    return functions;
  }

  /**
   * The functions, every one through the {@code CK_FUNCTION_LIST} pointers.
   *
   * @return the calls
   */
  public CkFunctions functionListCalls() {
    return listCalls;
  }

  /**
   * Whether the per-operation functions are direct-mapped.
   *
   * @return true on the fast path
   */
  public boolean direct() {
    return directClass != null;
  }

  /**
   * The version in the function list (2.x for every module this binding uses).
   *
   * @return the version
   */
  public CK_VERSION functionListVersion() {
    return functionListVersion;
  }

  /**
   * Releases the direct-mapped bindings. The library stays mapped; call only once nothing
   * calls through this object any more.
   */
  public void unbind() {
    if (directClass != null) {
      Native.unregister(directClass);
    }
  }

  @Override
  public String toString() {
    return "Cryptoki[" + path + ", " + abi + (direct() ? ", direct" : "") + "]";
  }
}
