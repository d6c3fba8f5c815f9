package org.ukey.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinLockedException;
import org.ukey.api.UKeyException;
import picocli.CommandLine.ParameterException;

/**
 * The one place where a failure becomes an exit code and a line on stderr.
 *
 * <p>Every failure of a verb exits with {@value #ERROR} ("usage or operational error"); a
 * verification that ran and found the signature invalid is not a failure but a result (exit
 * 1, decided by the verb). The line says what went wrong and, where the user can act, what to
 * do; the stack trace is printed only with {@code --verbose}.
 *
 * <p><b>Security:</b> the text comes from exception messages, which in this SDK never carry a
 * PIN or key material ({@link UKeyException}'s contract), and from the CLI's own messages, which
 * name options, variables and files, never their secret contents.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Failures {
  /** Exit code of a success, or of a verification that found the signature valid. */
  static final int OK = 0;
  /** Exit code of a check that ran and found the thing invalid. */
  static final int INVALID = 1;
  /** Exit code of a usage or operational error. */
  static final int ERROR = 2;

  private Failures() {}

  /**
   * Reports a failure and gives its exit code.
   *
   * @param failure what was thrown
   * @param ukey the global options (for {@code --json}, {@code --verbose}) and streams
   * @return {@value #ERROR}
   */
  static int report(Throwable failure, UkeyCommand ukey) {
    Environment env = ukey.environment();
    String message = oneLine(describe(failure));
    env.err().println("ukey: " + message);
    if (ukey.verbose) {
      failure.printStackTrace(env.err());
    }
    env.err().flush();
    if (ukey.json) {
      env.out().println(Json.object().put("error", message).put("exitCode", ERROR));
      env.out().flush();
    }
    return ERROR;
  }

  /**
   * The one-line description of a failure.
   *
   * @param failure what was thrown
   * @return the message, with advice where the user can act
   */
  static String describe(Throwable failure) {
    if (failure instanceof ParameterException) {
      String verb = ((ParameterException) failure).getCommandLine().getCommandSpec()
          .qualifiedName();
      // picocli prefixes some messages with "Error: "; the line already starts with "ukey: ".
      return message(failure).replaceFirst("^Error: ", "") + " (see '" + verb + " --help')";
    }
    if (failure instanceof PinChangeRequiredException) {
      return "PIN must be changed before first use: run `ukey pin change`";
    }
    if (failure instanceof PinLockedException && !message(failure).contains("SO PIN")) {
      return message(failure) + "; the security officer can set a new user PIN with"
          + " `ukey pin unlock`";
    }
    if (failure instanceof UKeyException || failure instanceof CliException) {
      return message(failure);
    }
    if (failure instanceof UncheckedIOException) {
      return ioReason(((UncheckedIOException) failure).getCause());
    }
    if (failure instanceof IOException) {
      return ioReason((IOException) failure);
    }
    return "unexpected error: " + failure.getClass().getName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
        + " (run with --verbose for the stack trace)";
  }

  /**
   * An I/O failure in words: which file and what happened to it.
   *
   * @param e the failure
   * @return for example {@code "in.txt: no such file"}
   */
  static String ioReason(IOException e) {
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String file = f.getFile() == null ? "" : f.getFile() + ": ";
      if (e instanceof NoSuchFileException) {
        return file + "no such file or directory";
      }
      if (e instanceof AccessDeniedException) {
        return file + "permission denied";
      }
      if (e instanceof FileAlreadyExistsException) {
        return file + "already exists";
      }
      if (e instanceof NotDirectoryException) {
        return file + "not a directory";
      }
      if (e instanceof DirectoryNotEmptyException) {
        return file + "directory not empty";
      }
      return file + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
    }
    return message(e);
  }

  /**
   * Joins the lines of a message, so that an error is always one line of stderr.
   *
   * @param message the text
   * @return the text on one line
   */
  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
  }
}
