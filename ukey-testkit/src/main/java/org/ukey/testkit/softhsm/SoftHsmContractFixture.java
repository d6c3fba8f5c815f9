package org.ukey.testkit.softhsm;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenProvider;
import org.ukey.testkit.contract.TokenContractFixture;
import org.ukey.testkit.contract.TokenFeature;

/**
 * SoftHSM 2 through ukey-pkcs11, as the {@code Token} contract sees it: RSA-2048 and ECDSA on
 * P-256 and P-384 with the standard profile, SO unlock, certificate storage and key deletion.
 *
 * <p>SoftHSM 2.6 does not claim {@link TokenFeature#PIN_LOCK} (it never locks a PIN and keeps no
 * retry count: a wrong PIN only sets {@code CKF_USER_PIN_COUNT_LOW}),
 * {@link TokenFeature#PIN_RETRY_COUNT} or {@link TokenFeature#PIN_CHANGE_REQUIRED}. Its RSA-PSS
 * works; its OAEP does not take SHA-256 (not part of the signing contract).
 *
 * <p>Nor does it claim {@link TokenFeature#DIGEST_SIGNING}: the standard profile signs RSA with
 * {@code CKM_SHA256_RSA_PKCS} and {@code CKM_SHA256_RSA_PKCS_PSS} (and the SHA-384 ones), which
 * SoftHSM offers and which hash the message on the token, so RSA refuses a caller's digest;
 * ECDSA, on {@code CKM_ECDSA}, signs it and is tested.
 *
 * <p><b>Thread-safety:</b> as {@link TokenContractFixture}.
 */
public final class SoftHsmContractFixture implements TokenContractFixture {
  private static final String LABEL = "contract";
  private static final String OTHER_USER_PIN = "24681357";

  @Override
  public TokenProvider open(Path directory) throws Exception {
    // The directory is the suite's and deleted by it; the provider is closed by the suite,
    // which finalizes SoftHSM before the next token is made.
    return SoftHsmToken.create(directory, LABEL, SoftHsmToken.DEFAULT_USER_PIN,
        SoftHsmToken.DEFAULT_SO_PIN).provider();
  }

  @Override
  public String tokenLabel() {
    return LABEL;
  }

  @Override
  public Pin userPin() {
    return Pin.of(SoftHsmToken.DEFAULT_USER_PIN.toCharArray());
  }

  @Override
  public Pin otherUserPin() {
    return Pin.of(OTHER_USER_PIN.toCharArray());
  }

  @Override
  public Pin soPin() {
    return Pin.of(SoftHsmToken.DEFAULT_SO_PIN.toCharArray());
  }

  @Override
  public List<KeySpec> keySpecs() {
    return List.of(KeySpec.rsa(2048), KeySpec.ecP256(), KeySpec.ecP384());
  }

  @Override
  public List<SignatureAlgorithm> signatureAlgorithms() {
    return List.of(SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA,
        SignatureAlgorithm.SHA256_WITH_RSA_PSS, SignatureAlgorithm.SHA384_WITH_RSA_PSS,
        SignatureAlgorithm.SHA256_WITH_ECDSA, SignatureAlgorithm.SHA384_WITH_ECDSA);
  }

  @Override
  public Set<TokenFeature> features() {
    return EnumSet.of(TokenFeature.SO_UNLOCK, TokenFeature.CERTIFICATE_STORAGE,
        TokenFeature.KEY_DELETION);
  }
}
