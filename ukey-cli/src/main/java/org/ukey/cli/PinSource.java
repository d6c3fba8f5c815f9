package org.ukey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ukey.api.Pin;

/**
 * Where one PIN comes from: an environment variable, a file, or a prompt on the terminal; never
 * a command-line argument, which other users can read in the process list.
 *
 * <p>A PIN file holds the PIN on its first line (a trailing {@code \n} or {@code \r\n} is not
 * part of it), in UTF-8, at most {@value #MAX_FILE_BYTES} bytes.
 *
 * <p><b>Security:</b> every intermediate buffer (the file's bytes, decoded characters, the
 * prompt's answer) is wiped before the method returns; the PIN leaves as a {@link Pin}, which the
 * caller closes. Messages name the variable or file, never the PIN. A value read from an
 * environment variable exists as a {@code String} in the JVM's environment map and cannot be
 * wiped; prefer a file or the prompt where that matters.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class PinSource {
  static final int MAX_FILE_BYTES = 1024;

  private final String what;
  private final String envOption;
  private final String envVar;
  private final String fileOption;
  private final Path file;

  private PinSource(String what, String envOption, String envVar, String fileOption, Path file) {
    this.what = what;
    this.envOption = envOption;
    this.envVar = envVar;
    this.fileOption = fileOption;
    this.file = file;
  }

  /**
   * A source from a pair of options, such as {@code --pin-env} / {@code --pin-file}.
   *
   * @param what the PIN's name in messages, such as {@code "user PIN"}
   * @param envOption the environment option's name
   * @param envVar its value, or {@code null}
   * @param fileOption the file option's name
   * @param file its value, or {@code null}
   * @return the source
   * @throws CliException if both options are given
   */
  static PinSource of(String what, String envOption, String envVar, String fileOption, Path file)
      throws CliException {
    if (envVar != null && file != null) {
      throw new CliException(envOption + " and " + fileOption + " both give the " + what
          + "; use one");
    }
    return new PinSource(what, envOption, envVar, fileOption, file);
  }

  /**
   * Whether the PIN will come from a prompt (no option was given).
   *
   * @return true when neither option was given
   */
  boolean isPrompt() {
    return envVar == null && file == null;
  }

  /**
   * Reads the PIN.
   *
   * @param env the environment
   * @param prompt the question to ask on a terminal, when neither option was given
   * @return the PIN; the caller closes it
   * @throws CliException if the variable is unset or empty, the file unreadable, or there is no
   *     terminal to ask on
   */
  Pin read(Environment env, String prompt) throws CliException {
    char[] chars;
    String from;
    if (envVar != null) {
      String value = env.env().get(envVar);
      from = envOption + " " + envVar;
      if (value == null) {
        throw new CliException("environment variable " + envVar + " is not set (" + envOption
            + " gives the " + what + ")");
      }
      chars = value.toCharArray();
    } else if (file != null) {
      from = fileOption + " " + file;
      chars = readFile(file);
    } else {
      from = "the terminal";
      chars = env.prompt().read(prompt);
      if (chars == null) {
        throw new CliException("no " + what + " given: use " + envOption + " VAR or "
            + fileOption + " FILE, or run on a terminal to be asked");
      }
    }
    if (chars.length == 0) {
      throw new CliException("the " + what + " from " + from + " is empty");
    }
    return Pin.ofAndWipe(chars);
  }

  /**
   * Reads a new PIN; on a terminal, asks twice and requires both answers to match.
   *
   * @param env the environment
   * @param prompt the question to ask on a terminal
   * @return the PIN; the caller closes it
   * @throws CliException as {@link #read}, or if the two answers differ
   */
  Pin readNew(Environment env, String prompt) throws CliException {
    Pin first = read(env, prompt);
    if (!isPrompt()) {
      return first;
    }
    try (Pin again = read(env, prompt.replaceFirst(":\\s*$", "") + " again: ")) {
      if (!first.matches(again)) {
        first.close();
        throw new CliException("the two entries of the " + what + " differ");
      }
      return first;
    }
  }

  private char[] readFile(Path path) throws CliException {
    byte[] bytes = new byte[MAX_FILE_BYTES + 1];
    int n = 0;
    try (InputStream in = Files.newInputStream(path)) {
      for (int r; n < bytes.length && (r = in.read(bytes, n, bytes.length - n)) > 0; ) {
        n += r;
      }
      if (n > MAX_FILE_BYTES) {
        throw new CliException(fileOption + " " + path + ": longer than " + MAX_FILE_BYTES
            + " bytes; a PIN file holds one line");
      }
      int end = 0;
      while (end < n && bytes[end] != '\n') {
        end++;
      }
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
      return decode(bytes, end, path);
    } catch (IOException e) {
      throw new CliException("cannot read " + fileOption + " " + path + ": " + Failures.ioReason(e),
          e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private char[] decode(byte[] bytes, int length, Path path) throws CliException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(length);
    try {
      // UTF-8 never yields more chars than bytes, so the buffer cannot overflow.
      CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, true);
      if (result.isError()) {
        result.throwException();
      }
      decoder.flush(chars);
      char[] out = new char[chars.position()];
      chars.flip();
      chars.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new CliException(fileOption + " " + path + ": the PIN is not valid UTF-8");
    } finally {
      Arrays.fill(chars.array(), '\0');
    }
  }
}
