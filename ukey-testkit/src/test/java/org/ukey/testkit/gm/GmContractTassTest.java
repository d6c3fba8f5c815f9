package org.ukey.testkit.gm;

import org.ukey.testkit.contract.TokenContract;
import org.ukey.testkit.contract.TokenContractFixture;

/** The GM soft token in TASS mode, through ukey-pkcs11, passes the whole {@code Token} contract. */
class GmContractTassTest extends TokenContract {
  @Override
  protected TokenContractFixture fixture() {
    return new GmContractFixture(GmVendor.TASS);
  }
}
