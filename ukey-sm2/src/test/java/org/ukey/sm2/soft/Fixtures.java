package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.UKeyException;

/** Shared test set-up: cheap KDF options and PIN helpers. */
final class Fixtures {
  /** scrypt N = 2^10: a few milliseconds per PIN check, for tests only. */
  static final SoftTokenOptions FAST = SoftTokenOptions.builder().scryptCost(10, 8, 1)
      .mustChangePin(false).build();
  static final SoftTokenOptions FAST_MUST_CHANGE = SoftTokenOptions.builder()
      .scryptCost(10, 8, 1).build();

  static final String USER_PIN = "123456";
  static final String SO_PIN = "so-secret-9";

  private Fixtures() {}

  static Pin pin(String s) {
    return Pin.of(s.toCharArray());
  }

  /** A token with {@link #USER_PIN} that needs no PIN change. */
  static Token createToken(SoftTokenProvider store, String label) throws UKeyException {
    return store.createToken(label, pin(USER_PIN), pin(SO_PIN), FAST);
  }

  static Path tokenFile(SoftTokenProvider store, String label) {
    return store.directory().resolve(TokenDirectory.fileNameFor(label));
  }

  /** Rewrites a token file's trailing SHA-256 so that only the deeper checks can notice. */
  static void fixChecksum(byte[] file) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(file, 0, file.length - 32);
      System.arraycopy(sha.digest(), 0, file, file.length - 32, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static void write(Path file, byte[] content) throws IOException {
    Files.write(file, content);
  }
}
