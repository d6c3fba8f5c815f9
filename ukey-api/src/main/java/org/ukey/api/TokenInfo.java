package org.ukey.api;

import java.util.Objects;

/**
 * What a token says about itself (PKCS#11 {@code CK_TOKEN_INFO}, SKF {@code DEVINFO}).
 *
 * <p><b>Thread-safety:</b> immutable; a snapshot taken when {@link Token#info()} was called.
 *
 * @param label the token label (blank-padding removed)
 * @param serialNumber the token serial number
 * @param manufacturer the manufacturer ID
 * @param model the model
 * @param pinStatus the state of the user and SO PINs
 */
public record TokenInfo(String label, String serialNumber, String manufacturer, String model,
    PinStatus pinStatus) {

  /**
   * Validates the fields.
   *
   * @param label the token label
   * @param serialNumber the token serial number
   * @param manufacturer the manufacturer ID
   * @param model the model
   * @param pinStatus the state of the PINs
   */
  public TokenInfo {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(pinStatus, "pinStatus");
  }
}
