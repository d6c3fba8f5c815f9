package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.DefaultBufferedBlockCipher;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.sm2.interop.OpenSsl;

class Sm4CipherTest {
  private static final byte[] KEY = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
  private static final int[] ODD_LENGTHS = {0, 1, 15, 16, 17, 31, 33, 255, 1000, 4097};

  @TempDir
  Path dir;

  /** RFC 8998 Appendix A.1: SM4-GCM with a 12-byte IV and 20 bytes of AAD. */
  @Test
  void gcmMatchesRfc8998VectorA1() throws Exception {
    byte[] iv = Hex.decode("00001234567800000000ABCD");
    byte[] aad = Hex.decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
    byte[] pt = Hex.decode("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
    byte[] expected = Hex.decode("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        + "83DE3541E4C2B58177E065A9BF7B62EC");
    Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, KEY);
    assertArrayEquals(expected, gcm.encrypt(iv, aad, pt));
    assertArrayEquals(pt, gcm.decrypt(iv, aad, expected));
  }

  @Test
  void everyModeAgreesWithBouncyCastleOnOddLengths() throws Exception {
    Random random = new Random(7);
    for (int len : ODD_LENGTHS) {
      byte[] key = bytes(random, 16);
      byte[] iv = bytes(random, 16);
      byte[] pt = bytes(random, len);
      byte[] cbc = bc(new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine())),
          new ParametersWithIV(new KeyParameter(key), iv), pt);
      assertArrayEquals(cbc, Sm4Cipher.create(Sm4Mode.CBC, key).encrypt(iv, pt), "CBC " + len);
      byte[] ecb = bc(new PaddedBufferedBlockCipher(new SM4Engine()), new KeyParameter(key), pt);
      assertArrayEquals(ecb, Sm4Cipher.create(Sm4Mode.ECB, key).encrypt(null, pt), "ECB " + len);
      byte[] ctr = bc(new DefaultBufferedBlockCipher(SICBlockCipher.newInstance(new SM4Engine())),
          new ParametersWithIV(new KeyParameter(key), iv), pt);
      assertArrayEquals(ctr, Sm4Cipher.create(Sm4Mode.CTR, key).encrypt(iv, pt), "CTR " + len);
      for (int ivLen : new int[] {12, 16, 7}) {
        byte[] nonce = bytes(random, ivLen);
        byte[] aad = bytes(random, len % 37);
        GCMBlockCipher bcGcm = (GCMBlockCipher) GCMBlockCipher.newInstance(new SM4Engine());
        bcGcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] expected = new byte[bcGcm.getOutputSize(len)];
        int n = bcGcm.processBytes(pt, 0, len, expected, 0);
        bcGcm.doFinal(expected, n);
        Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, key);
        assertArrayEquals(expected, gcm.encrypt(nonce, aad, pt), "GCM " + len + "/" + ivLen);
        assertArrayEquals(pt, gcm.decrypt(nonce, aad, expected));
      }
    }
  }

  @Test
  void decryptionInvertsEncryptionInEveryMode() throws Exception {
    Random random = new Random(11);
    for (Sm4Mode mode : Sm4Mode.values()) {
      Sm4Cipher c = Sm4Cipher.create(mode, bytes(random, 16));
      byte[] iv = bytes(random, mode.ivLength());
      for (int len : ODD_LENGTHS) {
        byte[] pt = bytes(random, len);
        assertArrayEquals(pt, c.decrypt(iv, c.encrypt(iv, pt)), mode + " " + len);
      }
    }
  }

  @Test
  void streamingGivesTheSameBytesAsWholeMessagesWhateverTheReadSizes() throws Exception {
    Random random = new Random(3);
    byte[] pt = bytes(random, 200_003);
    for (Sm4Mode mode : Sm4Mode.values()) {
      Sm4Cipher c = Sm4Cipher.create(mode, bytes(random, 16));
      byte[] iv = bytes(random, mode.ivLength());
      byte[] aad = mode == Sm4Mode.GCM ? bytes(random, 40) : null;
      byte[] whole = c.encrypt(iv, aad, pt);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = c.encrypt(iv, aad, new Trickle(pt, random), out);
      assertArrayEquals(whole, out.toByteArray(), mode.toString());
      assertEquals(whole.length, n);
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      c.decrypt(iv, aad, new Trickle(whole, random), back);
      assertArrayEquals(pt, back.toByteArray(), mode.toString());
    }
  }

  @Test
  void cbcCtrAndEcbAgreeWithOpensslEncBothWays() throws Exception {
    Random random = new Random(5);
    for (Sm4Mode mode : new Sm4Mode[] {Sm4Mode.CBC, Sm4Mode.CTR, Sm4Mode.ECB}) {
      for (int len : new int[] {0, 1, 16, 1001}) {
        if (mode == Sm4Mode.CTR && len == 0) {
          continue;
        }
        byte[] key = bytes(random, 16);
        byte[] iv = bytes(random, 16);
        byte[] pt = bytes(random, len);
        Path in = Files.write(dir.resolve("pt"), pt);
        String[] args = mode == Sm4Mode.ECB
            ? new String[] {"enc", "-" + mode.cliName(), "-K", Hex.toHexString(key), "-in",
                in.toString()}
            : new String[] {"enc", "-" + mode.cliName(), "-K", Hex.toHexString(key), "-iv",
                Hex.toHexString(iv), "-in", in.toString()};
        byte[] theirs = OpenSsl.run(dir, args);
        Sm4Cipher ours = Sm4Cipher.create(mode, key);
        byte[] ourIv = mode == Sm4Mode.ECB ? null : iv;
        assertArrayEquals(theirs, ours.encrypt(ourIv, pt), mode + " " + len);
        Path ct = Files.write(dir.resolve("ct"), ours.encrypt(ourIv, pt));
        String[] dec = new String[args.length + 1];
        System.arraycopy(args, 0, dec, 0, args.length);
        dec[args.length - 1] = ct.toString();
        dec[args.length] = "-d";
        assertArrayEquals(pt, OpenSsl.run(dir, dec), mode + " " + len + " decrypted by openssl");
      }
    }
  }

  @Test
  void rejectsATamperedGcmCiphertextTagOrAad() throws Exception {
    Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, KEY);
    byte[] iv = new byte[12];
    byte[] aad = "header".getBytes();
    byte[] ct = gcm.encrypt(iv, aad, "payment voucher 42".getBytes());
    for (int i : new int[] {0, 5, ct.length - 17, ct.length - 16, ct.length - 1}) {
      byte[] bad = ct.clone();
      bad[i] ^= 1;
      assertThrows(DecryptionFailedException.class, () -> gcm.decrypt(iv, aad, bad), "byte " + i);
    }
    assertThrows(DecryptionFailedException.class,
        () -> gcm.decrypt(iv, "Header".getBytes(), ct));
    assertThrows(DecryptionFailedException.class, () -> gcm.decrypt(new byte[12], null, ct));
    byte[] otherIv = iv.clone();
    otherIv[0] = 1;
    assertThrows(DecryptionFailedException.class, () -> gcm.decrypt(otherIv, aad, ct));
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> gcm.decrypt(iv, aad, new byte[15]));
    assertTrue(e.getMessage().contains("tag"), e.getMessage());
  }

  @Test
  void streamedGcmDecryptionThrowsWhenTheTagDoesNotMatch() {
    Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, KEY);
    byte[] iv = new byte[12];
    byte[] ct = gcm.encrypt(iv, new byte[100_000]);
    ct[ct.length - 1] ^= (byte) 0x80;
    assertThrows(DecryptionFailedException.class, () -> gcm.decrypt(iv, null,
        new ByteArrayInputStream(ct), new ByteArrayOutputStream()));
  }

  @Test
  void rejectsBadCbcPaddingAndLengths() throws Exception {
    Sm4Cipher cbc = Sm4Cipher.create(Sm4Mode.CBC, KEY);
    byte[] iv = new byte[16];
    byte[] ct = cbc.encrypt(iv, "0123456789".getBytes());
    byte[] wrongKey = Sm4Cipher.create(Sm4Mode.CBC, new byte[16]).encrypt(iv, new byte[16]);
    // Decrypting with the wrong key almost always yields invalid padding; this one does.
    assertThrows(DecryptionFailedException.class, () -> cbc.decrypt(iv, wrongKey));
    byte[] badPad = Sm4Cipher.create(Sm4Mode.CBC, KEY).withoutPadding()
        .encrypt(iv, Hex.decode("00112233445566778899aabbccdd0303"));
    assertThrows(DecryptionFailedException.class, () -> cbc.decrypt(iv, badPad));
    byte[] zeroPad = Sm4Cipher.create(Sm4Mode.CBC, KEY).withoutPadding()
        .encrypt(iv, Hex.decode("00112233445566778899aabbccddee00"));
    assertThrows(DecryptionFailedException.class, () -> cbc.decrypt(iv, zeroPad));
    assertThrows(InvalidEncodingException.class,
        () -> cbc.decrypt(iv, java.util.Arrays.copyOf(ct, 15)));
    assertThrows(InvalidEncodingException.class, () -> cbc.decrypt(iv, new byte[0]));
    assertThrows(InvalidEncodingException.class, () -> cbc.decrypt(iv, null,
        new ByteArrayInputStream(new byte[17]), new ByteArrayOutputStream()));
  }

  @Test
  void checksKeyIvAndAadLengths() {
    assertThrows(IllegalArgumentException.class, () -> Sm4Cipher.create(Sm4Mode.CBC, new byte[8]));
    Sm4Cipher cbc = Sm4Cipher.create(Sm4Mode.CBC, KEY);
    assertThrows(IllegalArgumentException.class, () -> cbc.encrypt(new byte[12], new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> cbc.encrypt(null, new byte[1]));
    assertThrows(IllegalArgumentException.class,
        () -> cbc.encrypt(new byte[16], new byte[1], new byte[1]));
    Sm4Cipher ctr = Sm4Cipher.create(Sm4Mode.CTR, KEY);
    assertThrows(IllegalArgumentException.class, () -> ctr.encrypt(new byte[15], new byte[1]));
    Sm4Cipher ecb = Sm4Cipher.create(Sm4Mode.ECB, KEY);
    assertThrows(IllegalArgumentException.class, () -> ecb.encrypt(new byte[16], new byte[1]));
    Sm4Cipher gcm = Sm4Cipher.create(Sm4Mode.GCM, KEY);
    assertThrows(IllegalArgumentException.class, () -> gcm.encrypt(new byte[0], new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> gcm.encrypt(new byte[129], new byte[1]));
    assertThrows(IllegalArgumentException.class,
        () -> cbc.withoutPadding().encrypt(new byte[16], new byte[17]));
    assertThrows(IllegalStateException.class, ctr::withoutPadding);
  }

  @Test
  void ctrCarriesTheCounterAcrossAllSixteenBytes() {
    for (String ivHex : new String[] {"00000000000000fffffffffffffffffe",
        "00000000000000ffffffffffffffffff", "fffffffffffffffffffffffffffffffd"}) {
      byte[] iv = Hex.decode(ivHex);
      byte[] pt = new byte[100];
      byte[] ours = Sm4Cipher.create(Sm4Mode.CTR, KEY).encrypt(iv, pt);
      byte[] expected = bc(new DefaultBufferedBlockCipher(SICBlockCipher.newInstance(
          new SM4Engine())), new ParametersWithIV(new KeyParameter(KEY), iv), pt);
      assertArrayEquals(expected, ours, ivHex);
    }
  }

  private static byte[] bc(BufferedBlockCipher c, org.bouncycastle.crypto.CipherParameters p,
      byte[] in) {
    try {
      c.init(true, p);
      byte[] out = new byte[c.getOutputSize(in.length)];
      int n = c.processBytes(in, 0, in.length, out, 0);
      n += c.doFinal(out, n);
      return java.util.Arrays.copyOf(out, n);
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Returns data in reads of random small sizes, as a socket or pipe would. */
  private static final class Trickle extends FilterInputStream {
    private final Random random;

    Trickle(byte[] data, Random random) {
      super(new ByteArrayInputStream(data));
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(40)));
    }

    @Override
    public int read(byte[] b) throws IOException {
      return read(b, 0, b.length);
    }

    @Override
    public int read() throws IOException {
      return super.read();
    }

    @Override
    public int available() {
      return 0;
    }

  }
}
