package org.ukey.cli;

import java.util.Arrays;
import org.ukey.sm2.cipher.Sm4Cipher;
import org.ukey.sm2.cipher.Sm4Mode;
import picocli.CommandLine.Option;

/**
 * The SM4 options shared by {@code ukey encrypt} and {@code ukey decrypt}: the key in hex from
 * an argument ({@code --key-hex}, as the CLI contract has it) or, better, from an environment
 * variable ({@code --key-hex-env}); the IV; the GCM AAD.
 *
 * <p><b>Security:</b> a key given with {@code --key-hex} is visible in the process list while
 * the command runs; {@code --key-hex-env} avoids that. Neither is ever printed.
 */
final class Sm4Options {
  @Option(names = "--key-hex", paramLabel = "HEX", description = "SM4 key, 32 hex digits.")
  String keyHex;

  @Option(names = "--key-hex-env", paramLabel = "VAR",
      description = "Read the SM4 key in hex from environment variable VAR.")
  String keyHexEnv;

  @Option(names = "--iv-hex", paramLabel = "HEX",
      description = "IV: 32 hex digits (CBC, CTR), 24 recommended (GCM), none (ECB).")
  String ivHex;

  @Option(names = "--aad-hex", paramLabel = "HEX",
      description = "GCM additional authenticated data, hex.")
  String aadHex;

  @Option(names = "--no-padding", description = "ECB/CBC without PKCS#7 padding.")
  boolean noPadding;

  Sm4Cipher cipher(Sm4Mode mode, UkeyCommand ukey) throws CliException {
    if ((keyHex == null) == (keyHexEnv == null)) {
      throw new CliException("give the SM4 key with exactly one of --key-hex HEX or"
          + " --key-hex-env VAR");
    }
    String hex = keyHex;
    if (keyHexEnv != null) {
      hex = ukey.environment().env().get(keyHexEnv);
      if (hex == null) {
        throw new CliException("environment variable " + keyHexEnv + " is not set"
            + " (--key-hex-env gives the SM4 key)");
      }
    }
    byte[] key = CipherChoice.hex(hex, keyHex != null ? "--key-hex" : "--key-hex-env " + keyHexEnv);
    try {
      if (key.length != 16) {
        throw new CliException("the SM4 key must be 16 bytes (32 hex digits), was "
            + key.length);
      }
      Sm4Cipher c = Sm4Cipher.create(mode, key);
      if (noPadding) {
        if (!mode.isBlockMode()) {
          throw new CliException("--no-padding is for sm4-ecb and sm4-cbc only");
        }
        c = c.withoutPadding();
      }
      return c;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  byte[] iv(Sm4Mode mode) throws CliException {
    if (mode == Sm4Mode.ECB) {
      if (ivHex != null) {
        throw new CliException("sm4-ecb takes no --iv-hex");
      }
      return null;
    }
    if (ivHex == null) {
      throw new CliException(mode.cliName() + " needs --iv-hex");
    }
    byte[] iv = CipherChoice.hex(ivHex, "--iv-hex");
    if (mode == Sm4Mode.GCM ? iv.length < 1 || iv.length > 128 : iv.length != 16) {
      throw new CliException("--iv-hex for " + mode.cliName() + " must be "
          + (mode == Sm4Mode.GCM ? "1 to 128 bytes (12 recommended)" : "16 bytes (32 hex digits)")
          + ", was " + iv.length + " bytes");
    }
    return iv;
  }

  byte[] aad(Sm4Mode mode) throws CliException {
    if (aadHex == null) {
      return null;
    }
    if (mode != Sm4Mode.GCM) {
      throw new CliException("--aad-hex is for sm4-gcm only");
    }
    return CipherChoice.hex(aadHex, "--aad-hex");
  }
}
