package org.ukey.seal.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small thread-safe least-recently-used cache. Byte content is keyed by {@link ByteKey}, which
 * compares the whole content (never a digest or prefix), so a cached verdict is only reused for
 * exactly the same bytes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {
  private final Map<K, V> map;

  /**
   * Creates a cache.
   *
   * @param capacity the most entries kept
   */
  public BoundedCache(int capacity) {
    this.map = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > capacity;
      }
    };
  }

  /**
   * The cached value.
   *
   * @param key the key
   * @return the value, or null when absent
   */
  public V peek(K key) {
    synchronized (map) {
      return map.get(key);
    }
  }

  /**
   * Stores a value.
   *
   * @param key the key
   * @param value the value, not null
   */
  public void put(K key, V value) {
    synchronized (map) {
      map.put(key, java.util.Objects.requireNonNull(value, "value"));
    }
  }

  /**
   * The cached value, or the computed one (computed outside the lock: two threads may compute
   * the same value once each, which is harmless for pure computations).
   *
   * @param key the key
   * @param compute how to compute a missing value
   * @return the value
   */
  public V get(K key, Function<K, V> compute) {
    synchronized (map) {
      V v = map.get(key);
      if (v != null) {
        return v;
      }
    }
    V v = compute.apply(key);
    synchronized (map) {
      map.put(key, v);
    }
    return v;
  }
}
