package org.ukey.pkcs11;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a PKCS#11 library says about itself ({@code C_GetInfo}) and how the SDK uses it.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param path the canonical path the library was loaded from
 * @param cryptokiVersion the Cryptoki version it implements, such as {@code "2.40"}
 * @param manufacturer its manufacturer ID
 * @param description its description
 * @param libraryVersion its own version
 * @param initializedHere false when another component of this process had already initialized
 *     it (the SDK then never finalizes it)
 * @param directCalls true when the per-operation functions are JNA direct-mapped
 */
public record LibraryInfo(Path path, String cryptokiVersion, String manufacturer,
    String description, String libraryVersion, boolean initializedHere, boolean directCalls) {

  /**
   * Validates the fields.
   *
   * @param path the path
   * @param cryptokiVersion the Cryptoki version
   * @param manufacturer the manufacturer ID
   * @param description the description
   * @param libraryVersion the library version
   * @param initializedHere whether the SDK initialized it
   * @param directCalls whether calls are direct-mapped
   */
  public LibraryInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cryptokiVersion, "cryptokiVersion");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(libraryVersion, "libraryVersion");
  }
}
