package org.ukey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that only groups others ({@code ukey token init}, {@code ukey pin change}): given alone
 * it names its subcommands on one line of stderr and exits with 2.
 *
 * <p><b>Thread-safety:</b> one instance per run, on one thread.
 */
abstract class VerbGroup implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    UkeyCommand ukey = (UkeyCommand) spec.root().userObject();
    return Failures.report(new CliException("'" + spec.qualifiedName() + "' needs a subcommand: "
        + String.join(", ", spec.subcommands().keySet()) + " (see '" + spec.qualifiedName()
        + " --help')"), ukey);
  }
}
