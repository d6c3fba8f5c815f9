package org.ukey.seal;

import java.util.Objects;

/**
 * One extension of a seal or of {@code TBS_Sign} ({@code ExtData ::= SEQUENCE { extnID OBJECT
 * IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }}, GM/T 0031-2014 §6.1.1).
 *
 * <p><b>Thread-safety:</b> immutable; {@link #value()} returns a copy.
 */
public final class ExtData {
  private final String oid;
  private final boolean critical;
  private final byte[] value;

  /**
   * Creates an extension.
   *
   * @param oid the extension OID in dotted form
   * @param critical whether a verifier that does not understand it must reject the seal
   * @param value the extension value (the content of {@code extnValue}); copied
   */
  public ExtData(String oid, boolean critical, byte[] value) {
    this.oid = Objects.requireNonNull(oid, "oid");
    this.critical = critical;
    this.value = Objects.requireNonNull(value, "value").clone();
  }

  /**
   * The extension OID.
   *
   * @return dotted form
   */
  public String oid() {
    return oid;
  }

  /**
   * Whether the extension is critical.
   *
   * @return the flag
   */
  public boolean critical() {
    return critical;
  }

  /**
   * The extension value.
   *
   * @return a copy
   */
  public byte[] value() {
    return value.clone();
  }

  @Override
  public String toString() {
    return "ExtData[" + oid + (critical ? ", critical" : "") + ", " + value.length + " bytes]";
  }
}
