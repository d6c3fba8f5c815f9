package org.ukey.testkit.softhsm;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving tests a {@link SoftHsmToken} of their own.
 *
 * <p>Registered on a static field, one token serves the whole test class; on an instance field,
 * or with {@code @ExtendWith(SoftHsmExtension.class)}, each test gets a fresh one. The token is
 * closed and its directory deleted afterwards. Tests reach it through {@link #token()} or a
 * {@link SoftHsmToken} parameter.
 *
 * <pre>{@code
 * class MySigningTest {
 *   @RegisterExtension
 *   static final SoftHsmExtension HSM = SoftHsmExtension.withLabel("signing");
 *
 *   @Test
 *   void signs() throws Exception {
 *     try (Pin pin = HSM.token().userPin();
 *          Session s = HSM.token().token().login(pin)) {
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>When SoftHSM is not installed the tests fail with an instruction to install it; they are
 * never skipped.
 *
 * <p><b>Thread-safety:</b> for JUnit's sequential execution (see {@link SoftHsmToken}).
 */
public final class SoftHsmExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final String label;
  private final String userPin;
  private final String soPin;
  private SoftHsmToken classToken;
  private SoftHsmToken testToken;

  /** An extension with label {@code "test"} and the default PINs (for {@code @ExtendWith}). */
  public SoftHsmExtension() {
    this("test", SoftHsmToken.DEFAULT_USER_PIN, SoftHsmToken.DEFAULT_SO_PIN);
  }

  private SoftHsmExtension(String label, String userPin, String soPin) {
    this.label = Objects.requireNonNull(label, "label");
    this.userPin = Objects.requireNonNull(userPin, "userPin");
    this.soPin = Objects.requireNonNull(soPin, "soPin");
  }

  /**
   * An extension whose tokens have this label and the default PINs.
   *
   * @param label the token label
   * @return the extension
   */
  public static SoftHsmExtension withLabel(String label) {
    return new SoftHsmExtension(label, SoftHsmToken.DEFAULT_USER_PIN,
        SoftHsmToken.DEFAULT_SO_PIN);
  }

  /**
   * An extension whose tokens have this label and these PINs.
   *
   * @param label the token label
   * @param userPin the user PIN
   * @param soPin the SO PIN
   * @return the extension
   */
  public static SoftHsmExtension with(String label, String userPin, String soPin) {
    return new SoftHsmExtension(label, userPin, soPin);
  }

  /**
   * The token of the running test (or class).
   *
   * @return the token
   * @throws IllegalStateException outside a test
   */
  public SoftHsmToken token() {
    SoftHsmToken t = testToken != null ? testToken : classToken;
    if (t == null) {
      throw new IllegalStateException("no SoftHSM token outside a test");
    }
    return t;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    classToken = SoftHsmToken.create(null, label, userPin, soPin);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (classToken == null) {
      testToken = SoftHsmToken.create(null, label, userPin, soPin);
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
    return parameter.getParameter().getType() == SoftHsmToken.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return token();
  }
}
