package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey seal ...}: make, show, stamp and verify e-seals (电子印章), and file them (备案). */
@Command(name = "seal", description = "Make, show, stamp, verify and file e-seals"
    + " (GM/T 0031-2014, GB/T 38540-2020).",
    subcommands = {SealMakeCommand.class, SealShowCommand.class, SealStampCommand.class,
        SealVerifyCommand.class, SealRegistryCommand.class})
final class SealCommand extends VerbGroup {
}
