/**
 * SoftHSM 2 for tests: {@link org.ukey.testkit.softhsm.SoftHsmExtension}, a JUnit 5 extension
 * giving each test class or test its own token in a temporary directory;
 * {@link org.ukey.testkit.softhsm.SoftHsmToken}, the same without JUnit; and
 * {@link org.ukey.testkit.softhsm.SoftHsmContractFixture}, SoftHSM for the {@code Token}
 * contract suite. Requires SoftHSM 2 installed ({@code apt-get install softhsm2}).
 */
package org.ukey.testkit.softhsm;
