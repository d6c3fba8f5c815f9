package org.ukey.sm2.cipher;

import java.util.Locale;
import java.util.Optional;

/**
 * The modes of operation {@link Sm4Cipher} offers, with their OIDs (1.2.156.10197.1.104.x; the
 * sub-arcs follow BouncyCastle's {@code GMObjectIdentifiers} and GmSSL's {@code oid.h}, as
 * GB/T 33560-2017 lists only SM4 itself, 1.2.156.10197.1.104).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum Sm4Mode {
  /** Electronic codebook, PKCS#7 padding unless turned off; IV: none. Leaks equal blocks. */
  ECB("sm4-ecb", "1.2.156.10197.1.104.1", 0),
  /** Cipher block chaining, PKCS#7 padding unless turned off; IV: 16 bytes, unpredictable. */
  CBC("sm4-cbc", "1.2.156.10197.1.104.2", 16),
  /** Counter mode, 128-bit big-endian counter; IV: 16-byte initial counter, never reused. */
  CTR("sm4-ctr", "1.2.156.10197.1.104.7", 16),
  /**
   * Galois/counter mode with a 16-byte tag appended; IV: 12 bytes recommended (any length from
   * 1 to 128 bytes accepted), never reused with the same key.
   */
  GCM("sm4-gcm", "1.2.156.10197.1.104.8", 12);

  private final String cliName;
  private final String oid;
  private final int ivLength;

  Sm4Mode(String cliName, String oid, int ivLength) {
    this.cliName = cliName;
    this.oid = oid;
    this.ivLength = ivLength;
  }

  /**
   * The name the CLI uses for {@code --alg}.
   *
   * @return for example {@code "sm4-cbc"}
   */
  public String cliName() {
    return cliName;
  }

  /**
   * The algorithm OID of SM4 in this mode.
   *
   * @return the dotted OID
   */
  public String oid() {
    return oid;
  }

  /**
   * The IV length this mode takes (GCM: the recommended length).
   *
   * @return 0 for ECB, 16 for CBC and CTR, 12 for GCM
   */
  public int ivLength() {
    return ivLength;
  }

  /**
   * Whether ciphertexts of this mode are padded (when padding is on) to whole blocks.
   *
   * @return true for ECB and CBC
   */
  public boolean isBlockMode() {
    return this == ECB || this == CBC;
  }

  /**
   * Finds a mode by CLI name ({@code sm4-cbc}) or constant name ({@code CBC}), ignoring case.
   *
   * @param name the name
   * @return the mode, or empty
   */
  public static Optional<Sm4Mode> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Sm4Mode m : values()) {
      if (m.cliName.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
