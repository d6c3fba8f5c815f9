package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Pin;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.testkit.softhsm.SoftHsmExtension;

class WatchCommandTest {
  @RegisterExtension
  final SoftHsmExtension hsm = SoftHsmExtension.withLabel("watched");

  @TempDir
  Path home;

  @Test
  void printsATokenInsertedWhileItWatches() throws Exception {
    CliRunner cli = new CliRunner(home).prefix("--pkcs11", hsm.token().library().toString());
    CompletableFuture<CliRunner.Result> watching = CompletableFuture.supplyAsync(
        () -> cli.run("watch", "--count", "1", "--seconds", "60"));
    // A new token appears: SoftHSM's free slot is initialised through the SDK.
    Pkcs11Token blank = null;
    while (blank == null) {
      for (Pkcs11Token t : hsm.token().provider().slots()) {
        if (!t.isInitialized()) {
          blank = t;
        }
      }
    }
    Thread.sleep(1500); // let the watcher take its first look before the insert
    try (Pin so = hsm.token().soPin()) {
      blank.initialize(so, "plugged-in");
    }
    CliRunner.Result r = watching.get(90, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains(" INSERTED slot ") && r.out().contains("'plugged-in'"),
        r.toString());
    assertTrue(r.err().startsWith("Watching PKCS#11 "), r.err());
  }

  @Test
  void printsEventsAsJsonDocuments() throws Exception {
    CliRunner cli = new CliRunner(home).prefix("--pkcs11", hsm.token().library().toString());
    CompletableFuture<CliRunner.Result> watching = CompletableFuture.supplyAsync(
        () -> cli.run("--json", "watch", "--count", "1", "--seconds", "60"));
    Thread.sleep(1500);
    for (Pkcs11Token t : hsm.token().provider().slots()) {
      if (!t.isInitialized()) {
        try (Pin so = hsm.token().soPin()) {
          t.initialize(so, "json-token");
        }
        break;
      }
    }
    CliRunner.Result r = watching.get(90, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertEquals("inserted", r.json().get("event"));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> token =
        (java.util.Map<String, Object>) r.json().get("token");
    assertEquals("json-token", token.get("label"));
  }

  @Test
  void stopsAfterItsSecondsWithoutEvents() {
    CliRunner cli = new CliRunner(home).prefix("--pkcs11", hsm.token().library().toString());
    CliRunner.Result r = cli.run("watch", "--seconds", "1");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.out());
  }

  @Test
  void refusesAZeroCount() {
    CliRunner.Result r = new CliRunner(home).run("watch", "--count", "0");
    assertEquals(2, r.exit());
    assertEquals("ukey: --count and --seconds must be at least 1\n", r.err());
  }
}
