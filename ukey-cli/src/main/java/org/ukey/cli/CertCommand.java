package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey cert ...}: show certificates, store them with keys, export them. */
@Command(name = "cert", description = "Show, import and export certificates.",
    subcommands = {CertShowCommand.class, CertImportCommand.class, CertExportCommand.class})
final class CertCommand extends VerbGroup {
}
