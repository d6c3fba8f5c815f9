package org.ukey.policy.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.ukey.api.InvalidEncodingException;
import org.ukey.policy.internal.Fields;

/** The stored form of one token's PIN history: {@code e000, e001, …} → hex entries, newest first. */
final class PinHistoryCodec {
  private static final int MAX_ENTRIES = 64;

  private PinHistoryCodec() {}

  static byte[] encode(List<byte[]> entries) {
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("PIN history holds at most " + MAX_ENTRIES);
    }
    Fields.Builder b = Fields.builder();
    for (int i = 0; i < entries.size(); i++) {
      b.put(String.format(Locale.ROOT, "e%03d", i), HexFormat.of().formatHex(entries.get(i)));
    }
    return b.build().encode();
  }

  static List<byte[]> decode(String where, byte[] bytes) throws InvalidEncodingException {
    Fields f = Fields.decode(where, bytes);
    if (f.asMap().size() > MAX_ENTRIES) {
      throw new InvalidEncodingException(where, -1, "more than " + MAX_ENTRIES + " entries");
    }
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    for (var e : f.asMap().entrySet()) {
      if (!e.getKey().equals(String.format(Locale.ROOT, "e%03d", i++))) {
        throw new InvalidEncodingException(where + "." + e.getKey(), -1, "unexpected entry name");
      }
      try {
        out.add(HexFormat.of().parseHex(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new InvalidEncodingException(where + "." + e.getKey(), -1, "not hex", ex);
      }
    }
    return out;
  }
}
