package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ukey.api.InvalidEncodingException;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;

class SignatureCodecTest {
  private static final BigInteger SM2_N = Sm2.order();
  private static final BigInteger P256_N = NISTNamedCurves.getByName("P-256").getN();
  private static final BigInteger P384_N = NISTNamedCurves.getByName("P-384").getN();
  private static final BigInteger P521_N = NISTNamedCurves.getByName("P-521").getN();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
  private static final String S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
  private static final String N_HEX = SM2_N.toString(16);

  // ---- positive vectors ----

  @Test
  void decodesTheGbT32918Part5Signature() throws InvalidEncodingException {
    BigInteger[] rs = SignatureCodec.decodeDer(Sm2p256v1.DER, SM2_N);
    assertEquals(Sm2p256v1.R, rs[0]);
    assertEquals(Sm2p256v1.S, rs[1]);
  }

  @Test
  void encodesTheGbT32918Part5Signature() {
    assertArrayEquals(Sm2p256v1.DER, SignatureCodec.encodeDer(Sm2p256v1.R, Sm2p256v1.S));
  }

  @Test
  void convertsTheGbT32918Part5SignatureToRawAndBack() throws InvalidEncodingException {
    byte[] raw = SignatureCodec.derToRaw(Sm2p256v1.DER, SM2_N, 32);
    assertArrayEquals(Hex.decode(R + S), raw);
    assertArrayEquals(Sm2p256v1.DER, SignatureCodec.rawToDer(raw, SM2_N));
  }

  @Test
  void decodesTheSmallestValues() throws InvalidEncodingException {
    BigInteger[] rs = SignatureCodec.decodeDer(Hex.decode("3006020101020101"), SM2_N);
    assertEquals(BigInteger.ONE, rs[0]);
    assertEquals(BigInteger.ONE, rs[1]);
    assertArrayEquals(Hex.decode("3006020101020101"),
        SignatureCodec.encodeDer(BigInteger.ONE, BigInteger.ONE));
  }

  @Test
  void decodesTheLargestValues() throws InvalidEncodingException {
    BigInteger max = SM2_N.subtract(BigInteger.ONE);
    byte[] der = SignatureCodec.encodeDer(max, max);
    BigInteger[] rs = SignatureCodec.decodeDer(der, SM2_N);
    assertEquals(max, rs[0]);
    assertEquals(max, rs[1]);
  }

  @Test
  void leftPadsShortIntegersInRawForm() throws InvalidEncodingException {
    byte[] der = SignatureCodec.encodeDer(BigInteger.valueOf(0x7f), BigInteger.valueOf(0x80));
    assertArrayEquals(Hex.decode("30070201 7f 02020080".replace(" ", "")), der);
    byte[] raw = SignatureCodec.derToRaw(der, SM2_N, 32);
    byte[] expected = new byte[64];
    expected[31] = 0x7f;
    expected[63] = (byte) 0x80;
    assertArrayEquals(expected, raw);
    assertArrayEquals(der, SignatureCodec.rawToDer(raw, SM2_N));
  }

  @Test
  void roundTripsRandomSm2Signatures() throws InvalidEncodingException {
    roundTrips(SM2_N, 32);
  }

  @Test
  void roundTripsRandomP256Signatures() throws InvalidEncodingException {
    roundTrips(P256_N, 32);
  }

  @Test
  void roundTripsRandomP384Signatures() throws InvalidEncodingException {
    roundTrips(P384_N, 48);
  }

  @Test
  void roundTripsP521SignaturesWhoseSequenceNeedsTheLongFormLength()
      throws InvalidEncodingException {
    BigInteger big = P521_N.subtract(BigInteger.TWO);
    byte[] der = SignatureCodec.encodeDer(big, big);
    assertEquals(0x81, der[1] & 0xff);
    byte[] raw = SignatureCodec.derToRaw(der, P521_N, 66);
    assertEquals(132, raw.length);
    assertArrayEquals(der, SignatureCodec.rawToDer(raw, P521_N));
  }

