package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenProvider;
import org.ukey.testkit.contract.BrokenProvider.Defect;

/**
 * The contract suite is real: run programmatically on the JUnit Platform against the soft token
 * with one deliberate defect each ({@link BrokenProvider}), exactly the tests that should catch
 * the defect fail, with messages that name the case, and every other test passes.
 *
 * <p>The contract classes below are static nested classes, so Surefire (which skips nested
 * classes) does not run them on their own; if a {@code -Dtest} pattern selects them anyway,
 * {@link LaunchedHere} disables them. Only these tests launch them.
 */
class TokenContractTest {

  @Test
  void signingContractFailsWhenSignaturesHaveABitFlipped() {
    assertOnlyTheseFail(FlippedBitSigning.class, Set.of("signsAndVerifiesIndependently",
        "signsTheEmptyMessage", "signsSm2WithANonDefaultUserId", "signsACallersDigest",
        "signsSm2DigestWithANonDefaultUserId"));
  }

  @Test
  void signingContractFailsWhenADigestIsHashedAgain() {
    assertOnlyTheseFail(DigestHashedAgain.class, Set.of("signsACallersDigest",
        "signDigestRefusesAWrongLength", "signsSm2DigestWithANonDefaultUserId"));
  }

  @Test
  void keyGenerationContractIsBlindToFlippedSignatures() {
    assertOnlyTheseFail(FlippedBitKeyGeneration.class, Set.of());
  }

  @Test
  void pinContractFailsWhenAWrongPinCostsNoTry() {
    assertOnlyTheseFail(UncountedPins.class, Set.of("wrongPinIsPinIncorrectAndCostsOneTry",
        "locksAfterTheRetryLimit", "soUnlocksALockedPin"));
  }

  @Test
  void streamSigningContractFailsWhenTheStreamIsBuffered() {
    assertOnlyTheseFail(BufferedStreamSigning.class, Set.of("signsA64MiBStreamInConstantHeap"));
  }

  @Test
  void sessionCloseContractFailsWhenCloseIsIgnored() {
    assertOnlyTheseFail(IgnoredCloseSession.class, Set.of("closedSessionRefusesEveryMethod",
        "signerOfAClosedSessionRefusesToSign", "closeIsIdempotent",
        "closeLogsOutAndANewLoginWorks"));
  }

  @Test
  void soundProviderPassesTheSigningContractWithTheSameClaims() {
    assertOnlyTheseFail(SoundSigning.class, Set.of());
  }

