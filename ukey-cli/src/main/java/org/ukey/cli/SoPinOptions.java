package org.ukey.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --so-pin-env VAR | --so-pin-file FILE}: where the security officer's PIN comes from,
 * for every verb that needs it (a prompt when neither is given).
 */
final class SoPinOptions {
  @Option(names = "--so-pin-env", paramLabel = "VAR",
      description = "Read the SO PIN from environment variable VAR.")
  String env;

  @Option(names = "--so-pin-file", paramLabel = "FILE",
      description = "Read the SO PIN from the first line of FILE.")
  Path file;

  /**
   * The source these options name.
   *
   * @return the source
   * @throws CliException if both options are given
   */
  PinSource source() throws CliException {
    return PinSource.of("SO PIN", "--so-pin-env", env, "--so-pin-file", file);
  }
}
