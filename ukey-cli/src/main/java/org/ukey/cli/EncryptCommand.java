package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.sm2.cipher.PublicKeyEncryption;
import org.ukey.sm2.cipher.Sm4Cipher;
import org.ukey.sm2.cipher.Sm4Mode;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.KeyFileReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ukey encrypt}: SM2 to a certificate, a public key file or a key on the token (GM/T 0009
 * ASN.1 by default, the form OpenSSL reads; {@code --format c1c3c2|c1c2c3} for raw), or SM4 in
 * ECB/CBC/CTR/GCM with a given key and IV, streamed (the file size does not matter). The output
 * file appears only when complete.
 */
@Command(name = "encrypt", description = "Encrypt a file: SM2 to a public key, or SM4.")
final class EncryptCommand extends VerbCommand {
  /** SM2 messages are small (keys, short secrets); larger files are an error, not a crash. */
  static final int MAX_SM2_MESSAGE = 16 << 20;

  @Option(names = "--alg", required = true, paramLabel = "ALG",
      description = "sm2, sm4-ecb, sm4-cbc, sm4-ctr or sm4-gcm.")
  String alg;

  @ArgGroup(exclusive = true)
  Recipient recipient;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "asn1",
      description = "SM2 ciphertext layout: asn1 (default), c1c3c2, c1c2c3.")
  String format;

  @Mixin
  Sm4Options sm4;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Plaintext.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Ciphertext.")
  Path out;

  /** Where the SM2 public key comes from. */
  static final class Recipient {
    @Option(names = "--cert", paramLabel = "CERT", description = "Recipient's certificate.")
    Path cert;

    @Option(names = "--public", paramLabel = "PEM", description = "Recipient's public key.")
    Path publicKey;

    @Option(names = "--key", paramLabel = "LABEL", description = "A key on the token.")
    String key;
  }

  @Override
  int run(UkeyCommand ukey) throws Exception {
    if (CipherChoice.isSm2(alg)) {
      return sm2(ukey);
    }
    Sm4Mode mode = CipherChoice.sm4Mode(alg);
    if (recipient != null) {
      throw new CliException("--cert, --public and --key are for --alg sm2");
    }
    Sm4Cipher cipher = sm4.cipher(mode, ukey);
    long written;
    try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
        ukey.environment(), "encrypting " + in.getFileName(), InputFiles.size(in));
        PrivateOutputFile target = PrivateOutputFile.create(out)) {
      written = cipher.encrypt(sm4.iv(mode), sm4.aad(mode), data, target.stream());
      target.commit();
    }
    ukey.print(Json.object().put("alg", mode.cliName()).put("in", in.toString())
            .put("out", out.toString()).put("bytesWritten", written),
        "Encrypted " + in + " with " + mode.cliName() + " -> " + out + " (" + written
            + " bytes)");
    return Failures.OK;
  }

  private int sm2(UkeyCommand ukey) throws Exception {
    if (recipient == null) {
      throw new CliException("--alg sm2 needs the recipient: --cert CERT, --public PEM or"
          + " --key LABEL");
    }
    EncryptionAlgorithm layout = CipherChoice.sm2Layout(format);
    byte[] plaintext = SmallFiles.read(in, MAX_SM2_MESSAGE, "message for SM2 (at most 16 MiB;"
        + " encrypt an SM4 key with SM2 and the data with SM4)");
    if (plaintext.length == 0) {
      throw new CliException(in + " is empty; SM2 cannot encrypt an empty message");
    }
    byte[] ct = PublicKeyEncryption.encrypt(publicKey(ukey), layout, plaintext);
    AtomicFiles.write(out, ct);
    ukey.print(Json.object().put("alg", "sm2").put("format", CipherChoice.layoutName(layout))
            .put("in", in.toString()).put("out", out.toString()).put("bytesWritten", ct.length),
        "Encrypted " + in + " with SM2 (" + CipherChoice.layoutName(layout) + ") -> " + out
            + " (" + ct.length + " bytes)");
    return Failures.OK;
  }

  private PublicKey publicKey(UkeyCommand ukey) throws Exception {
    if (recipient.cert != null) {
      return Certificates.parse(SmallFiles.read(recipient.cert, SmallFiles.MAX_KEY_FILE,
          "certificate")).getPublicKey();
    }
    if (recipient.publicKey != null) {
      return KeyFileReader.readPublicKey(SmallFiles.read(recipient.publicKey,
          SmallFiles.MAX_KEY_FILE, "public key"));
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        return session.key(recipient.key).publicKey();
      }
    }
  }
}
