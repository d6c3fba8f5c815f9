package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir
  Path home;

  @Test
  void runsEveryStepAndRemovesItsStore() {
    CliRunner.Result r = new CliRunner(home).run("demo");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err());
    String out = r.out();
    assertTrue(out.contains("First login with the initial PIN is refused"
        + " (PinChangeRequiredException)"), out);
    assertTrue(out.contains("Verified the signature in software over the certificate's public"
        + " key: valid."), out);
    assertTrue(out.contains("A copy with the amount changed to 928,600.00 is rejected"), out);
    assertTrue(out.endsWith("Demo finished: every step behaved as it must.\n"), out);
    Matcher store = Pattern.compile("Removed the throwaway store (\\S+)\\.").matcher(out);
    assertTrue(store.find(), out);
    assertFalse(Files.exists(Path.of(store.group(1))), store.group(1));
  }

  @Test
  void printsItsStepsAsOneJsonDocument() {
    CliRunner.Result r = new CliRunner(home).run("demo", "--json");
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals(true, doc.get("ok"));
    assertEquals(9, ((List<?>) doc.get("steps")).size());
  }

  @Test
  void leavesTheUserStoreAlone() throws Exception {
    Path store = home.resolve(".ukey").resolve("soft");
    new CliRunner(home).run("demo");
    assertFalse(Files.exists(store));
  }
}
