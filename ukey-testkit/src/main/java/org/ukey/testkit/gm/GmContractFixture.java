package org.ukey.testkit.gm;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenProvider;
import org.ukey.testkit.contract.TokenContractFixture;
import org.ukey.testkit.contract.TokenFeature;

/**
 * The GM soft token through ukey-pkcs11, as the {@code Token} contract sees it: one slot of a
 * {@link GmVendor}, SM2 keys signing {@code SM3_WITH_SM2} through the vendor profile picked by
 * the token's manufacturer ID (no profile named), PINs that lock after
 * {@value #MAX_TRIES} wrong tries, SO unlock, the must-change initial PIN, certificates stored
 * with keys, key deletion, and signing a caller's e (both vendor profiles sign SM2 first with a
 * mechanism that takes e, {@code CKM_SA_SM2_SIGN} and {@code CKM_TA_SM2}).
 *
 * <pre>{@code
 * class GmSansecContractTest extends TokenContract {
 *   protected TokenContractFixture fixture() {
 *     return new GmContractFixture(GmVendor.SANSEC);
 *   }
 * }
 * }</pre>
 *
 * <p>It does not claim {@link TokenFeature#PIN_RETRY_COUNT}: PKCS#11 reports only the
 * {@code COUNT_LOW} / {@code FINAL_TRY} / {@code LOCKED} flags.
 *
 * <p><b>Thread-safety:</b> as {@link TokenContractFixture}.
 */
public final class GmContractFixture implements TokenContractFixture {
  /** Wrong PINs before the fixture's tokens lock the PIN. */
  public static final int MAX_TRIES = 3;
  private static final String LABEL = "contract";
  private static final String OTHER_USER_PIN = "24681357";

  private final GmVendor vendor;

  /**
   * A fixture whose tokens behave like a vendor's.
   *
   * @param vendor the vendor behaviour of the token's slot
   */
  public GmContractFixture(GmVendor vendor) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
  }

  /**
   * The vendor behaviour.
   *
   * @return the vendor
   */
  public GmVendor vendor() {
    return vendor;
  }

  @Override
  public TokenProvider open(Path directory) throws Exception {
    return token(directory, false).provider();
  }

  @Override
  public TokenProvider openWithPinChangeRequired(Path directory) throws Exception {
    return token(directory, true).provider();
  }

  private GmToken token(Path directory, boolean pinChangeRequired) throws Exception {
    // The directory is the suite's and deleted by it; the provider is closed by the suite,
    // which finalizes the module before the next token is made.
    return GmToken.builder().directory(directory).slots(vendor).label(LABEL)
        .pins(GmToken.DEFAULT_USER_PIN, GmToken.DEFAULT_SO_PIN).maxTries(MAX_TRIES)
        .pinChangeRequired(pinChangeRequired).create();
  }

  @Override
  public String tokenLabel() {
    return LABEL;
  }

  @Override
  public Pin userPin() {
    return Pin.of(GmToken.DEFAULT_USER_PIN.toCharArray());
  }

  @Override
  public Pin otherUserPin() {
    return Pin.of(OTHER_USER_PIN.toCharArray());
  }

  @Override
  public Pin soPin() {
    return Pin.of(GmToken.DEFAULT_SO_PIN.toCharArray());
  }

  @Override
  public List<KeySpec> keySpecs() {
    return List.of(KeySpec.sm2());
  }

  @Override
  public List<SignatureAlgorithm> signatureAlgorithms() {
    return List.of(SignatureAlgorithm.SM3_WITH_SM2);
  }

  @Override
  public Set<TokenFeature> features() {
    return EnumSet.of(TokenFeature.PIN_LOCK, TokenFeature.SO_UNLOCK,
        TokenFeature.PIN_CHANGE_REQUIRED, TokenFeature.CERTIFICATE_STORAGE,
        TokenFeature.KEY_DELETION, TokenFeature.DIGEST_SIGNING);
  }

  @Override
  public OptionalInt pinRetryLimit() {
    return OptionalInt.of(MAX_TRIES);
  }

  @Override
  public String toString() {
    return "GmContractFixture[" + vendor.word() + "]";
  }
}
