package org.ukey.pkcs11;

import java.util.Objects;
import java.util.List;

/**
 * One mechanism a token supports ({@code C_GetMechanismList} and {@code C_GetMechanismInfo}), as
 * {@code ukey mechanisms} prints it.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param code the {@code CKM_} value
 * @param name the spec name, the vendor profile's name, or the hex value
 * @param minKeySize the smallest key size (bits or bytes, as the mechanism defines)
 * @param maxKeySize the largest key size
 * @param functions what the token does with it, in this order: {@code encrypt}, {@code decrypt},
 *     {@code digest}, {@code sign}, {@code verify}, {@code generate}, {@code generate-key-pair},
 *     {@code wrap}, {@code unwrap}, {@code derive}
 * @param hardware whether the token does it in hardware ({@code CKF_HW})
 */
public record MechanismInfo(long code, String name, long minKeySize, long maxKeySize,
    List<String> functions, boolean hardware) {

  /**
   * Validates and copies the fields.
   *
   * @param code the value
   * @param name the name
   * @param minKeySize the smallest key size
   * @param maxKeySize the largest key size
   * @param functions the functions
   * @param hardware whether in hardware
   */
  public MechanismInfo {
    Objects.requireNonNull(name, "name");
    functions = List.copyOf(functions);
  }
}
