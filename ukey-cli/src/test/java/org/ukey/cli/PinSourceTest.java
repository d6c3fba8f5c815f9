package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Pin;

class PinSourceTest {
  @TempDir
  Path dir;

  private Environment env(CliRunner runner) {
    return runner.environment(new StringWriter(), new StringWriter());
  }

  private static char[] chars(Pin pin) {
    return pin.toCharArray();
  }

  @Test
  void readsThePinFromTheNamedEnvironmentVariable() throws Exception {
    Environment env = env(new CliRunner(dir).env("MY_PIN", "Ab#12345"));
    try (Pin pin = PinSource.of("user PIN", "--pin-env", "MY_PIN", "--pin-file", null)
        .read(env, "PIN: ")) {
      assertArrayEquals("Ab#12345".toCharArray(), chars(pin));
    }
  }

  @Test
  void namesTheUnsetVariableButNeverAValue() {
    Environment env = env(new CliRunner(dir).env("OTHER", "Secret#1"));
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", "MY_PIN", "--pin-file", null)
            .read(env, "PIN: "));
    assertEquals("environment variable MY_PIN is not set (--pin-env gives the user PIN)",
        e.getMessage());
  }

  @Test
  void rejectsAnEmptyPin() {
    Environment env = env(new CliRunner(dir).env("MY_PIN", ""));
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", "MY_PIN", "--pin-file", null)
            .read(env, "PIN: "));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }

  @Test
  void readsTheFirstLineOfAPinFileWithoutItsLineEnd() throws Exception {
    for (String content : List.of("Ab#12345", "Ab#12345\n", "Ab#12345\r\n",
        "Ab#12345\nsecond line\n")) {
      Path file = dir.resolve("pin");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      try (Pin pin = PinSource.of("user PIN", "--pin-env", null, "--pin-file", file)
          .read(env(new CliRunner(dir)), "PIN: ")) {
        assertArrayEquals("Ab#12345".toCharArray(), chars(pin), content);
      }
    }
  }

  @Test
  void readsAUtf8PinFile() throws Exception {
    Path file = dir.resolve("pin");
    Files.writeString(file, "口令Ab#1\n", StandardCharsets.UTF_8);
    try (Pin pin = PinSource.of("user PIN", "--pin-env", null, "--pin-file", file)
        .read(env(new CliRunner(dir)), "PIN: ")) {
      assertArrayEquals("口令Ab#1".toCharArray(), chars(pin));
    }
  }

  @Test
  void rejectsAPinFileThatIsNotUtf8() throws Exception {
    Path file = dir.resolve("pin");
    Files.write(file, new byte[] {'A', (byte) 0xC3, '(', '\n'});
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", null, "--pin-file", file)
            .read(env(new CliRunner(dir)), "PIN: "));
    assertTrue(e.getMessage().endsWith("the PIN is not valid UTF-8"), e.getMessage());
  }

  @Test
  void rejectsAPinFileLongerThanOneKibibyte() throws Exception {
    Path file = dir.resolve("pin");
    Files.write(file, new byte[PinSource.MAX_FILE_BYTES + 1]);
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", null, "--pin-file", file)
            .read(env(new CliRunner(dir)), "PIN: "));
    assertTrue(e.getMessage().contains("longer than 1024 bytes"), e.getMessage());
  }

  @Test
  void reportsAMissingPinFileByName() {
    Path file = dir.resolve("absent");
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", null, "--pin-file", file)
            .read(env(new CliRunner(dir)), "PIN: "));
    assertEquals("cannot read --pin-file " + file + ": " + file
        + ": no such file or directory", e.getMessage());
  }

  @Test
  void refusesBothAVariableAndAFile() {
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", "V", "--pin-file", dir));
    assertEquals("--pin-env and --pin-file both give the user PIN; use one", e.getMessage());
  }

  @Test
  void asksOnTheTerminalWhenNoOptionIsGiven() throws Exception {
    CliRunner runner = new CliRunner(dir).terminal("Ab#12345");
    PinSource source = PinSource.of("user PIN", "--pin-env", null, "--pin-file", null);
    assertTrue(source.isPrompt());
    try (Pin pin = source.read(env(runner), "User PIN: ")) {
      assertArrayEquals("Ab#12345".toCharArray(), chars(pin));
    }
    assertEquals(List.of("User PIN: "), runner.prompts());
  }

  @Test
  void failsWithAdviceWhenThereIsNoTerminal() {
    CliException e = assertThrows(CliException.class,
        () -> PinSource.of("user PIN", "--pin-env", null, "--pin-file", null)
            .read(env(new CliRunner(dir)), "PIN: "));
    assertEquals("no user PIN given: use --pin-env VAR or --pin-file FILE, or run on a"
        + " terminal to be asked", e.getMessage());
  }

  @Test
  void asksForANewPinTwiceAndRequiresBothToMatch() throws Exception {
    CliRunner same = new CliRunner(dir).terminal("New#1234", "New#1234");
    PinSource source = PinSource.of("new user PIN", "--new-pin-env", null, "--new-pin-file",
        null);
    try (Pin pin = source.readNew(env(same), "New PIN: ")) {
      assertArrayEquals("New#1234".toCharArray(), chars(pin));
    }
    assertEquals(List.of("New PIN: ", "New PIN again: "), same.prompts());

    CliRunner differ = new CliRunner(dir).terminal("New#1234", "New#1235");
    CliException e = assertThrows(CliException.class,
        () -> source.readNew(env(differ), "New PIN: "));
    assertEquals("the two entries of the new user PIN differ", e.getMessage());
  }

  @Test
  void asksForANewPinOnceWhenItComesFromAVariable() throws Exception {
    CliRunner runner = new CliRunner(dir).env("NEW", "New#1234").terminal();
    try (Pin pin = PinSource.of("new user PIN", "--new-pin-env", "NEW", "--new-pin-file", null)
        .readNew(env(runner), "New PIN: ")) {
      assertFalse(pin.isClosed());
    }
    assertEquals(List.of(), runner.prompts());
  }
}
