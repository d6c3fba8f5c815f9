package org.ukey.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.Verifier;
import org.ukey.policy.PinHistory;
import org.ukey.policy.PinPolicy;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.CertificateBuilder;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;
import picocli.CommandLine.Command;

/**
 * {@code ukey demo}: the main job end to end on a throwaway soft token in a temporary
 * directory, one printed step at a time. A treasury cashier's new UKey is issued with an initial
 * PIN, refuses to work until the holder changes it (seed 000 §11.1), gets an SM2 key and a
 * certificate, and signs a 国库集中支付 (centralised treasury payment) voucher; the signature is
 * checked independently over the certificate's public key, and a copy with one amount changed
 * is shown to fail. The directory is removed at the end, whatever happened.
 *
 * <p>PINs are random and never printed. Exit 0 when every step behaved as it must; a step that
 * does not (the token accepts an initial PIN, a tampered voucher verifies) is an error, exit 2.
 */
@Command(name = "demo", description = "Run the main job end to end on a throwaway soft token:"
    + " PIN change on first use, SM2 key, certificate, sign and verify a payment voucher.")
final class DemoCommand extends VerbCommand {
  private static final String TOKEN_LABEL = "treasury-cashier-01";
  private static final String KEY_LABEL = "voucher-signing";
  private static final String SUBJECT =
      "CN=张三 (出纳),OU=国库集中支付中心,O=示范市财政局,C=CN";
  private static final String AMOUNT = "128,600.00";
  private static final String TAMPERED_AMOUNT = "928,600.00";
  /**
   * A throwaway token needs no brute-force resistance; 2^12 keeps the five PIN checks of the
   * demo well under a second. Real tokens keep the default (2^16).
   */
  private static final int DEMO_SCRYPT_LOG2N = 12;

  private final SecureRandom random = new SecureRandom();

