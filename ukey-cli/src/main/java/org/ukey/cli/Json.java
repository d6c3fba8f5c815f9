package org.ukey.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object under construction, and the writer that prints it (RFC 8259).
 *
 * <p>Values may be {@link CharSequence}, {@link Boolean}, an integral {@link Number}
 * ({@code Integer}, {@code Long}), another {@code Json}, a {@link Collection} of these, or
 * {@code null}. Keys keep their insertion order, so output is stable for people and diffs.
 *
 * <p>Strings are escaped as RFC 8259 §7 requires ({@code "}, {@code \}, every control character
 * below U+0020); U+2028 and U+2029 are escaped too (JavaScript line terminators), and so are
 * unpaired surrogates, which have no UTF-8 form.
 *
 * <p><b>Thread-safety:</b> not thread-safe; build and print on one thread.
 */
final class Json {
  private final Map<String, Object> members = new LinkedHashMap<>();

  private Json() {}

  /**
   * Starts an empty object.
   *
   * @return the object
   */
  static Json object() {
    return new Json();
  }

  /**
   * Adds or replaces a member.
   *
   * @param key the name
   * @param value a supported value (see the class comment)
   * @return this
   * @throws IllegalArgumentException if the value's type is not supported
   */
  Json put(String key, Object value) {
    Objects.requireNonNull(key, "key");
    check(value);
    members.put(key, value);
    return this;
  }

  /**
   * Prints this object, indented by two spaces per level.
   *
   * @return the document, without a trailing newline
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    write(this, sb, 0);
    return sb.toString();
  }

  private static void check(Object value) {
    if (value == null || value instanceof CharSequence || value instanceof Boolean
        || value instanceof Json || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      return;
    }
    if (value instanceof Collection) {
      for (Object element : (Collection<?>) value) {
        check(element);
      }
      return;
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  private static void write(Object value, StringBuilder sb, int depth) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof CharSequence) {
      quote((CharSequence) value, sb);
    } else if (value instanceof Boolean || value instanceof Number) {
      sb.append(value);
    } else if (value instanceof Json) {
      Map<String, Object> m = ((Json) value).members;
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      String sep = "\n";
      for (Map.Entry<String, Object> e : m.entrySet()) {
        sb.append(sep);
        indent(sb, depth + 1);
        quote(e.getKey(), sb);
        sb.append(": ");
        write(e.getValue(), sb, depth + 1);
        sep = ",\n";
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append('}');
    } else {
      Collection<?> c = (Collection<?>) value;
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      String sep = "\n";
      for (Object element : c) {
        sb.append(sep);
        indent(sb, depth + 1);
        write(element, sb, depth + 1);
        sep = ",\n";
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append(']');
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }

  /**
   * Appends {@code s} as a JSON string.
   *
   * @param s the text
   * @param sb where to append
   */
  static void quote(CharSequence s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  private static boolean unpairedSurrogate(CharSequence s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
