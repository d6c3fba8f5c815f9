package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;
import org.ukey.sm2.engine.Sm2Vectors;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;

class SoftVerifiersTest {
  private static final KeyPair SM2 = generate();
  private static final byte[] MESSAGE = "treasury payment 42".getBytes(StandardCharsets.UTF_8);
  private static final SignatureAlgorithm[] JDK_ALGORITHMS = {
      SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA,
      SignatureAlgorithm.SHA256_WITH_RSA_PSS, SignatureAlgorithm.SHA384_WITH_RSA_PSS,
      SignatureAlgorithm.SHA256_WITH_ECDSA, SignatureAlgorithm.SHA384_WITH_ECDSA};

  private static KeyPair generate() {
    try {
      return SoftKeys.generate(KeySpec.sm2());
    } catch (UnsupportedAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bcSign(byte[] id, byte[] message) throws Exception {
    return BouncyCastlePeer.sign((ECPrivateKey) SM2.getPrivate(), id, message);
  }

  // ---- valid signatures from independent signers ----

  @Test
  void verifiesTheGbT32918Part5KnownAnswer() throws Exception {
    Verifier v = SoftVerifiers.create(TestKeys.sm2Public(Sm2p256v1.X, Sm2p256v1.Y),
        SignatureAlgorithm.SM3_WITH_SM2);
    v.verify(Sm2Vectors.MESSAGE, Sm2p256v1.DER);
    v.verify(new ByteArrayInputStream(Sm2Vectors.MESSAGE), Sm2p256v1.DER);
  }

  @Test
  void verifiesBouncyCastleSm2SignaturesWithDefaultAndCustomIds() throws Exception {
    byte[][] ids = {SignatureAlgorithm.defaultSm2UserId(), new byte[0], {0x7f}, new byte[8191]};
    for (byte[] id : ids) {
      SignatureAlgorithm alg = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(id);
      Verifier v = SoftVerifiers.create(SM2.getPublic(), alg);
      // Several uses: a verifier switches to its comb table after a few.
      for (int i = 0; i < 6; i++) {
        byte[] m = Arrays.copyOf(MESSAGE, MESSAGE.length + i);
        v.verify(m, bcSign(id, m));
      }
    }
  }

  @Test
  void verifiesJdkRsaAndEcdsaSignatures() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      byte[] sig = JdkPeers.sign(alg, pair.getPrivate(), MESSAGE);
      Verifier v = SoftVerifiers.create(pair.getPublic(), alg);
      v.verify(MESSAGE, sig);
      v.verify(new ByteArrayInputStream(MESSAGE), sig);
    }
  }

  // ---- invalid signatures ----

