package org.ukey.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token was inserted into or removed from a slot.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param kind inserted or removed
 * @param slot the provider's name for the slot (for PKCS#11, the slot id and description)
 * @param token what the token said about itself, when known (not known after removal unless the
 *     provider remembered it)
 * @param at when the provider noticed the event
 */
public record TokenEvent(Kind kind, String slot, Optional<TokenInfo> token, Instant at) {

  /** The kind of event. */
  public enum Kind {
    /** A token appeared in a slot. */
    INSERTED,
    /** A token left its slot; sessions on it are invalid. */
    REMOVED
  }

  /**
   * Validates the fields.
   *
   * @param kind inserted or removed
   * @param slot the provider's name for the slot
   * @param token what the token said about itself, when known
   * @param at when the provider noticed the event
   */
  public TokenEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(at, "at");
  }
}
