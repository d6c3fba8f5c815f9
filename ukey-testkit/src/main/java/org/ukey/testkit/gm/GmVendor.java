package org.ukey.testkit.gm;

/**
 * The vendor behaviour of one GM soft token slot ({@code slot.N.vendor} in {@code ukeygm.conf}):
 * which manufacturer ID the token reports and which vendor SM2/SM3/SM4 mechanisms it offers, so
 * that ukey-pkcs11 picks its {@code sansec} or {@code tass} profile with no configuration.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum GmVendor {
  /**
   * Sansec-like (三未信安): manufacturer ID "Sansec ukeygm test token"; SM2 signing on e
   * ({@code 0x80008104}, r‖s) and on the message with the default user ID ({@code 0x80008102}
   * r‖s, {@code 0x80008103} DER); public points on public keys only.
   */
  SANSEC("sansec"),
  /**
   * TASS-like (江南天安): manufacturer ID "TASS ukeygm test token"; SM2 signing on e
   * ({@code 0x80008000}) and on the message with the user ID as the mechanism parameter
   * ({@code 0x80008100}), both DER; private keys carry {@code CKA_EC_POINT}.
   */
  TASS("tass");

  private final String word;

  GmVendor(String word) {
    this.word = word;
  }

  /**
   * The word in the configuration file, which is also the ukey-pkcs11 profile's name.
   *
   * @return {@code sansec} or {@code tass}
   */
  public String word() {
    return word;
  }
}
