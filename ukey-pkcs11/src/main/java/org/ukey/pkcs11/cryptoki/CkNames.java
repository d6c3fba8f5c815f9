package org.ukey.pkcs11.cryptoki;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The spec names of one family of constants ({@code CKR_*}, {@code CKM_*}, ...), read once from
 * the {@code static final long} fields of the class that declares them.
 *
 * <p><b>Thread-safety:</b> immutable after construction.
 */
final class CkNames {
  private final Map<Long, String> byValue;
  private final Map<String, Long> byName;

  CkNames(Class<?> holder, String prefix) {
    Map<Long, String> values = new HashMap<>();
    Map<String, Long> names = new HashMap<>();
    for (Field f : holder.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == long.class
          && f.getName().startsWith(prefix)) {
        try {
          long v = f.getLong(null);
          // The first name declared wins for aliases (CKK_EC over CKK_ECDSA): fields are declared
          // with the current name first.
          values.putIfAbsent(v, f.getName());
          names.put(f.getName(), v);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    this.byValue = Collections.unmodifiableMap(values);
    this.byName = Collections.unmodifiableMap(names);
  }

  Optional<String> name(long value) {
    return Optional.ofNullable(byValue.get(value));
  }

  Optional<Long> value(String name) {
    return Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
  }

  static String hex(long value) {
    return String.format(Locale.ROOT, "0x%08X", value);
  }
}
