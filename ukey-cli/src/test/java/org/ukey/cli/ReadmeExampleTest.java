package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/**
 * The embedding example of the README, compiled and run: the method below is the README's,
 * with only the store path made a parameter. The test also checks that the README still shows
 * the same body, so the two cannot drift apart.
 */
class ReadmeExampleTest {
  @TempDir
  Path dir;

  // --- the README example (store path as a parameter) ---
  static byte[] signVoucher(Path store, char[] pinChars, byte[] voucherXml)
      throws UKeyException {
    try (TokenProvider provider = SoftTokens.open(store);
         Pin pin = Pin.of(pinChars);                                   // wiped on close
         Session session = provider.token("cashier-01").login(pin)) {  // close() logs out
      TokenKey key = session.key("voucher-signing");                   // opaque, no native handle
      Signer signer = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
      byte[] signature = signer.sign(voucherXml);                      // DER SEQUENCE{r, s}
      SoftVerifiers.create(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2)
          .verify(voucherXml, signature);                              // throws if invalid
      return signature;
    }
  }
  // --- end of the README example ---

  @Test
  void theReadmeExampleSignsAVoucherOnASoftToken() throws Exception {
    char[] pin = "Cashier#2026".toCharArray();
    try (SoftTokenProvider store = SoftTokens.open(dir);
         Pin initial = Pin.of("Initial#2026".toCharArray());
         Pin so = Pin.of("Officer#2026".toCharArray());
         Pin holder = Pin.of(pin)) {
      store.createToken("cashier-01", initial, so, SoftTokenOptions.builder()
          .scryptCost(10, 8, 1).build());
      store.token("cashier-01").changePin(initial, holder);
      try (Session s = store.token("cashier-01").login(holder)) {
        s.generateKey(KeySpec.sm2(), "voucher-signing");
      }
    }
    byte[] voucher = DemoCommand.voucher("128,600.00").getBytes(StandardCharsets.UTF_8);
    byte[] signature = signVoucher(dir, pin, voucher);
    assertEquals(0x30, signature[0] & 0xff);
    assertThrows(PinIncorrectException.class,
        () -> signVoucher(dir, "Wrong#0000".toCharArray(), voucher));
  }

  @Test
  void theReadmeShowsTheSameExample() throws Exception {
    Path readme = locate("README.md");
    Path self = locate("ukey-cli/src/test/java/org/ukey/cli/ReadmeExampleTest.java");
    String example = section(Files.readString(self), "    try (TokenProvider",
        "      return signature;");
    String shown = section(Files.readString(readme), "  try (TokenProvider",
        "    return signature;");
    assertEquals(unindent(shown).replace("Path.of(\"/var/lib/treasury/ukey\")", "store"),
        unindent(example));
  }

  private static String section(String text, String from, String to) {
    Matcher m = Pattern.compile(Pattern.quote(from) + ".*?" + Pattern.quote(to), Pattern.DOTALL)
        .matcher(text);
    if (!m.find()) {
      throw new AssertionError("no section starting with '" + from.strip() + "'");
    }
    return m.group();
  }

  private static String unindent(String block) {
    return block.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("")
        .replaceAll(" +", " ");
  }

  private static Path locate(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(relative))) {
        return p.resolve(relative);
      }
    }
    throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
