package org.ukey.cli;

import java.nio.file.Path;
import org.ukey.api.InvalidEncodingException;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ukey seal show}: prints what a seal (or the seal inside a seal signature) holds, and
 * can write its picture out.
 */
@Command(name = "show", description = "Show a seal (or the seal inside a seal signature).")
final class SealShowCommand extends VerbCommand {
  @Parameters(index = "0", paramLabel = "SEAL", description = "Seal (.esl) or signature file.")
  Path file;

  @Option(names = "--extract-picture", paramLabel = "F", description = "Write the picture here.")
  Path picture;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    byte[] bytes = SmallFiles.read(file, SealFiles.MAX_SEAL_FILE, "seal");
    SESeal seal;
    String kind = "seal";
    try {
      seal = SESeal.parse(bytes);
    } catch (InvalidEncodingException notASeal) {
      try {
        seal = SESSignature.parse(bytes).seal();
        kind = "seal signature";
      } catch (InvalidEncodingException notASignature) {
        throw notASeal;
      }
    }
    if (picture != null) {
      AtomicFiles.write(picture, seal.sealInfo().picture().data());
    }
    String text = SealViews.sealText(seal);
    if (!kind.equals("seal")) {
      text = "(the seal inside a " + kind + ")\n" + text;
    }
    if (picture != null) {
      text += "\nPicture written to " + picture + ".";
    }
    ukey.print(SealViews.seal(seal).put("file", file.toString()).put("fileKind", kind)
        .put("pictureFile", picture == null ? null : picture.toString()), text);
    return Failures.OK;
  }
}
