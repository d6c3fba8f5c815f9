package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_VERSION}: a major and a minor version byte (the minor in hundredths).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param major the major version, 0..255
 * @param minor the minor version, 0..255
 */
public record CK_VERSION(int major, int minor) {

  static CK_VERSION read(ByteBuffer b, int offset) {
    return new CK_VERSION(b.get(offset) & 0xFF, b.get(offset + 1) & 0xFF);
  }

  /**
   * The usual printed form, as {@code pkcs11-tool} prints it.
   *
   * @return for example {@code "2.40"} or {@code "2.6"}
   */
  @Override
  public String toString() {
    return major + "." + minor;
  }
}
