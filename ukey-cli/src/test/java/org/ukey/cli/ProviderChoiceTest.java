package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProviderChoiceTest {
  @TempDir
  Path home;

  private ProviderChoice choice(CliRunner runner, String... args) {
    UkeyCommand ukey = new UkeyCommand(runner.environment(new StringWriter(),
        new StringWriter()));
    new CommandLine(ukey).parseArgs(args);
    return ukey.providers();
  }

  @Test
  void usesTheStoreOptionFirst() {
    ProviderChoice c = choice(new CliRunner(home).env("UKEY_STORE", "/from/env"),
        "--store", "/from/option");
    assertEquals(Path.of("/from/option"), c.storeDirectory());
  }

  @Test
  void usesTheEnvironmentVariableWithoutTheOption() {
    ProviderChoice c = choice(new CliRunner(home).env("UKEY_STORE", "/from/env"));
    assertEquals(Path.of("/from/env"), c.storeDirectory());
  }

  @Test
  void defaultsToUkeySoftInTheHomeDirectory() {
    assertEquals(home.resolve(".ukey").resolve("soft"),
        choice(new CliRunner(home)).storeDirectory());
    assertEquals(home.resolve(".ukey").resolve("soft"),
        choice(new CliRunner(home).env("UKEY_STORE", " ")).storeDirectory());
  }
}
