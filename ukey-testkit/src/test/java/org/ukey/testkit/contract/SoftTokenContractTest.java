package org.ukey.testkit.contract;

/** The soft token passes the whole {@code Token} contract. */
class SoftTokenContractTest extends TokenContract {
  @Override
  protected TokenContractFixture fixture() {
    return new SoftTokenFixture();
  }
}
