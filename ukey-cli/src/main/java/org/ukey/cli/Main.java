package org.ukey.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the {@code ukey} command.
 *
 * <p><b>Thread-safety:</b> {@link #run} builds everything it uses; runs on different threads do
 * not share state.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(Environment.system(), args));
  }

  /**
   * Runs the command in this process.
   *
   * @param env streams, environment variables and terminal
   * @param args the command line
   * @return the exit code: 0 success or valid, 1 checked and invalid, 2 usage or operational
   *     error
   */
  static int run(Environment env, String... args) {
    UkeyCommand ukey = new UkeyCommand(env);
    CommandLine cli = new CommandLine(ukey);
    cli.setOut(env.out());
    cli.setErr(env.err());
    cli.setParameterExceptionHandler((ParameterException e, String[] a) ->
        Failures.report(e, ukey));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> Failures.report(e, ukey));
    int code = cli.execute(args);
    env.out().flush();
    env.err().flush();
    return code;
  }
}
