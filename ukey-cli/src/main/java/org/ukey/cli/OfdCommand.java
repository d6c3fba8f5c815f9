package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey ofd ...}: verify and stamp signed OFD documents (GB/T 33190). */
@Command(name = "ofd", description = "Verify and stamp signed OFD documents (GB/T 33190).",
    subcommands = {OfdVerifyCommand.class, OfdSignCommand.class})
final class OfdCommand extends VerbGroup {
}