  @Test
  void rejectsSm2SignatureOverOtherData() throws Exception {
    byte[] sig = bcSign(SignatureAlgorithm.defaultSm2UserId(), MESSAGE);
    Verifier v = SoftVerifiers.create(SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    byte[] other = MESSAGE.clone();
    other[other.length - 1] ^= 1;
    assertThrows(SignatureVerificationException.class, () -> v.verify(other, sig));
    assertThrows(SignatureVerificationException.class,
        () -> v.verify(new ByteArrayInputStream(other), sig));
  }

  @Test
  void rejectsSm2SignatureWithAnyBitOfROrSFlipped() throws Exception {
    byte[] sig = bcSign(SignatureAlgorithm.defaultSm2UserId(), MESSAGE);
    Verifier v = SoftVerifiers.create(SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    List<byte[]> tampered = new ArrayList<>();
    for (int i = 4; i < sig.length; i++) {
      if (i == 3 + (sig[3] & 0xff) || i == 4 + (sig[3] & 0xff)) {
        continue; // the tag and length of s
      }
      byte[] t = sig.clone();
      t[i] ^= (byte) (1 << (i % 8));
      tampered.add(t);
    }
    for (byte[] t : tampered) {
      assertThrows(SignatureVerificationException.class, () -> v.verify(MESSAGE, t),
          () -> Hex.toHexString(t));
    }
  }

  @Test
  void rejectsSm2SignatureOfAnotherKey() throws Exception {
    byte[] sig = bcSign(SignatureAlgorithm.defaultSm2UserId(), MESSAGE);
    KeyPair other = SoftKeys.generate(KeySpec.sm2());
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        other.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
  }

  @Test
  void rejectsSm2SignatureMadeWithAnotherId() throws Exception {
    byte[] sig = bcSign("ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII), MESSAGE);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig));
  }

  @Test
  void rejectsLaxDerVariantsOfAValidSignatureAsMalformed() throws Exception {
    byte[] sig = SoftSigners.create(SM2.getPrivate(), SM2.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    Verifier v = SoftVerifiers.create(SM2.getPublic(), SignatureAlgorithm.SM3_WITH_SM2);
    v.verify(MESSAGE, sig);
    int rLen = sig[3] & 0xff;
    List<byte[]> variants = new ArrayList<>();
    variants.add(concat(sig, new byte[] {0})); // trailing byte
    variants.add(concat(new byte[] {0x30, (byte) 0x81, sig[1]}, Arrays.copyOfRange(sig, 2,
        sig.length))); // long-form length
    byte[] padded = concat(new byte[] {0x30, (byte) (sig[1] + 1), 0x02, (byte) (rLen + 1), 0},
        Arrays.copyOfRange(sig, 4, sig.length)); // r with a needless leading 00
    variants.add(padded);
    variants.add(concat(new byte[] {0x30, (byte) 0x80}, concat(Arrays.copyOfRange(sig, 2,
        sig.length), new byte[] {0, 0}))); // indefinite length
    variants.add(Arrays.copyOf(sig, sig.length - 1)); // truncated
    variants.add(SignatureCodec.derToRaw(sig, Sm2.order(), 32)); // raw r‖s where DER is due
    for (byte[] bad : variants) {
      SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
          () -> v.verify(MESSAGE, bad), () -> Hex.toHexString(bad));
      assertInstanceOf(InvalidEncodingException.class, e.getCause(), e::getMessage);
    }
  }

  @Test
  void rejectsJdkSignaturesOverOtherDataOrTampered() throws Exception {
    for (SignatureAlgorithm alg : JDK_ALGORITHMS) {
      KeyPair pair = JdkPeers.keyFor(alg);
      byte[] sig = JdkPeers.sign(alg, pair.getPrivate(), MESSAGE);
      Verifier v = SoftVerifiers.create(pair.getPublic(), alg);
      byte[] other = "treasury payment 43".getBytes(StandardCharsets.UTF_8);
      assertThrows(SignatureVerificationException.class, () -> v.verify(other, sig),
          alg::toString);
      byte[] tampered = sig.clone();
      tampered[tampered.length - 1] ^= 1;
      assertThrows(SignatureVerificationException.class, () -> v.verify(MESSAGE, tampered),
          alg::toString);
    }
  }

  @Test
  void rejectsRsaSignaturesThatAreNotExactlyTheModulusLength() throws Exception {
    SignatureAlgorithm alg = SignatureAlgorithm.SHA256_WITH_RSA;
    byte[] sig = JdkPeers.sign(alg, JdkPeers.RSA.getPrivate(), MESSAGE);
    Verifier v = SoftVerifiers.create(JdkPeers.RSA.getPublic(), alg);
    assertThrows(SignatureVerificationException.class,
        () -> v.verify(MESSAGE, concat(new byte[] {0}, sig)));
    assertThrows(SignatureVerificationException.class,
        () -> v.verify(MESSAGE, Arrays.copyOf(sig, sig.length - 1)));
  }

  @Test
  void rejectsEcdsaSignatureOfTheOtherDigest() throws Exception {
    KeyPair pair = JdkPeers.P256;
    byte[] sig = JdkPeers.sign(SignatureAlgorithm.SHA256_WITH_ECDSA, pair.getPrivate(), MESSAGE);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(
        pair.getPublic(), SignatureAlgorithm.SHA384_WITH_ECDSA, MESSAGE, sig));
  }

  @Test
  void refusesAnAlgorithmOfAnotherKeyType() {
    assertThrows(UnsupportedAlgorithmException.class,
        () -> SoftVerifiers.create(SM2.getPublic(), SignatureAlgorithm.SHA256_WITH_ECDSA));
    assertThrows(UnsupportedAlgorithmException.class,
        () -> SoftVerifiers.create(JdkPeers.P256.getPublic(), SignatureAlgorithm.SM3_WITH_SM2));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
