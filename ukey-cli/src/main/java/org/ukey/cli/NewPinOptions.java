package org.ukey.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --new-pin-env VAR | --new-pin-file FILE}: where a new user PIN comes from (a prompt,
 * asked twice, when neither is given).
 */
final class NewPinOptions {
  @Option(names = "--new-pin-env", paramLabel = "VAR",
      description = "Read the new user PIN from environment variable VAR.")
  String env;

  @Option(names = "--new-pin-file", paramLabel = "FILE",
      description = "Read the new user PIN from the first line of FILE.")
  Path file;

  /**
   * The source these options name.
   *
   * @return the source
   * @throws CliException if both options are given
   */
  PinSource source() throws CliException {
    return PinSource.of("new user PIN", "--new-pin-env", env, "--new-pin-file", file);
  }
}
