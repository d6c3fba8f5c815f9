package org.ukey.testkit.softhsm;

import org.ukey.testkit.contract.TokenContract;
import org.ukey.testkit.contract.TokenContractFixture;

/** SoftHSM, through ukey-pkcs11, passes the whole {@code Token} contract. */
class SoftHsmContractTest extends TokenContract {
  @Override
  protected TokenContractFixture fixture() {
    return new SoftHsmContractFixture();
  }
}
