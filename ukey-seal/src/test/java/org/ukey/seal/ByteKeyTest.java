package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ukey.seal.internal.ByteKey;

/** The cache key of seals, certificates and verifiers: equal exactly when the bytes are. */
class ByteKeyTest {
  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void equalContentIsEqualWhereverItSits() {
    for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 1500}) {
      byte[] a = random(n, n);
      byte[] framed = new byte[n + 13];
      System.arraycopy(a, 0, framed, 5, n);
      ByteKey whole = ByteKey.view(a);
      ByteKey inside = ByteKey.view(framed, 5, n);
      ByteKey copy = ByteKey.copyOf(a);
      assertEquals(whole, inside, n + " bytes");
      assertEquals(whole.hashCode(), inside.hashCode(), n + " bytes");
      assertEquals(whole, copy, n + " bytes");
      assertEquals(whole.hashCode(), copy.hashCode(), n + " bytes");
    }
  }

  @Test
  void everySingleBitFlipMakesAnotherKey() {
    byte[] a = random(67, 1); // eight words and a tail of three
    ByteKey original = ByteKey.view(a);
    Set<Integer> hashes = new HashSet<>();
    hashes.add(original.hashCode());
    for (int bit = 0; bit < a.length * 8; bit++) {
      byte[] b = a.clone();
      b[bit >>> 3] ^= (byte) (1 << (bit & 7));
      ByteKey flipped = ByteKey.view(b);
      assertNotEquals(original, flipped, "bit " + bit);
      hashes.add(flipped.hashCode());
    }
    // Not required for correctness (equals compares the bytes) but for the caches' speed:
    // single-bit differences spread over the hash.
    assertEquals(a.length * 8 + 1, hashes.size(), "single-bit flips that collide");
  }

  @Test
  void lengthAndTrailingZerosCount() {
    byte[] a = random(16, 2);
    byte[] longer = java.util.Arrays.copyOf(a, 17);
    assertNotEquals(ByteKey.view(a), ByteKey.view(longer));
    assertNotEquals(ByteKey.view(a).hashCode(), ByteKey.view(longer).hashCode());
    assertNotEquals(ByteKey.view(new byte[0]), ByteKey.view(new byte[1]));
  }

  @Test
  void aCopyDoesNotFollowTheCallersArray() {
    byte[] a = random(40, 3);
    ByteKey copy = ByteKey.copyOf(a);
    ByteKey expected = ByteKey.view(a.clone());
    a[0] ^= 1;
    assertEquals(expected, copy);
    assertNotEquals(ByteKey.view(a), copy);
  }

  @Test
  void rangesOutsideTheArrayAreRefused() {
    byte[] a = new byte[10];
    assertThrows(IndexOutOfBoundsException.class, () -> ByteKey.view(a, 5, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> ByteKey.view(a, -1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> ByteKey.view(a, 0, -1));
    assertTrue(ByteKey.view(a, 10, 0).equals(ByteKey.view(new byte[0])));
  }
}
