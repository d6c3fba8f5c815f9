package org.ukey.api;

/**
 * Receives token insert and remove events from {@link TokenProvider#watch(TokenListener)}.
 *
 * <p><b>Thread-safety:</b> called on the provider's watcher thread, one event at a time. Return
 * quickly; an exception thrown here is logged and does not stop the watcher.
 */
@FunctionalInterface
public interface TokenListener {
  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void onEvent(TokenEvent event);
}
