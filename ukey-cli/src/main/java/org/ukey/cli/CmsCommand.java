package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey cms ...}: CMS SignedData (PKCS#7; GM/T 0010 for SM2). */
@Command(name = "cms", description = "Sign and verify CMS SignedData (GM/T 0010, RFC 5652).",
    subcommands = {CmsSignCommand.class, CmsVerifyCommand.class})
final class CmsCommand extends VerbGroup {
}
