package org.ukey.seal;

import java.util.Objects;

/**
 * {@code SES_Header ::= SEQUENCE { ID IA5String, version INTEGER, Vid IA5String }}
 * (GM/T 0031-2014 §6.1.1; unchanged in GB/T 38540-2020). {@code ID} is the fixed
 * {@code "ES"}; {@code Vid} names the vendor of the seal system.
 *
 * @param id the identifier, {@code "ES"} in a well-formed seal
 * @param version the data version (1 or 2 for GM/T 0031 in practice, 4 for GB/T 38540)
 * @param vendorId the vendor id ({@code Vid})
 */
public record SESHeader(String id, int version, String vendorId) {
  /** The fixed header identifier of every seal. */
  public static final String ID = "ES";

  /**
   * Validates the fields.
   *
   * @param id the identifier
   * @param version the version
   * @param vendorId the vendor id
   */
  public SESHeader {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vendorId, "vendorId");
  }
}
