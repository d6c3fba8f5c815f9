package org.ukey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every verb shares: the way to the {@link UkeyCommand} with the global options and the
 * environment. A verb implements {@link #run(UkeyCommand)} and returns its exit code (0 success
 * or valid, 1 checked and invalid); failures are thrown and mapped to exit code 2 by
 * {@link Failures}, never caught and printed here.
 *
 * <p><b>Thread-safety:</b> one instance per run, on one thread.
 */
abstract class VerbCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    UkeyCommand ukey = (UkeyCommand) spec.root().userObject();
    ukey.refusePinArgument();
    return run(ukey);
  }

  /**
   * Does the verb's work.
   *
   * @param ukey the global options and environment
   * @return the exit code: 0 success or valid, 1 checked and invalid
   * @throws Exception any failure; {@link Failures} turns it into one line and exit code 2
   */
  abstract int run(UkeyCommand ukey) throws Exception;
}
