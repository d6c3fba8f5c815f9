package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.pkcs11.TestGmToken;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftVerifiers;

/**
 * Known answers on the GM soft token, both vendors (shared/reference/gm-standards.md §5):
 * the GM/T 0003.5 / GB/T 32918.5 Annex A key imported through the SDK verifies the standard's
 * signature on the token with every vendor verify mechanism, signs what BouncyCastle verifies,
 * and decrypts the standard's Annex C ciphertext; SM3 (GB/T 32905 Annex A) and SM4
 * (GM/T 0002 Appendix A) through the raw binding, which the SDK's API does not expose.
 */
class GmKnownAnswerTest {
  private static final HexFormat HEX = HexFormat.of();
  // §5.4: sm2p256v1, default ID, M = "message digest".
  private static final byte[] D =
      HEX.parseHex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
  private static final String X =
      "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
  private static final String Y =
      "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
  private static final byte[] M = "message digest".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] E =
      HEX.parseHex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
  private static final byte[] R =
      HEX.parseHex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
  private static final byte[] S =
      HEX.parseHex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
  // §5.5: M = "encryption standard", C1 | C3 | C2.
  private static final byte[] CIPHERTEXT = HEX.parseHex("04"
      + "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
      + "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
      + "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"
      + "21886CA989CA9C7D58087307CA93092D651EFA");

  private static TestGmToken gm;
  private static final Session[] SESSIONS = new Session[2];
  private static final TokenKey[] KAT = new TokenKey[2];

  @BeforeAll
  static void importTheStandardsKey() throws Exception {
    gm = TestGmToken.create("kat", TestGmToken.SANSEC, TestGmToken.TASS);
    for (int slot = 0; slot < 2; slot++) {
      SESSIONS[slot] = gm.token(slot).login(TestGmToken.pin(TestGmToken.USER_PIN));
      KAT[slot] = SESSIONS[slot].importKey(katKey(), null, "kat");
    }
  }

  @AfterAll
  static void close() {
    for (Session s : SESSIONS) {
      if (s != null) {
        s.close();
      }
    }
    if (gm != null) {
      gm.close();
    }
  }

  /** PKCS#8 of d on sm2p256v1 (id-ecPublicKey with the SM2 curve), read by ukey-sm2. */
  private static PrivateKey katKey() throws Exception {
    byte[] pkcs8 = HEX.parseHex("3041020100301306072A8648CE3D020106082A811CCF5501822D"
        + "042730250201010420" + HEX.formatHex(D));
    return SoftKeys.privateKey(pkcs8);
  }

  private static long privateHandle(int slot) {
    return ((Pkcs11Key) KAT[slot]).privateHandle;
  }

  private static long publicHandle(int slot) throws Exception {
    TokenState state = ((TokenImpl) SESSIONS[slot].token()).state();
    return state.withSession(ns -> state.calls.findObjects(ns.handle, new Template()
        .ulong(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY).bytes(CKA.CKA_ID, KAT[slot].id()), 1)[0]);
  }

  private static <T> T raw(int slot, RawOp<T> op) throws Exception {
    TokenState state = ((TokenImpl) SESSIONS[slot].token()).state();
    RawCalls raw = new RawCalls(state.calls);
    return state.withSession(ns -> op.run(raw, ns.handle));
  }

  @FunctionalInterface
  private interface RawOp<T> {
    T run(RawCalls raw, long session) throws org.ukey.api.UKeyException;
  }

  @Test
  void theImportedKeyIsTheStandardsKey() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      ECPublicKey pub = (ECPublicKey) KAT[slot].publicKey();
      assertEquals(new BigInteger(X, 16), pub.getW().getAffineX());
      assertEquals(new BigInteger(Y, 16), pub.getW().getAffineY());
      assertArrayEquals(E, Sm2.digestForSigning(
          "1234567812345678".getBytes(StandardCharsets.US_ASCII), pub, M));
    }
  }

  @Test
  void theTokenVerifiesTheStandardsSignatureWithEveryVendorMechanism() throws Exception {
    byte[] rs = RawCalls.concat(R, S);
    byte[] der = SignatureCodec.rawToDer(rs, Sm2.order());
    byte[] wrongRs = rs.clone();
    wrongRs[63] ^= 1;
    long sansecPub = publicHandle(0);
    long tassPub = publicHandle(1);
    // Sansec: 0x80008104 on e, raw r|s; 0x80008102 / 0x80008103 on M with the default ID.
    assertEquals(CKR.CKR_OK, (long) raw(0, (r, s) -> r.verify(s, 0x80008104L, null, sansecPub, E, rs)));
    assertEquals(CKR.CKR_OK, (long) raw(0, (r, s) -> r.verify(s, 0x80008102L, null, sansecPub, M, rs)));
    assertEquals(CKR.CKR_OK, (long) raw(0, (r, s) -> r.verify(s, 0x80008103L, null, sansecPub, M,
        der)));
    assertEquals(CKR.CKR_OK, (long) raw(0, (r, s) -> r.verifyParts(s, 0x80008102L, null, sansecPub,
        new byte[][] {"message ".getBytes(StandardCharsets.US_ASCII),
            "digest".getBytes(StandardCharsets.US_ASCII)}, rs)));
    assertEquals(CKR.CKR_SIGNATURE_INVALID, (long) raw(0, (r, s) -> r.verify(s, 0x80008104L, null,
        sansecPub, E, wrongRs)));
    // TASS: 0x80008000 on e and 0x80008100 on M (no parameter: the default ID), DER.
    assertEquals(CKR.CKR_OK, (long) raw(1, (r, s) -> r.verify(s, 0x80008000L, null, tassPub, E, der)));
    assertEquals(CKR.CKR_OK, (long) raw(1, (r, s) -> r.verify(s, 0x80008100L, null, tassPub, M, der)));
    assertEquals(CKR.CKR_OK, (long) raw(1, (r, s) -> r.verify(s, 0x80008100L,
        "1234567812345678".getBytes(StandardCharsets.US_ASCII), tassPub, M, der)));
    assertEquals(CKR.CKR_SIGNATURE_INVALID, (long) raw(1, (r, s) -> r.verify(s, 0x80008100L,
        "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII), tassPub, M, der)));
  }

  @Test
  void theImportedKeySignsWhatBouncyCastleVerifies() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      byte[] sig = SESSIONS[slot].signer(KAT[slot], SignatureAlgorithm.SM3_WITH_SM2).sign(M);
      SoftVerifiers.verify(KAT[slot].publicKey(), SignatureAlgorithm.SM3_WITH_SM2, M, sig);
      // A fresh k per signature: never the standard's fixed-k signature.
      assertNotEquals(HEX.formatHex(R), HEX.formatHex(SignatureCodec.decodeDer(sig,
          Sm2.order())[0].toByteArray()));
    }
  }

  @Test
  void theTokenDecryptsTheStandardsCiphertext() throws Exception {
    byte[] plain = "encryption standard".getBytes(StandardCharsets.US_ASCII);
    for (int slot = 0; slot < 2; slot++) {
      assertArrayEquals(plain, SESSIONS[slot].decrypt(KAT[slot],
          EncryptionAlgorithm.SM2_C1C3C2, CIPHERTEXT));
      long key = privateHandle(slot);
      assertArrayEquals(plain, raw(slot, (r, s) -> r.decrypt(s, 0x80008200L, null, key,
          CIPHERTEXT)));
    }
  }

  @Test
  void sm3OfBothVendorsGivesTheStandardsDigests() throws Exception {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] abcd16 = "abcd".repeat(16).getBytes(StandardCharsets.US_ASCII);
    String abcDigest = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    String abcd16Digest = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732";
    long[] sm3 = {0x80009001L, 0x80000005L}; // CKM_SA_SM3_HASH, CKM_TA_VENDOR_SM3
    for (int slot = 0; slot < 2; slot++) {
      long m = sm3[slot];
      assertEquals(abcDigest, HEX.formatHex(raw(slot, (r, s) -> r.digest(s, m, abc))));
      assertEquals(abcd16Digest, HEX.formatHex(raw(slot, (r, s) -> r.digest(s, m, abcd16))));
      assertEquals(abcd16Digest, HEX.formatHex(raw(slot, (r, s) -> r.digestParts(s, m,
          "abcd".repeat(5).getBytes(StandardCharsets.US_ASCII),
          "abcd".repeat(11).getBytes(StandardCharsets.US_ASCII)))));
    }
  }

  @Test
  void sm4OfBothVendorsGivesTheStandardsCiphertextAndRoundTripsCbc() throws Exception {
    byte[] k = HEX.parseHex("0123456789ABCDEFFEDCBA9876543210");
    byte[] expected = HEX.parseHex("681EDF34D206965E86B3E94F536E4246");
    long[] sm4KeyType = {0x80000106L, 0x80000002L}; // CKK_SA_SM4, CKK_TA_SM4
    for (int slot = 0; slot < 2; slot++) {
      long type = sm4KeyType[slot];
      // ECB (0x80000108) on the standard's example; the session object lives in its session,
      // so each operation runs on the session that made it.
      byte[] ecb = raw(slot, (r, s) -> {
        long h = r.calls().createObject(s, new Template()
            .ulong(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY).ulong(CKA.CKA_KEY_TYPE, type)
            .bool(CKA.CKA_TOKEN, false).bool(CKA.CKA_ENCRYPT, true)
            .bool(CKA.CKA_DECRYPT, true).bytes(CKA.CKA_VALUE, k));
        return r.encrypt(s, 0x80000108L, null, h, k);
      });
      assertEquals(HEX.formatHex(expected), HEX.formatHex(ecb), "slot " + slot);
      // CBC (0x80000109, 16-byte IV) with a generated key (0x80000107): decrypt(encrypt(p)).
      byte[] iv = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
      byte[] plain = "sixteen byte blk".repeat(4).getBytes(StandardCharsets.US_ASCII);
      byte[][] round = raw(slot, (r, s) -> {
        long g = r.generateKey(s, 0x80000107L, new Template()
            .ulong(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY).bool(CKA.CKA_TOKEN, false)
            .bool(CKA.CKA_ENCRYPT, true).bool(CKA.CKA_DECRYPT, true));
        byte[] c = r.encrypt(s, 0x80000109L, iv, g, plain);
        return new byte[][] {c, r.decrypt(s, 0x80000109L, iv, g, c)};
      });
      assertEquals(plain.length, round[0].length);
      assertNotEquals(HEX.formatHex(plain), HEX.formatHex(round[0]));
      assertArrayEquals(plain, round[1]);
    }
  }
}