  /**
   * Runs one contract class and checks, per test method, that every invocation failed when the
   * method is expected to fail and succeeded otherwise; that no container (class set-up) failed
   * and nothing was skipped; and that each failure of a parameterized test names its case.
   */
  private static void assertOnlyTheseFail(Class<?> contract, Set<String> expectedFailures) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(contract))
        .configurationParameter(LaunchedHere.PARAMETER, "true")
        .execute();
    List<Event> failedContainers = results.containerEvents().failed().list();
    assertTrue(failedContainers.isEmpty(), () -> contract.getSimpleName()
        + ": a container failed: " + failedContainers);
    assertEquals(0, results.testEvents().skipped().count() + results.testEvents().aborted().count(),
        () -> contract.getSimpleName() + ": tests were skipped or aborted");

    Map<String, Set<TestExecutionResult.Status>> outcomes = new TreeMap<>();
    for (Event event : results.testEvents().finished().list()) {
      TestDescriptor test = event.getTestDescriptor();
      String method = ((MethodSource) test.getSource().orElseThrow()).getMethodName();
      TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
      outcomes.computeIfAbsent(method, m -> new TreeSet<>()).add(result.getStatus());
      if (result.getStatus() == TestExecutionResult.Status.FAILED
          && test.getParent().flatMap(TestDescriptor::getSource)
              .filter(MethodSource.class::isInstance).isPresent()) {
        String message = String.valueOf(result.getThrowable().orElseThrow().getMessage());
        assertTrue(message.contains(test.getDisplayName()), () -> contract.getSimpleName() + "."
            + method + " failure does not name its case '" + test.getDisplayName() + "': "
            + message);
      }
    }
    Set<String> declared = declaredTests(contract);
    assertTrue(declared.containsAll(expectedFailures), () -> contract.getSimpleName()
        + " declares no test " + expectedFailures);
    assertEquals(declared, outcomes.keySet(), () -> contract.getSimpleName()
        + ": the tests run are not the tests declared");
    for (Map.Entry<String, Set<TestExecutionResult.Status>> e : outcomes.entrySet()) {
      TestExecutionResult.Status expected = expectedFailures.contains(e.getKey())
          ? TestExecutionResult.Status.FAILED : TestExecutionResult.Status.SUCCESSFUL;
      assertEquals(Set.of(expected), e.getValue(), () -> contract.getSimpleName() + "."
          + e.getKey() + " outcomes; all: " + outcomes);
    }
  }

  /** The names of the test methods a contract class inherits. */
  private static Set<String> declaredTests(Class<?> contract) {
    Set<String> names = new TreeSet<>();
    for (Class<?> c = contract; c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class)) {
          names.add(m.getName());
        }
      }
    }
    return names;
  }

  /** Disables the broken-provider classes unless {@link #assertOnlyTheseFail} launched them. */
  static final class LaunchedHere implements ExecutionCondition {
    static final String PARAMETER = "org.ukey.testkit.contract.brokenProviders";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).isPresent()
          ? ConditionEvaluationResult.enabled("launched by TokenContractTest")
          : ConditionEvaluationResult.disabled("a deliberately broken provider; only"
              + " TokenContractTest runs it");
    }
  }

  /** The soft token with one defect, claiming only SM2 and P-256 to keep the runs short. */
  static final class BrokenFixture implements TokenContractFixture {
    private final SoftTokenFixture soft = new SoftTokenFixture();
    private final Defect defect;

    BrokenFixture(Defect defect) {
      this.defect = defect;
    }

    @Override
    public TokenProvider open(Path directory) throws Exception {
      TokenProvider real = soft.open(directory);
      return defect == null ? real : new BrokenProvider(real, defect, this);
    }

    @Override
    public TokenProvider openWithPinChangeRequired(Path directory) throws Exception {
      TokenProvider real = soft.openWithPinChangeRequired(directory);
      return defect == null ? real : new BrokenProvider(real, defect, this);
    }

    @Override
    public String tokenLabel() {
      return soft.tokenLabel();
    }

    @Override
    public Pin userPin() {
      return soft.userPin();
    }

    @Override
    public Pin otherUserPin() {
      return soft.otherUserPin();
    }

    @Override
    public Pin soPin() {
      return soft.soPin();
    }

    @Override
    public List<KeySpec> keySpecs() {
      return List.of(KeySpec.sm2(), KeySpec.ecP256());
    }

    @Override
    public List<SignatureAlgorithm> signatureAlgorithms() {
      return List.of(SignatureAlgorithm.SM3_WITH_SM2, SignatureAlgorithm.SHA256_WITH_ECDSA);
    }

    @Override
    public Set<TokenFeature> features() {
      return soft.features();
    }

    @Override
    public OptionalInt pinRetryLimit() {
      return soft.pinRetryLimit();
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class FlippedBitSigning extends SigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.FLIPPED_SIGNATURE_BIT);
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class DigestHashedAgain extends SigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.DIGEST_HASHED_AGAIN);
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class FlippedBitKeyGeneration extends KeyGenerationContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.FLIPPED_SIGNATURE_BIT);
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class UncountedPins extends PinContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.WRONG_PIN_NOT_COUNTED);
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class BufferedStreamSigning extends StreamSigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.BUFFERED_STREAM);
    }
  }

  @ExtendWith(LaunchedHere.class)
  static final class IgnoredCloseSession extends SessionCloseContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(Defect.CLOSE_IGNORED);
    }
  }

  /** The same reduced claims without a defect: the baseline the broken runs differ from. */
  @ExtendWith(LaunchedHere.class)
  static final class SoundSigning extends SigningContract {
    @Override
    protected TokenContractFixture fixture() {
      return new BrokenFixture(null);
    }
  }
}
