package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.SO_PIN;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.createToken;
import static org.ukey.sm2.soft.Fixtures.fixChecksum;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.sm2.SoftKeys;

/** A token file is outside data: damage and tampering are reported, never accepted. */
class TokenFileTest {
  @TempDir
  Path dir;
  SoftTokenProvider store;
  Token token;
  Path file;

  @BeforeEach
  void open() throws Exception {
    store = SoftTokens.open(dir);
    token = createToken(store, "t");
    try (Session s = token.login(pin(USER_PIN))) {
      s.generateKey(KeySpec.sm2(), "k");
    }
    file = Fixtures.tokenFile(store, "t");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private byte[] bytes() throws Exception {
    return Files.readAllBytes(file);
  }

  /** Offset of the header's maxUserPinRetries byte for the label "t". */
  private static int maxRetriesOffset() {
    return 8 + 2 + 4 + 1 + 1 + 1 + 16;
  }

  @Test
  void truncatedFileIsReportedWithItsName() throws Exception {
    byte[] b = bytes();
    for (int len : new int[] {0, 5, 20, b.length / 2, b.length - 1}) {
      Fixtures.write(file, Arrays.copyOf(b, len));
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertThrows(InvalidEncodingException.class, () -> token.login(pin(USER_PIN)));
    }
  }

  @Test
  void garbageIsNotATokenFile() throws Exception {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    Fixtures.write(file, junk);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
    assertTrue(e.getMessage().contains("not a UKey soft token file"), e.getMessage());
    assertEquals(0, e.offset());
  }

  @Test
  void aFlippedBitIsCaughtByTheChecksumWithoutAPin() throws Exception {
    byte[] b = bytes();
    b[b.length / 2] ^= 0x10;
    Fixtures.write(file, b);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void unsupportedVersionIsNamed() throws Exception {
    byte[] b = bytes();
    b[9] = 2;
    fixChecksum(b);
    Fixtures.write(file, b);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
    assertTrue(e.getMessage().contains("format version 2 is not supported"), e.getMessage());
  }

  @Test
  void tamperedHeaderIsDetectedAtLogin() throws Exception {
    byte[] b = bytes();
    assertEquals(6, b[maxRetriesOffset()]);
    b[maxRetriesOffset()] = 100;  // someone grants themselves more PIN guesses
    fixChecksum(b);
    Fixtures.write(file, b);
    assertEquals(100, token.info().pinStatus().retriesLeft().getAsInt(),
        "the header is readable without a PIN, so info() cannot know yet");
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> token.login(pin(USER_PIN)));
    assertTrue(e.getMessage().contains("modified outside the UKey SDK"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void clearingTheMustChangeFlagByHandIsDetected() throws Exception {
    store.createToken("mc", pin(USER_PIN), pin(SO_PIN), Fixtures.FAST_MUST_CHANGE);
    Path mc = Fixtures.tokenFile(store, "mc");
    byte[] b = Files.readAllBytes(mc);
    int flags = 8 + 2 + 4 + 1 + 2 + 1 + 16 + 2;
    assertEquals(3, b[flags]);
    b[flags] = 0;
    fixChecksum(b);
    Fixtures.write(mc, b);
    assertThrows(InvalidEncodingException.class,
        () -> store.token("mc").login(pin(USER_PIN)));
  }

  @Test
  void tamperedKeyStoreIsDetectedAtLogin() throws Exception {
    byte[] b = bytes();
    b[b.length - 40] ^= 1;  // inside the key store's ciphertext and tag
    fixChecksum(b);
    Fixtures.write(file, b);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> token.login(pin(USER_PIN)));
    assertTrue(e.getMessage().contains("authentication of the key store failed"),
        e.getMessage());
  }

  @Test
  void tamperedPinRecordReadsAsAWrongPin() throws Exception {
    byte[] b = bytes();
    // The user PIN record's sealed data key ends just before the SO record (kdf byte = 1).
    int userWrappedEnd = 8 + 2 + 4 + 1 + 1 + 1 + 16 + 3 + 8 + 4 + 1 + 16 + 12 + 32;
    b[userWrappedEnd - 1] ^= 1;
    fixChecksum(b);
    Fixtures.write(file, b);
    assertThrows(PinIncorrectException.class, () -> token.login(pin(USER_PIN)));
  }

  @Test
  void hugeLengthFieldIsRejectedWithoutAllocating() throws Exception {
    byte[] b = bytes();
    b[10] = (byte) 0x7f;  // header length 0x7f......: far beyond the file
    fixChecksum(b);
    Fixtures.write(file, b);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
    assertTrue(e.getMessage().contains("header length"), e.getMessage());
    assertEquals(10, e.offset());
  }

  @Test
  void extremeScryptCostInAFileIsRefusedBeforeDeriving() throws Exception {
    byte[] b = bytes();
    int log2N = 8 + 2 + 4 + 1 + 1 + 1 + 16 + 3 + 8 + 1;
    assertEquals(10, b[log2N]);
    b[log2N] = 40;
    fixChecksum(b);
    Fixtures.write(file, b);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, token::info);
    assertTrue(e.getMessage().contains("header.userPin.scrypt"), e.getMessage());
  }

  @Test
  void oversizedFileIsRefusedBeforeReading() throws Exception {
    Files.write(file, new byte[TokenFile.MAX_FILE_SIZE + 1]);
    assertThrows(org.ukey.api.UKeyException.class, token::info);
  }

  @Test
  void fileRenamedToAnotherLabelIsReported() throws Exception {
    Files.move(file, Fixtures.tokenFile(store, "renamed"));
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> store.token("renamed").info());
    assertTrue(e.getMessage().contains("does not match its file name"), e.getMessage());
  }

  @Test
  void aDamagedTokenDoesNotHideTheOthers() throws Exception {
    createToken(store, "healthy");
    Fixtures.write(file, new byte[] {1, 2, 3});
    List<Token> tokens = store.tokens();
    assertEquals(2, tokens.size());
    assertEquals("healthy", store.token("healthy").info().label());
    assertThrows(InvalidEncodingException.class, () -> store.token("t").info());
  }

  @Test
  void privateKeysAreNotStoredInTheClear() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    try (Session s = token.login(pin(USER_PIN))) {
      s.importKey(pair.getPrivate(), null, "imported");
    }
    byte[] b = bytes();
    byte[] d = toFixed(((ECPrivateKey) pair.getPrivate()).getS(), 32);
    assertFalse(contains(b, d), "the private scalar appears in the file");
    assertFalse(contains(b, "imported".getBytes(StandardCharsets.UTF_8)),
        "key labels are inside the encrypted key store");
  }

  @Test
  void parsesWhatItWritesAndReencodesIdentically() throws Exception {
    byte[] b = bytes();
    TokenFile tf = TokenFile.parse(file, b);
    assertEquals("t", tf.label);
    assertEquals(0, tf.userFailures);
    assertTrue(Arrays.equals(b, tf.encode()));
  }

  private static byte[] toFixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int n = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - n, out, len - n, n);
    return out;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
