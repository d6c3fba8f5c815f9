/**
 * The kit's GM soft token for tests: {@code libukeygm.so}, a real PKCS#11 module with SM2, SM3 and
 * SM4 under Sansec and TASS vendor mechanisms, loaded through ukey-pkcs11 like a vendor's UKey
 * library, so every SM2-on-a-token path runs in CI.
 *
 * <ul>
 *   <li>{@link org.ukey.testkit.gm.GmTokenExtension}: a JUnit 5 extension giving each test class
 *       or test its own tokens in a temporary directory, with {@code remove}/{@code insert};</li>
 *   <li>{@link org.ukey.testkit.gm.GmToken}: the same without JUnit, and where the library is;</li>
 *   <li>{@link org.ukey.testkit.gm.GmContractFixture}: a GM token for the {@code Token} contract
 *       suite ({@code org.ukey.testkit.contract}).</li>
 * </ul>
 *
 * <p><b>The module outside Java</b> (a shell, {@code pkcs11-tool}, the {@code ukey} CLI): it
 * reads the configuration file named by {@code UKEY_GM_CONFIG}, else {@code ukeygm.conf} in the
 * directory named by {@code UKEY_GM_DIR}, once, in {@code C_Initialize}. A file holds
 * {@code key = value} lines: {@code dir} (token directory, default the file's own),
 * {@code slots} (1 to 16), {@code slot.N.vendor = sansec|tass}, {@code pin.max-tries}. A slot's
 * token is absent while the file {@code <dir>/slotN/removed} exists. The README's section "The GM
 * soft token" has the commands.
 */
package org.ukey.testkit.gm;
