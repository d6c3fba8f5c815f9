package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ukey} command as a user runs it: a separate JVM started with {@code java -cp ...
 * org.ukey.cli.Main}, PINs in its environment, real files in a temporary store. Every byte it
 * writes to stdout and stderr is checked for the PINs.
 */
class EndToEndTest {
  private static final String INITIAL = "Initial#2026";
  private static final String PIN = "Cashier#2026";
  private static final String SO = "Officer#2026";
  private static final String WRONG = "Wrong#0000";

  @TempDir
  Path dir;
  private final List<String> everything = new ArrayList<>();

  private record Run(int exit, String out, String err) {
  }

  private Run ukey(String... args) throws Exception {
    List<String> command = ChildJvm.command(List.of("-Duser.home=" + dir), args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("UKEY_STORE", dir.resolve("store").toString());
    env.put("INITIAL_PIN", INITIAL);
    env.put("UKEY_PIN", PIN);
    env.put("SO_PIN", SO);
    env.put("WRONG_PIN", WRONG);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ukey " + String.join(" ", args) + " did not finish");
    }
    Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    everything.add(run.out);
    everything.add(run.err);
    return run;
  }

  @Test
  void keygenSignVerifyThroughAChildProcessWithoutEverPrintingAPin() throws Exception {
    // The token is made in-process (token init and pin change have their own tests); every
    // step after that runs in a child JVM, as a user or a script would run it.
    CliRunner setup = new CliRunner(dir).env("UKEY_STORE", dir.resolve("store").toString())
        .env("INITIAL_PIN", INITIAL).env("UKEY_PIN", PIN).env("SO_PIN", SO);
    TestTokens.createReady(setup, "cashier");

    Path voucher = dir.resolve("voucher.xml");
    Files.writeString(voucher, DemoCommand.voucher("128,600.00"), StandardCharsets.UTF_8);
    Path sig = dir.resolve("voucher.sig");
    Path pub = dir.resolve("signing.pub.pem");

    Run keygen = ukey("--pin-env", "UKEY_PIN", "keygen", "--alg", "sm2", "--label", "signing",
        "--public-out", pub.toString(), "--self-signed", "CN=张三,O=示范市财政局");
    assertEquals(0, keygen.exit(), keygen.err());
    assertTrue(keygen.out().contains("CN=张三,O=示范市财政局"), keygen.out());

    Run sign = ukey("--pin-env", "UKEY_PIN", "sign", "--key", "signing", "--in",
        voucher.toString(), "--out", sig.toString());
    assertEquals(0, sign.exit(), sign.err());

    Run valid = ukey("--pin-env", "UKEY_PIN", "verify", "--key", "signing", "--in",
        voucher.toString(), "--sig", sig.toString());
    assertEquals(0, valid.exit(), valid.err());

    Files.writeString(voucher, DemoCommand.voucher("928,600.00"), StandardCharsets.UTF_8);
    Run tampered = ukey("verify", "--public", pub.toString(), "--in", voucher.toString(),
        "--sig", sig.toString(), "--json");
    assertEquals(1, tampered.exit(), tampered.err());
    assertEquals(false, StrictJson.parseObject(tampered.out()).get("valid"));

    Run missingKey = ukey("--pin-env", "UKEY_PIN", "sign", "--key", "absent", "--in",
        voucher.toString(), "--out", dir.resolve("x.sig").toString());
    assertEquals(2, missingKey.exit());
    assertEquals(1, missingKey.err().lines().count(), missingKey.err());
    assertTrue(missingKey.err().startsWith("ukey: ") && missingKey.err().contains("absent"),
        missingKey.err());
    assertFalse(missingKey.err().contains("\tat "), missingKey.err());

    Run wrongPin = ukey("--pin-env", "WRONG_PIN", "keys");
    assertEquals(2, wrongPin.exit());
    assertEquals("ukey: PIN incorrect, 5 tries left\n", wrongPin.err());

    for (String output : everything) {
      for (String secret : new String[] {INITIAL, PIN, SO, WRONG}) {
        assertFalse(output.contains(secret), "a PIN was printed:\n" + output);
      }
    }
  }
}