  @Test
  void rawToDerEncodesEdgeValuesAsTheBigIntegerEncodingDoes() throws InvalidEncodingException {
    // Alternating orders also exercises the kept order bytes.
    BigInteger[][] orders = {{SM2_N, BigInteger.valueOf(32)}, {P384_N, BigInteger.valueOf(48)},
        {P256_N, BigInteger.valueOf(32)}, {P521_N, BigInteger.valueOf(66)}, {SM2_N,
        BigInteger.valueOf(32)}};
    for (BigInteger[] o : orders) {
      BigInteger n = o[0];
      int half = o[1].intValue();
      BigInteger[] edges = {BigInteger.ONE, BigInteger.valueOf(0x7f), BigInteger.valueOf(0x80),
          BigInteger.valueOf(0xff), BigInteger.ONE.shiftLeft(8 * half - 9),
          BigInteger.ONE.shiftLeft(8 * half - 8).subtract(BigInteger.ONE),
          n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO)};
      for (BigInteger r : edges) {
        for (BigInteger s : edges) {
          byte[] raw = new byte[2 * half];
          System.arraycopy(BigIntegers.asUnsignedByteArray(half, r), 0, raw, 0, half);
          System.arraycopy(BigIntegers.asUnsignedByteArray(half, s), 0, raw, half, half);
          assertArrayEquals(SignatureCodec.encodeDer(r, s), SignatureCodec.rawToDer(raw, n),
              () -> n.bitLength() + "-bit order, r=" + r.toString(16) + " s=" + s.toString(16));
        }
      }
    }
  }

  @Test
  void rawToDerNamesTheValueOutOfRangeAndWhereItStarts() {
    byte[] raw = new byte[64];
    raw[31] = 1;
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, SM2_N.add(BigInteger.ONE)), 0, raw, 32,
        32);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> SignatureCodec.rawToDer(raw, SM2_N));
    assertTrue(e.getMessage().contains("raw signature.s") && e.getMessage().contains("32")
        && e.getMessage().contains("n or more"), e.getMessage());
    byte[] zeroR = new byte[64];
    zeroR[63] = 1;
    e = assertThrows(InvalidEncodingException.class, () -> SignatureCodec.rawToDer(zeroR, SM2_N));
    assertTrue(e.getMessage().contains("raw signature.r") && e.getMessage().contains("is 0"),
        e.getMessage());
  }

  @Test
  void rawToDerReadsARangeOfALargerBuffer() throws InvalidEncodingException {
    // The PKCS#11 signer reads a token's r‖s into a buffer kept per session; bytes around the
    // range (here 0xFF, which would change both values and their encodings) are not read.
    byte[] raw = SignatureCodec.derToRaw(Sm2p256v1.DER, SM2_N, 32);
    byte[] buffer = new byte[7 + 64 + 9];
    Arrays.fill(buffer, (byte) 0xFF);
    System.arraycopy(raw, 0, buffer, 7, 64);
    assertArrayEquals(Sm2p256v1.DER, SignatureCodec.rawToDer(buffer, 7, 64, SM2_N));
    byte[] small = new byte[64];
    small[31] = 1;
    small[63] = (byte) 0x80; // s needs the leading zero
    System.arraycopy(small, 0, buffer, 3, 64);
    assertArrayEquals(SignatureCodec.encodeDer(BigInteger.ONE, BigInteger.valueOf(0x80)),
        SignatureCodec.rawToDer(buffer, 3, 64, SM2_N));
  }

  @Test
  void rawToDerRejectsABadRangeWithPositionsFromItsStart() {
    byte[] buffer = new byte[100];
    Arrays.fill(buffer, (byte) 0xFF); // r and s both above n
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> SignatureCodec.rawToDer(buffer, 10, 64, SM2_N));
    assertTrue(e.getMessage().contains("raw signature.r") && e.getMessage().contains("n or more")
        && e.offset() == 0, e.getMessage());
    Arrays.fill(buffer, 10, 42, (byte) 0);
    buffer[41] = 1; // r = 1: now s (at 32 within the range) is the bad one
    e = assertThrows(InvalidEncodingException.class,
        () -> SignatureCodec.rawToDer(buffer, 10, 64, SM2_N));
    assertTrue(e.getMessage().contains("raw signature.s") && e.offset() == 32,
        e.getMessage());
    e = assertThrows(InvalidEncodingException.class,
        () -> SignatureCodec.rawToDer(buffer, 10, 63, SM2_N));
    assertTrue(e.getMessage().contains("length must be 64"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class,
        () -> SignatureCodec.rawToDer(buffer, 40, 64, SM2_N));
    assertThrows(IndexOutOfBoundsException.class,
        () -> SignatureCodec.rawToDer(buffer, -1, 64, SM2_N));
  }

  private static void roundTrips(BigInteger n, int half) throws InvalidEncodingException {
    for (int i = 0; i < 50; i++) {
      BigInteger r = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE),
          RANDOM);
      BigInteger s = i == 0 ? BigInteger.ONE
          : BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
      byte[] der = SignatureCodec.encodeDer(r, s);
      BigInteger[] rs = SignatureCodec.decodeDer(der, n);
      assertEquals(r, rs[0]);
      assertEquals(s, rs[1]);
      byte[] raw = SignatureCodec.derToRaw(der, n, half);
      assertEquals(2 * half, raw.length);
      assertEquals(r, new BigInteger(1, Arrays.copyOfRange(raw, 0, half)));
      assertEquals(s, new BigInteger(1, Arrays.copyOfRange(raw, half, 2 * half)));
      assertArrayEquals(der, SignatureCodec.rawToDer(raw, n));
    }
  }

  // ---- negative vectors: every one a clear InvalidEncodingException ----

  /** One malformed DER signature: its hex, where the problem is, and what the message says. */
  private static final class Bad {
    final String name;
    final byte[] der;
    final long offset;
    final String says;

    Bad(String name, String hex, long offset, String says) {
      this.name = name;
      this.der = Hex.decode(hex.replace(" ", ""));
      this.offset = offset;
      this.says = says;
    }
  }

  private static String integer(String hex) {
    return String.format("02%02x", hex.length() / 2) + hex;
  }

  private static String sequence(String body) {
    int len = body.replace(" ", "").length() / 2;
    return (len < 128 ? String.format("30%02x", len) : String.format("3081%02x", len)) + body;
  }

  private static List<Bad> malformed() {
    String r = integer("00" + R);
    String s = integer("00" + S);
    List<Bad> bad = new ArrayList<>();
    bad.add(new Bad("empty input", "", 0, "empty"));
    bad.add(new Bad("SET instead of SEQUENCE", "31" + sequence(r + s).substring(2), 0,
        "expected SEQUENCE"));
    bad.add(new Bad("OCTET STRING instead of SEQUENCE", "04" + sequence(r + s).substring(2), 0,
        "expected SEQUENCE"));
    bad.add(new Bad("BIT STRING instead of r", sequence("03" + r.substring(2) + s), 2,
        "expected INTEGER"));
    bad.add(new Bad("OCTET STRING instead of s", sequence(r + "04" + s.substring(2)), 37,
        "expected INTEGER"));
    bad.add(new Bad("nested SEQUENCE", sequence(sequence(r + s)), 2, "expected INTEGER"));
    bad.add(new Bad("indefinite length", "3080" + r + s + "0000", 1, "indefinite"));
    bad.add(new Bad("long-form SEQUENCE length where short suffices", "308146" + r + s, 1,
        "short form"));
    bad.add(new Bad("long-form INTEGER length where short suffices",
        sequence("028121" + "00" + R + s), 3, "short form"));
    bad.add(new Bad("two-byte length", "30820046" + r + s, 1, "too large"));
    bad.add(new Bad("non-minimal r (extra leading 00)", sequence(integer("0000" + R) + s), 4,
        "non-minimal"));
    bad.add(new Bad("non-minimal s (00 before a byte < 0x80)",
        sequence(r + integer("0001")), 39, "non-minimal"));
    bad.add(new Bad("negative r (high bit without leading 00)", sequence(integer(R) + s), 4,
        "negative"));
    bad.add(new Bad("negative s (-1)", sequence(r + integer("ff")), 39, "negative"));
    bad.add(new Bad("empty INTEGER r", sequence("0200" + s), 2, "empty INTEGER"));
    bad.add(new Bad("r = 0", sequence(integer("00") + s), 2, "value is 0"));
    bad.add(new Bad("s = 0", sequence(r + integer("00")), 37, "value is 0"));
    bad.add(new Bad("r = n", sequence(integer("00" + N_HEX) + s), 2, "n or more"));
    bad.add(new Bad("s = n", sequence(r + integer("00" + N_HEX)), 37, "n or more"));
    bad.add(new Bad("s = 2^256 - 1", sequence(r + integer("00" + "ff".repeat(32))), 37,
        "n or more"));
    bad.add(new Bad("r of 33 bytes without leading 00 meaning",
        sequence(integer("01" + R) + s), 2, "n or more"));
    bad.add(new Bad("s missing", sequence(r), 37, "INTEGER missing"));
    bad.add(new Bad("trailing byte inside the SEQUENCE", sequence(r + s + "00"), 72,
        "inside the SEQUENCE"));
    bad.add(new Bad("third INTEGER inside the SEQUENCE", sequence(r + s + "020101"), 72,
        "inside the SEQUENCE"));
    bad.add(new Bad("trailing byte after the SEQUENCE", sequence(r + s) + "00", 72,
        "after the SEQUENCE"));
    bad.add(new Bad("second signature after the SEQUENCE", sequence(r + s) + sequence(r + s),
        72, "after the SEQUENCE"));
    bad.add(new Bad("SEQUENCE length one too long", "3047" + r + s, 1, "runs past"));
    bad.add(new Bad("SEQUENCE length one too short", "3045" + r + s, 71, "after the SEQUENCE"));
    bad.add(new Bad("s length past the end of the SEQUENCE", "3046" + r + "022200" + S, 37,
        "runs past"));
    return bad;
  }

  @Test
  void rejectsEveryMalformedVectorWithItsOffsetAndReason() {
    List<Executable> checks = new ArrayList<>();
    for (Bad b : malformed()) {
      checks.add(() -> {
        InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
            () -> SignatureCodec.decodeDer(b.der, SM2_N), b.name);
        assertEquals(b.offset, e.offset(), () -> b.name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(b.says), () -> b.name + ": " + e.getMessage());
        assertTrue(e.what().startsWith("signature"), b.name);
      });
    }
    assertAll(checks);
  }

  @Test
  void rejectsTheKnownAnswerSignatureTruncatedAtEveryLength() {
    List<Executable> checks = new ArrayList<>();
    for (int len = 0; len < Sm2p256v1.DER.length; len++) {
      byte[] cut = Arrays.copyOf(Sm2p256v1.DER, len);
      int l = len;
      checks.add(() -> assertThrows(InvalidEncodingException.class,
          () -> SignatureCodec.decodeDer(cut, SM2_N), () -> "truncated to " + l));
    }
    assertAll(checks);
  }

  @Test
  void rejectsTheKnownAnswerSignatureWithAnyLengthByteChanged() {
    // Offsets 1, 2+1 and 37+1 are the three lengths; every other value must fail somewhere.
    List<Executable> checks = new ArrayList<>();
    for (int at : new int[] {1, 3, 38}) {
      for (int v = 0; v < 256; v++) {
        if (v == (Sm2p256v1.DER[at] & 0xff)) {
          continue;
        }
        byte[] changed = Sm2p256v1.DER.clone();
        changed[at] = (byte) v;
        int value = v;
        checks.add(() -> assertThrows(InvalidEncodingException.class,
            () -> SignatureCodec.decodeDer(changed, SM2_N),
            () -> "length byte at " + at + " set to " + value));
      }
    }
    assertAll(checks);
  }

  @Test
  void rejectsRawFormsOfTheWrongLength() {
    for (int len : new int[] {0, 1, 63, 65, 96, 128}) {
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
          () -> SignatureCodec.rawToDer(new byte[len], SM2_N), () -> "length " + len);
      assertTrue(e.getMessage().contains("64 bytes"), e.getMessage());
    }
    assertThrows(InvalidEncodingException.class,
        () -> SignatureCodec.rawToDer(new byte[64], P384_N));
  }

  @Test
  void rejectsRawFormsWithROrSOutOfRange() {
    byte[] n = BigIntegers.asUnsignedByteArray(32, SM2_N);
    byte[] one = BigIntegers.asUnsignedByteArray(32, BigInteger.ONE);
    byte[][][] cases = {{new byte[32], one}, {one, new byte[32]}, {n, one}, {one, n},
        {Hex.decode("ff".repeat(32)), one}};
    for (byte[][] c : cases) {
      byte[] raw = new byte[64];
      System.arraycopy(c[0], 0, raw, 0, 32);
      System.arraycopy(c[1], 0, raw, 32, 32);
      assertThrows(InvalidEncodingException.class, () -> SignatureCodec.rawToDer(raw, SM2_N),
          () -> Hex.toHexString(raw));
    }
  }

  @Test
  void refusesToEncodeZeroOrNegativeValues() {
    assertThrows(IllegalArgumentException.class,
        () -> SignatureCodec.encodeDer(BigInteger.ZERO, BigInteger.ONE));
    assertThrows(IllegalArgumentException.class,
        () -> SignatureCodec.encodeDer(BigInteger.ONE, BigInteger.ONE.negate()));
  }

  @Test
  void refusesARawHalfShorterThanTheOrder() {
    assertThrows(IllegalArgumentException.class,
        () -> SignatureCodec.derToRaw(Sm2p256v1.DER, SM2_N, 31));
  }

  @Test
  void rejectsADerSignatureOfAnotherCurveOrder() {
    // A P-384 signature with r above the SM2 order is out of range for SM2.
    BigInteger big = P384_N.subtract(BigInteger.ONE);
    byte[] der = SignatureCodec.encodeDer(big, BigInteger.ONE);
    assertThrows(InvalidEncodingException.class, () -> SignatureCodec.decodeDer(der, SM2_N));
  }
}
