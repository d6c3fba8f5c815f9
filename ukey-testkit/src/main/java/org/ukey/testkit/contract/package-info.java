/**
 * The {@code Token} contract suite: abstract JUnit 5 classes that every
 * {@link org.ukey.api.TokenProvider} must pass, one concern each, all run together by
 * {@link org.ukey.testkit.contract.TokenContract}. A provider's test implements
 * {@link org.ukey.testkit.contract.TokenContractFixture} and extends the suite; see
 * {@link org.ukey.testkit.contract.TokenContract} for the steps.
 */
package org.ukey.testkit.contract;
