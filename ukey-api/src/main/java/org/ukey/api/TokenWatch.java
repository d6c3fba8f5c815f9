package org.ukey.api;

/**
 * A registration made by {@link TokenProvider#watch(TokenListener)}. Closing it stops the
 * deliveries to its listener; the watcher thread stops when no registration is left.
 *
 * <p><b>Thread-safety:</b> {@link #close()} may be called from any thread, more than once.
 */
public interface TokenWatch extends AutoCloseable {
  /** Stops delivering events to the listener. Idempotent; never throws. */
  @Override
  void close();
}
