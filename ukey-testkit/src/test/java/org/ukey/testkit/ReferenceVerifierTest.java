package org.ukey.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;

/**
 * The reference verifier accepts known answers and signatures made by the JDK's own providers
 * (SunEC, SunRsaSign: an implementation other than BouncyCastle), and rejects every tampered,
 * re-encoded, wrong-ID or wrong-key case.
 */
class ReferenceVerifierTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE_DIGEST = "message digest".getBytes(StandardCharsets.US_ASCII);

  // GB/T 32918.5-2016 / GM/T 0003.5-2012 Annex A: SM2 on sm2p256v1, default ID, M = "message
  // digest" (as attributed by openssl/openssl test/sm2_internal_test.c).
  private static final BigInteger KAT_X =
      new BigInteger("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020", 16);
  private static final BigInteger KAT_Y =
      new BigInteger("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13", 16);
  private static final String KAT_R =
      "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
  private static final String KAT_S =
      "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
  private static final byte[] KAT_DER =
      HEX.parseHex("3046022100" + KAT_R + "022100" + KAT_S);

  private static PublicKey sm2KatKey;
  private static KeyPair rsa;
  private static KeyPair p256;

  @BeforeAll
  static void makeKeys() throws Exception {
    ECNamedCurveParameterSpec sm2 = ECNamedCurveTable.getParameterSpec("sm2p256v1");
    sm2KatKey = KeyFactory.getInstance("EC", new BouncyCastleProvider()).generatePublic(
        new ECPublicKeySpec(sm2.getCurve().createPoint(KAT_X, KAT_Y), sm2));
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    rsa = rsaGen.generateKeyPair();
    p256 = ecKeyPair("secp256r1");
  }

  @Test
  void acceptsTheSm2KnownAnswerOfGbT32918Part5() {
    assertDoesNotThrow(() -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, MESSAGE_DIGEST, KAT_DER));
    assertDoesNotThrow(() -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, new ByteArrayInputStream(MESSAGE_DIGEST), KAT_DER));
  }

  @Test
  void rejectsTheSm2KnownAnswerWithAnotherUserId() {
    SignatureAlgorithm alice = SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId("ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.verify(sm2KatKey, alice, MESSAGE_DIGEST, KAT_DER));
  }

  @Test
  void rejectsTheSm2KnownAnswerOverAnotherMessage() {
    byte[] other = "message digesT".getBytes(StandardCharsets.US_ASCII);
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, other, KAT_DER));
  }

  @Test
  void rejectsTheSm2KnownAnswerWithATamperedSignature() {
    byte[] tampered = KAT_DER.clone();
    tampered[40] ^= 0x01;
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, MESSAGE_DIGEST, tampered));
  }

  @Test
  void rejectsTheSm2KnownAnswerInBerLongFormLength() {
    // Same r and s, but the SEQUENCE length in long form (81 46): valid BER, not DER.
    byte[] ber = HEX.parseHex("308146022100" + KAT_R + "022100" + KAT_S);
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, MESSAGE_DIGEST, ber));
  }

  @Test
  void rejectsTheSm2KnownAnswerAsRawRAndS() {
    byte[] raw = HEX.parseHex(KAT_R + KAT_S);
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(sm2KatKey,
        SignatureAlgorithm.SM3_WITH_SM2, MESSAGE_DIGEST, raw));
  }

  @Test
  void verifiesTheSm2KnownAnswerFedPieceByPieceOnce() throws Exception {
    ReferenceVerifier.Verification verification =
        ReferenceVerifier.begin(sm2KatKey, SignatureAlgorithm.SM3_WITH_SM2);
    verification.update(MESSAGE_DIGEST, 0, 5);
    verification.update(MESSAGE_DIGEST, 5, 0);
    verification.update(MESSAGE_DIGEST, 5, MESSAGE_DIGEST.length - 5);
    verification.verify(KAT_DER);
    assertThrows(IllegalStateException.class, () -> verification.verify(KAT_DER));
    assertThrows(IllegalStateException.class, () -> verification.update(MESSAGE_DIGEST, 0, 1));
    ReferenceVerifier.Verification partial =
        ReferenceVerifier.begin(sm2KatKey, SignatureAlgorithm.SM3_WITH_SM2);
    partial.update(MESSAGE_DIGEST, 0, MESSAGE_DIGEST.length - 1);
    assertThrows(SignatureVerificationException.class, () -> partial.verify(KAT_DER));
  }

  @Test
  void acceptsEcdsaFromTheJdkAndRejectsItTampered() throws Exception {
    KeyPair p384 = ecKeyPair("secp384r1");
    check(p256, "SHA256withECDSA", SignatureAlgorithm.SHA256_WITH_ECDSA, null);
    check(p256, "SHA384withECDSA", SignatureAlgorithm.SHA384_WITH_ECDSA, null);
    check(p384, "SHA384withECDSA", SignatureAlgorithm.SHA384_WITH_ECDSA, null);
    check(p384, "SHA256withECDSA", SignatureAlgorithm.SHA256_WITH_ECDSA, null);
  }

  @Test
  void acceptsRsaPkcs1AndPssFromTheJdkAndRejectsThemTampered() throws Exception {
    check(rsa, "SHA256withRSA", SignatureAlgorithm.SHA256_WITH_RSA, null);
    check(rsa, "SHA384withRSA", SignatureAlgorithm.SHA384_WITH_RSA, null);
    check(rsa, "RSASSA-PSS", SignatureAlgorithm.SHA256_WITH_RSA_PSS,
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    check(rsa, "RSASSA-PSS", SignatureAlgorithm.SHA384_WITH_RSA_PSS,
        new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
  }

  @Test
  void rejectsPssWithAnotherSaltLength() throws Exception {
    byte[] message = "pss".getBytes(StandardCharsets.US_ASCII);
    Signature jdk = Signature.getInstance("RSASSA-PSS");
    jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1));
    jdk.initSign(rsa.getPrivate());
    jdk.update(message);
    byte[] signature = jdk.sign();
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        rsa.getPublic(), SignatureAlgorithm.SHA256_WITH_RSA_PSS, message, signature));
  }

  @Test
  void rejectsAKeyThatDoesNotSuitTheAlgorithm() throws Exception {
    byte[] message = "key".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = jdkSign(p256, "SHA256withECDSA", null, message);
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        p256.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, message, signature));
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        rsa.getPublic(), SignatureAlgorithm.SHA256_WITH_ECDSA, message, signature));
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        sm2KatKey, SignatureAlgorithm.SHA256_WITH_RSA, message, signature));
  }

  @Test
  void checksThatAKeyIsOfItsSpec() {
    assertDoesNotThrow(() -> ReferenceVerifier.checkKeyMatches(sm2KatKey, KeySpec.sm2()));
    assertDoesNotThrow(() -> ReferenceVerifier.checkKeyMatches(p256.getPublic(),
        KeySpec.ecP256()));
    assertDoesNotThrow(() -> ReferenceVerifier.checkKeyMatches(rsa.getPublic(),
        KeySpec.rsa(2048)));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.checkKeyMatches(sm2KatKey, KeySpec.ecP256()));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.checkKeyMatches(p256.getPublic(), KeySpec.sm2()));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.checkKeyMatches(p256.getPublic(), KeySpec.ecP384()));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.checkKeyMatches(rsa.getPublic(), KeySpec.rsa(3072)));
    assertThrows(SignatureVerificationException.class,
        () -> ReferenceVerifier.checkKeyMatches(rsa.getPublic(), KeySpec.sm2()));
  }

  /** Signs with the JDK, then checks the verifier accepts it and rejects both tamperings. */
  private static void check(KeyPair pair, String jdkName, SignatureAlgorithm algorithm,
      PSSParameterSpec pss) throws Exception {
    byte[] message = (algorithm + " from the JDK").getBytes(StandardCharsets.US_ASCII);
    byte[] signature = jdkSign(pair, jdkName, pss, message);
    assertDoesNotThrow(() -> ReferenceVerifier.verify(pair.getPublic(), algorithm, message,
        signature), algorithm::toString);
    assertDoesNotThrow(() -> ReferenceVerifier.verify(pair.getPublic(), algorithm,
        new ByteArrayInputStream(message), signature), algorithm::toString);
    byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        pair.getPublic(), algorithm, otherMessage, signature), algorithm::toString);
    byte[] tampered = signature.clone();
    tampered[tampered.length - 1] ^= 0x01;
    assertThrows(SignatureVerificationException.class, () -> ReferenceVerifier.verify(
        pair.getPublic(), algorithm, message, tampered), algorithm::toString);
  }

  private static byte[] jdkSign(KeyPair pair, String jdkName, PSSParameterSpec pss,
      byte[] message) throws Exception {
    Signature jdk = Signature.getInstance(jdkName);
    if (pss != null) {
      jdk.setParameter(pss);
    }
    jdk.initSign(pair.getPrivate());
    jdk.update(message);
    return jdk.sign();
  }

  private static KeyPair ecKeyPair(String curve) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec(curve));
    return gen.generateKeyPair();
  }
}
