package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey pin ...}: changing and unlocking the user PIN. */
@Command(name = "pin", description = "Change or unlock the user PIN.",
    subcommands = {PinChangeCommand.class, PinUnlockCommand.class})
final class PinCommand extends VerbGroup {
}
