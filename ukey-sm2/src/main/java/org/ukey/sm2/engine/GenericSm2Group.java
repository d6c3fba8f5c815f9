package org.ukey.sm2.engine;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * SM2 on any prime-order curve over a prime field, on BouncyCastle's generic point arithmetic:
 * a fixed-point comb for [k]G and Shamir's trick with wNAF for [s]G + [t]Q. Used for curves
 * other than sm2p256v1, such as the test curve of GB/T 32918.2-2016 Annex A.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe (BouncyCastle caches its precomputations
 * on the points under its own locks).
 */
final class GenericSm2Group extends Sm2Group {
  GenericSm2Group(ECDomainParameters domain) {
    super(domain);
  }

  @Override
  public ECPoint multiplyBase(BigInteger d) {
    return new FixedPointCombMultiplier().multiply(domain().getG(), d).normalize();
  }

  @Override
  BigInteger baseMultiplyX(BigInteger k) {
    return multiplyBase(k).getAffineXCoord().toBigInteger();
  }

  @Override
  PublicPointTable precompute(ECPoint q) {
    return new Table(q);
  }

  private final class Table extends PublicPointTable {
    private final ECPoint q;

    Table(ECPoint q) {
      this.q = q;
    }

    @Override
    boolean sumXEquals(BigInteger s, BigInteger t, BigInteger expected) {
      ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(domain().getG(), s, q, t).normalize();
      if (sum.isInfinity()) {
        return false;
      }
      return sum.getAffineXCoord().toBigInteger().mod(order()).equals(expected);
    }
  }
}