  @Override
  int run(UkeyCommand ukey) throws Exception {
    Steps steps = new Steps(ukey);
    Path dir = Files.createTempDirectory("ukey-demo-");
    try {
      runSteps(steps, dir);
    } catch (Exception | Error e) {
      try {
        deleteTree(dir);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    deleteTree(dir);
    steps.add("Removed the throwaway store " + dir + ".");
    steps.finish("Demo finished: every step behaved as it must.");
    return Failures.OK;
  }

  private void runSteps(Steps steps, Path dir) throws Exception {
    char[] initialPin = randomPin();
    char[] holderPin = holderPin(initialPin);
    char[] soPin = randomPin();
    SoftTokenOptions options = SoftTokenOptions.builder()
        .scryptCost(DEMO_SCRYPT_LOG2N, SoftTokenOptions.DEFAULT_SCRYPT_R,
            SoftTokenOptions.DEFAULT_SCRYPT_P)
        .build();
    try (SoftTokenProvider store = SoftTokens.open(dir)) {
      Token token;
      try (Pin user = Pin.of(initialPin); Pin so = Pin.of(soPin)) {
        token = store.createToken(TOKEN_LABEL, user, so, options);
      }
      steps.add("Issued soft token '" + TOKEN_LABEL + "' in " + dir
          + " with a random initial PIN (not shown).");

      try (Pin user = Pin.of(initialPin)) {
        token.login(user).close();
        throw new CliException("the token accepted its initial PIN; seed 000 §11.1 requires a"
            + " change before first use");
      } catch (PinChangeRequiredException expected) {
        steps.add("First login with the initial PIN is refused (PinChangeRequiredException):"
            + " the PIN must be changed before first use (seed 000 §11.1).");
      }

      try (Pin oldPin = Pin.of(initialPin); Pin newPin = Pin.of(holderPin)) {
        PinPolicy.baseline().check(newPin, oldPin, PinHistory.NONE);
        token.changePin(oldPin, newPin);
      }
      steps.add("The holder changed the PIN (new PIN not shown; checked against the baseline"
          + " PIN rules as `ukey pin change` does, seed 000 §11); PIN status: "
          + token.info().pinStatus().describe() + ".");

      try (Pin user = Pin.of(holderPin); Session session = token.login(user)) {
        signAndVerify(steps, session);
      }
    } finally {
      Arrays.fill(initialPin, '\0');
      Arrays.fill(holderPin, '\0');
      Arrays.fill(soPin, '\0');
    }
  }

  private void signAndVerify(Steps steps, Session session) throws Exception {
    TokenKey key = session.generateKey(KeySpec.sm2(), KEY_LABEL);
    steps.add("Logged in with the new PIN and generated SM2 key '" + KEY_LABEL + "' (id "
        + JsonViews.hex(key.id()) + ") on the token.");

    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert = CertificateBuilder.forSubject(SUBJECT, key.publicKey())
        .validity(from, from.plus(Duration.ofDays(365)))
        .sign(session.signer(key, SignatureAlgorithm.SM3_WITH_SM2));
    key = session.importCertificate(key, cert);
    steps.add("Self-signed certificate stored with the key: "
        + JsonViews.dn(cert.getSubjectX500Principal()) + ", serial "
        + cert.getSerialNumber().toString(16) + ".");

    byte[] voucher = voucher(AMOUNT).getBytes(StandardCharsets.UTF_8);
    byte[] signature = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(voucher);
    steps.add("Signed payment voucher ZF-2026-0001836 (" + voucher.length + " bytes, amount "
        + AMOUNT + " yuan) with SM3withSM2: " + signature.length + "-byte DER signature "
        + JsonViews.hex(Arrays.copyOf(signature, 12)) + "...");

    // Independent check: the certificate as a relying party receives it (its DER), parsed
    // afresh, and a software verifier over its public key; the token is not involved.
    X509Certificate received = KeyFiles.certificate(cert.getEncoded(), "the certificate");
    PublicKey publicKey = KeyFiles.publicKeyOf(received);
    Verifier verifier = SoftVerifiers.create(publicKey, SignatureAlgorithm.SM3_WITH_SM2);
    verifier.verify(voucher, signature);
    steps.add("Verified the signature in software over the certificate's public key: valid.");

    byte[] tampered = voucher(TAMPERED_AMOUNT).getBytes(StandardCharsets.UTF_8);
    try {
      verifier.verify(tampered, signature);
      throw new CliException("a voucher with a changed amount verified; the demo must stop");
    } catch (SignatureVerificationException expected) {
      steps.add("A copy with the amount changed to " + TAMPERED_AMOUNT + " is rejected: \""
          + expected.getMessage() + "\".");
    }
  }

  /**
   * A 国库集中支付 voucher (直接支付凭证) as a treasury system would sign it; the fields follow
   * the usual payment voucher layout (voucher number, budget unit, payee, account, amount,
   * purpose, fund type).
   */
  static String voucher(String amount) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<Voucher type=\"国库集中支付直接支付凭证\">\n"
        + "  <VoucherNo>ZF-2026-0001836</VoucherNo>\n"
        + "  <VoucherDate>2026-05-26</VoucherDate>\n"
        + "  <BudgetUnit code=\"301002\">示范市教育局</BudgetUnit>\n"
        + "  <Payee>示范市第一中学</Payee>\n"
        + "  <PayeeAccount bank=\"中国工商银行示范市分行\">6222 0000 1234 5678 901</PayeeAccount>\n"
        + "  <Amount currency=\"CNY\">" + amount + "</Amount>\n"
        + "  <Purpose>2026年春季学期校舍维修款</Purpose>\n"
        + "  <FundType>一般公共预算资金</FundType>\n"
        + "  <PaymentMethod>直接支付</PaymentMethod>\n"
        + "</Voucher>\n";
  }

  /**
   * A random holder PIN that passes the baseline PIN rules `ukey pin change` applies (a random
   * draw may, rarely, hold a run such as {@code ABCD}; it is drawn again).
   */
  private char[] holderPin(char[] initialPin) throws UKeyException {
    try (Pin initial = Pin.of(initialPin)) {
      for (int attempt = 0; ; attempt++) {
        char[] pin = randomPin();
        try (Pin candidate = Pin.of(pin)) {
          PinPolicy.baseline().check(candidate, initial, PinHistory.NONE);
          return pin;
        } catch (PolicyViolationException e) {
          Arrays.fill(pin, '\0');
          if (attempt == 100) {
            throw e;
          }
        }
      }
    }
  }

  /** 12 characters with upper and lower case, a digit and a symbol (seed 000 §11 strength). */
  private char[] randomPin() {
    String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789",
        "#%+-=@"};
    char[] pin = new char[12];
    for (int i = 0; i < pin.length; i++) {
      String from = classes[i < classes.length ? i : random.nextInt(classes.length)];
      pin[i] = from.charAt(random.nextInt(from.length()));
    }
    for (int i = pin.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char t = pin[i];
      pin[i] = pin[j];
      pin[j] = t;
    }
    return pin;
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Prints each step as it happens (text), or collects them for one JSON document. */
  private static final class Steps {
    private final UkeyCommand ukey;
    private final List<String> done = new ArrayList<>();

    Steps(UkeyCommand ukey) {
      this.ukey = ukey;
      if (!ukey.json) {
        ukey.environment().out().println("UKey SDK demo: a treasury payment voucher signed on a"
            + " throwaway soft token");
      }
    }

    void add(String step) {
      done.add(step);
      if (!ukey.json) {
        ukey.environment().out().printf("%2d. %s%n", done.size(), step);
        ukey.environment().out().flush();
      }
    }

    void finish(String summary) {
      if (ukey.json) {
        ukey.print(Json.object().put("ok", true).put("steps", done).put("summary", summary),
            "");
      } else {
        ukey.environment().out().println(summary);
        ukey.environment().out().flush();
      }
    }
  }
}
