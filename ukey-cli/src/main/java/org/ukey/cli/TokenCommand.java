package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey token ...}: creating tokens. */
@Command(name = "token", description = "Create and manage soft tokens.",
    subcommands = {TokenInitCommand.class})
final class TokenCommand extends VerbGroup {
}
