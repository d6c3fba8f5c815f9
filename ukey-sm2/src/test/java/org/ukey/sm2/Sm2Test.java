package org.ukey.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.engine.Sm2Vectors;
import org.ukey.sm2.engine.Sm2Vectors.Sm2p256v1;

class Sm2Test {
  private static final ECPublicKey KAT_KEY = TestKeys.sm2Public(Sm2p256v1.X, Sm2p256v1.Y);

  @Test
  void computesZOfTheGbT32918Part5Example() {
    assertArrayEquals(Sm2p256v1.Z, Sm2.z(Sm2p256v1.ID, KAT_KEY));
  }

  @Test
  void computesZOfARealCertificateKey() {
    // TopsecCA.cer's key (guanzhi/GM-Standards, SM2-Certificates) with the default ID; the same
    // Z is vector 8 of GmSSL tests/sm3test.c.
    ECPublicKey topsec = TestKeys.sm2Public(
        new BigInteger("D69C2F1EEC3BFB6B95B30C28085C77B125D77A9C39525D8190768F37D6B205B5", 16),
        new BigInteger("89DCD316BBE7D89A9DC21917F17799E698531F5E6E3E10BD31370B259C3F81C3", 16));
    assertArrayEquals(
        Hex.decode("4D38D2958CA7FD2CFAE3AF04486959CF92C8EF48E8B83A05C112E739D5F181D0"),
        Sm2.z(SignatureAlgorithm.defaultSm2UserId(), topsec));
  }

  @Test
  void digestForSigningIsTheEOfTheGbT32918Part5Example() throws IOException {
    assertArrayEquals(Sm2p256v1.E,
        Sm2.digestForSigning(Sm2p256v1.ID, KAT_KEY, Sm2Vectors.MESSAGE));
    assertArrayEquals(Sm2p256v1.E, Sm2.digestForSigning(Sm2p256v1.ID, KAT_KEY,
        new ByteArrayInputStream(Sm2Vectors.MESSAGE)));
  }

  @Test
  void zDependsOnTheUserId() {
    byte[] other = Arrays.copyOf(Sm2p256v1.ID, 15);
    assertFalse(Arrays.equals(Sm2.z(Sm2p256v1.ID, KAT_KEY), Sm2.z(other, KAT_KEY)));
  }

  @Test
  void acceptsUserIdsFromEmptyTo8191Bytes() {
    for (int length : new int[] {0, 1, 8191}) {
      assertEquals(32, Sm2.z(new byte[length], KAT_KEY).length);
    }
  }

  @Test
  void refusesUserIdsOf8192Bytes() {
    assertThrows(IllegalArgumentException.class, () -> Sm2.z(new byte[8192], KAT_KEY));
    assertThrows(IllegalArgumentException.class,
        () -> Sm2.digestForSigning(new byte[8192], KAT_KEY, new byte[1]));
  }

  @Test
  void refusesKeysOfOtherCurves() throws UnsupportedAlgorithmException {
    KeyPair p256 = SoftKeys.generate(KeySpec.ecP256());
    assertThrows(IllegalArgumentException.class,
        () -> Sm2.z(Sm2p256v1.ID, (ECPublicKey) p256.getPublic()));
  }

  @Test
  void orderIsTheOrderOfSm2p256v1() {
    assertEquals(new BigInteger(
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16), Sm2.order());
  }
}
