package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UkeyCommandTest {
  @TempDir
  Path home;

  private CliRunner.Result run(String... args) {
    return new CliRunner(home).run(args);
  }

  private static void assertOneErrorLine(CliRunner.Result r, String expected) {
    assertEquals(2, r.exit(), r.toString());
    assertEquals("ukey: " + expected + "\n", r.err(), r.toString());
  }

  @Test
  void printsHelpWithEveryFoundationVerbAndExits0() {
    CliRunner.Result r = run("--help");
    assertEquals(0, r.exit(), r.toString());
    for (String verb : new String[] {"token", "tokens", "keys", "keygen", "sign", "verify", "pin",
        "demo"}) {
      assertTrue(r.out().contains("\n  " + verb + " "), verb + " missing from\n" + r.out());
    }
  }

  @Test
  void printsHelpAndExits0ForEveryVerbAndSubVerb() {
    CommandLine root = new CommandLine(new UkeyCommand(new CliRunner(home).environment(
        new StringWriter(), new StringWriter())));
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);
    assertTrue(all.size() > 40, "only " + all.size() + " commands found");
    List<String> failures = new ArrayList<>();
    for (CommandLine c : all) {
      List<String> words = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
      words.remove(0);
      for (String flag : new String[] {"--help", "-h"}) {
        List<String> args = new ArrayList<>(words);
        args.add(flag);
        CliRunner.Result r = run(args.toArray(new String[0]));
        String usage = "Usage: " + c.getCommandSpec().qualifiedName();
        if (r.exit() != 0 || !r.out().startsWith(usage) || !r.err().isEmpty()) {
          failures.add(String.join(" ", args) + ": " + r);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!into.contains(sub)) {
        collect(sub, into);
      }
    }
  }

  @Test
  void printsUsageOnStderrAndExits2WithoutAVerb() {
    CliRunner.Result r = run();
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("Usage: ukey"), r.err());
  }

  @Test
  void reportsAMissingOptionOnOneLineWithExit2() {
    assertOneErrorLine(run("sign", "--key", "k"),
        "Missing required options: '--in=FILE', '--out=SIG' (see 'ukey sign --help')");
  }

  @Test
  void reportsAnUnknownVerbOnOneLine() {
    CliRunner.Result r = run("frobnicate");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void namesTheSubcommandsOfAGroupGivenAlone() {
    assertOneErrorLine(run("pin"),
        "'ukey pin' needs a subcommand: change, unlock, check (see 'ukey pin --help')");
  }

  @Test
  void namesAMissingPkcs11Library() {
    assertOneErrorLine(run("--pkcs11", "/nonexistent/libvendor.so", "tokens"),
        "PKCS#11 library not found: /nonexistent/libvendor.so");
  }

  @Test
  void acceptsGlobalOptionsAfterTheVerbAndPrintsTheErrorAsJson() {
    CliRunner.Result r = run("tokens", "--pkcs11", "/lib.so", "--json");
    assertEquals(2, r.exit());
    Map<String, Object> doc = r.json();
    assertEquals(2L, doc.get("exitCode"));
    assertTrue(((String) doc.get("error")).startsWith("PKCS#11 library not found"));
  }

  @Test
  void refusesSlotWithoutPkcs11() {
    assertOneErrorLine(run("--slot", "0", "tokens"), "--slot chooses a PKCS#11 slot and needs"
        + " --pkcs11 LIB; soft tokens are chosen with --token LABEL");
  }

  @Test
  void refusesProfileWithoutPkcs11() {
    assertOneErrorLine(run("--profile", "feitian", "tokens"),
        "--profile chooses a PKCS#11 vendor profile and needs --pkcs11 LIB");
  }

  @Test
  void refusesBothPinOptions() {
    assertOneErrorLine(run("--pin-env", "P", "--pin-file", "f", "--store",
        home.toString(), "keys"), "--pin-env and --pin-file both give the user PIN; use one");
  }

  @Test
  void saysHowToCreateAStoreThatDoesNotExist() {
    Path store = home.resolve("nowhere");
    assertOneErrorLine(run("--store", store.toString(), "tokens"), "no soft token store at "
        + store + ": create a token with `ukey token init --label LABEL`");
  }

  @Test
  void printsTheStackTraceOnlyWithVerbose() {
    CliRunner.Result quiet = run("--pkcs11", "/lib.so", "tokens");
    CliRunner.Result verbose = run("--verbose", "--pkcs11", "/lib.so", "tokens");
    assertEquals(1, quiet.err().lines().count());
    assertTrue(verbose.err().contains("\tat ")
        && verbose.err().contains("ProviderChoice.openPkcs11"), verbose.err());
  }

  @Test
  void refusesAPinGivenAsAnArgumentWithoutEchoingIt() {
    for (String[] args : new String[][] {{"--pin", "Secret#123", "tokens"},
        {"keys", "--pin=Secret#123"}, {"pin", "change", "--new-pin", "Secret#123"}}) {
      CliRunner.Result r = run(args);
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().startsWith("ukey: PINs are not taken as arguments"), r.err());
      assertTrue(!r.err().contains("Secret#123") && !r.out().contains("Secret#123"), r.err());
    }
  }
}
