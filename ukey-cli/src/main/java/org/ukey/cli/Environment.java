package org.ukey.cli;

import java.io.Console;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the command sees of the world: its output streams, environment variables, the user's
 * home, a terminal to prompt for PINs on, and whether stderr is a terminal (for progress).
 *
 * <p>{@link #system()} is the real process; tests build one with captured streams and a chosen
 * environment so that the whole command runs in-process.
 *
 * <p><b>Thread-safety:</b> immutable; the writers are shared.
 *
 * @param out standard output (results, JSON)
 * @param err standard error (errors, prompts' companions, progress)
 * @param env the environment variables
 * @param home the user's home directory
 * @param prompt reads a secret from a terminal, or says there is none
 * @param errIsTerminal whether stderr is a terminal, so progress can be drawn on it
 */
record Environment(PrintWriter out, PrintWriter err, Map<String, String> env, Path home,
    SecretPrompt prompt, boolean errIsTerminal) {

  Environment {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(prompt, "prompt");
  }

  /**
   * Reads a secret from a terminal without echo.
   *
   * <p><b>Security:</b> the returned array is the caller's to wipe.
   */
  @FunctionalInterface
  interface SecretPrompt {
    /**
     * Asks for a secret.
     *
     * @param prompt the text shown before the input
     * @return the characters typed, or {@code null} when there is no terminal to ask on
     */
    char[] read(String prompt);
  }

  /**
   * The running process: stdout and stderr in UTF-8 (JSON and Chinese DNs must survive a C
   * locale), the real environment, {@link System#console()} for prompts.
   *
   * @return the environment
   */
  static Environment system() {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    SecretPrompt prompt = text -> {
      Console console = System.console();
      return console == null ? null : console.readPassword("%s", text);
    };
    return new Environment(out, err, System.getenv(), Path.of(System.getProperty("user.home")),
        prompt, stderrIsTerminal());
  }

  /**
   * Whether file descriptor 2 is a terminal. Java has no isatty; on Linux the descriptor's link
   * names the device, and a terminal is a {@code /dev/pts/N} or {@code /dev/ttyN}. Elsewhere,
   * fall back to whether the process has a console at all.
   */
  private static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
      // No /proc: decide below.
    }
    return System.console() != null;
  }
}
