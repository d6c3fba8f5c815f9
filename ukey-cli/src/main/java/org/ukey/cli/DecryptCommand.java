package org.ukey.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.cipher.Sm4Cipher;
import org.ukey.sm2.cipher.Sm4Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ukey decrypt}: SM2 with a key on the token (the private key never leaves it), or SM4
 * with a given key and IV, streamed. A ciphertext that does not decrypt (a wrong SM2 C3 or GCM
 * tag, bad padding) is an error, exit 2, and leaves no output file: the plaintext is written to
 * a private temporary file and moved into place only when everything checked.
 */
@Command(name = "decrypt", description = "Decrypt a file: SM2 with a key on the token, or SM4.")
final class DecryptCommand extends VerbCommand {
  @Option(names = "--alg", required = true, paramLabel = "ALG",
      description = "sm2, sm4-ecb, sm4-cbc, sm4-ctr or sm4-gcm.")
  String alg;

  @Option(names = "--key", paramLabel = "LABEL", description = "SM2: the key on the token.")
  String key;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "asn1",
      description = "SM2 ciphertext layout: asn1 (default), c1c3c2, c1c2c3.")
  String format;

  @Mixin
  Sm4Options sm4;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Ciphertext.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Plaintext.")
  Path out;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    if (CipherChoice.isSm2(alg)) {
      return sm2(ukey);
    }
    Sm4Mode mode = CipherChoice.sm4Mode(alg);
    if (key != null) {
      throw new CliException("--key names a token key, for --alg sm2; SM4 takes --key-hex");
    }
    Sm4Cipher cipher = sm4.cipher(mode, ukey);
    long written;
    try (InputStream data = ProgressInputStream.wrap(InputFiles.open(in),
        ukey.environment(), "decrypting " + in.getFileName(), InputFiles.size(in));
        PrivateOutputFile target = PrivateOutputFile.create(out)) {
      written = cipher.decrypt(sm4.iv(mode), sm4.aad(mode), data, target.stream());
      target.commit();
    }
    ukey.print(Json.object().put("alg", mode.cliName()).put("in", in.toString())
            .put("out", out.toString()).put("bytesWritten", written),
        "Decrypted " + in + " with " + mode.cliName() + " -> " + out + " (" + written
            + " bytes)");
    return Failures.OK;
  }

  private int sm2(UkeyCommand ukey) throws Exception {
    if (key == null) {
      throw new CliException("--alg sm2 needs --key LABEL, the key on the token");
    }
    EncryptionAlgorithm layout = CipherChoice.sm2Layout(format);
    byte[] ciphertext = SmallFiles.read(in, EncryptCommand.MAX_SM2_MESSAGE + 256,
        "SM2 ciphertext");
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      try (Session session = choice.login(token)) {
        TokenKey tokenKey = session.key(key);
        byte[] plaintext;
        try {
          plaintext = session.decrypt(tokenKey, layout, ciphertext);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.DECRYPT, token, tokenKey, e);
          throw e;
        }
        // Recorded before the plaintext is written: a use that cannot be audited yields none.
        ukey.policy().record(Operation.DECRYPT, token, tokenKey, Sm3.digest(ciphertext),
            AuditOutcome.SUCCEEDED, "ukey decrypt --alg sm2 --key " + key + " --in "
                + in.getFileName());
        try (PrivateOutputFile target = PrivateOutputFile.create(out)) {
          target.stream().write(plaintext);
          target.commit();
        } finally {
          Arrays.fill(plaintext, (byte) 0);
        }
        ukey.print(Json.object().put("alg", "sm2").put("format",
                CipherChoice.layoutName(layout)).put("key", key).put("in", in.toString())
                .put("out", out.toString()).put("bytesWritten", plaintext.length),
            "Decrypted " + in + " with '" + key + "' (SM2, " + CipherChoice.layoutName(layout)
                + ") -> " + out + " (" + plaintext.length + " bytes)");
        return Failures.OK;
      }
    }
  }
}
