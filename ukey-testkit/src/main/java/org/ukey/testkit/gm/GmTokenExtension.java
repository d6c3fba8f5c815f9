package org.ukey.testkit.gm;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.ukey.api.Pin;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;

/**
 * A JUnit 5 extension giving tests GM soft tokens of their own ({@link GmToken}): a fresh
 * temporary directory and configuration, the slots and vendors asked for, every token
 * initialized with the PINs, and the provider on them; closed and deleted afterwards.
 *
 * <p>Registered on a static field, or with {@code @ExtendWith(GmTokenExtension.class)} on the
 * class (one Sansec slot), one {@link GmToken} serves the whole test class; registered on an
 * instance field, each test gets a fresh one. Tests reach it through the methods here or a {@link GmToken} parameter.
 *
 * <pre>{@code
 * class MySm2SigningTest {
 *   @RegisterExtension
 *   static final GmTokenExtension GM = GmTokenExtension.with(
 *       GmToken.builder().slots(GmVendor.SANSEC, GmVendor.TASS));
 *
 *   @Test
 *   void signsOnATassToken() throws Exception {
 *     try (Pin pin = GM.userPin(); Session s = GM.token(1).login(pin)) {
 *       TokenKey key = s.generateKey(KeySpec.sm2(), "k");
 *       s.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(data);
 *     }
 *   }
 *
 *   @Test
 *   void survivesRemoval() throws Exception {
 *     GM.remove(0);   // sessions on slot 0 now fail with TokenRemovedException
 *     GM.insert(0);   // get the token again and log in again
 *   }
 * }
 * }</pre>
 *
 * <p><b>In your own CI:</b> depend on ukey-testkit in test scope; its jar carries
 * {@code libukeygm.so} for Linux x86-64 (built with gcc and OpenSSL 3's libcrypto, which must be
 * installed where the tests run: {@code apt-get install libssl3}). Elsewhere, build it from
 * ukey-testkit's sources and name it with {@code -Dukey.gmtoken.library=/path/libukeygm.so}.
 * Tests using the module must run sequentially in their JVM (see {@link GmToken}); the library
 * missing is a failure with what to do, never a skipped test.
 *
 * <p><b>Thread-safety:</b> for JUnit's sequential execution.
 */
public final class GmTokenExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final GmToken.Builder builder;
  private GmToken classToken;
  private GmToken testToken;

  /** One Sansec-like slot with the default PINs (for {@code @ExtendWith}). */
  public GmTokenExtension() {
    this(GmToken.builder());
  }

  private GmTokenExtension(GmToken.Builder builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  /**
   * An extension making its tokens with a builder (the builder's directory, if any, is ignored:
   * each fixture gets a temporary one).
   *
   * @param builder how to make the tokens
   * @return the extension
   */
  public static GmTokenExtension with(GmToken.Builder builder) {
    return new GmTokenExtension(builder);
  }

  /**
   * An extension with one slot per vendor given and the default PINs.
   *
   * @param vendors slot 0's vendor, slot 1's, …
   * @return the extension
   */
  public static GmTokenExtension withSlots(GmVendor... vendors) {
    return new GmTokenExtension(GmToken.builder().slots(vendors));
  }

  /**
   * The fixture of the running test (or class).
   *
   * @return the fixture
   * @throws IllegalStateException outside a test
   */
  public GmToken gm() {
    GmToken t = testToken != null ? testToken : classToken;
    if (t == null) {
      throw new IllegalStateException("no GM token outside a test");
    }
    return t;
  }

  /**
   * The provider on the tokens.
   *
   * @return the provider
   */
  public Pkcs11Provider provider() {
    return gm().provider();
  }

  /**
   * The token in a slot now.
   *
   * @param slot the slot
   * @return the token
   * @throws UKeyException if it is removed or the module fails
   */
  public Pkcs11Token token(int slot) throws UKeyException {
    return gm().token(slot);
  }

  /**
   * The user PIN.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin userPin() {
    return gm().userPin();
  }

  /**
   * The SO PIN.
   *
   * @return a new {@link Pin}; close it
   */
  public Pin soPin() {
    return gm().soPin();
  }

  /**
   * Pulls a slot's token out.
   *
   * @param slot the slot
   */
  public void remove(int slot) {
    gm().remove(slot);
  }

  /**
   * Puts a slot's token back.
   *
   * @param slot the slot
   */
  public void insert(int slot) {
    gm().insert(slot);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // Called only for a static field or a class-level @ExtendWith: one fixture per class.
    classToken = builder.create();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (classToken == null) {
      testToken = builder.create();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (testToken != null) {
      testToken.close();
      testToken = null;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (classToken != null) {
      classToken.close();
      classToken = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return parameter.getParameter().getType() == GmToken.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return gm();
  }
}
