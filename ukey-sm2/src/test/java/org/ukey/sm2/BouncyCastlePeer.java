package org.ukey.sm2;

import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;

/**
 * BouncyCastle's own {@link SM2Signer} on the generic curve {@code GMNamedCurves} gives (not
 * the optimized field the SDK's engine runs on), as the independent SM2 peer.
 */
final class BouncyCastlePeer {
  private static final X9ECParameters GM = GMNamedCurves.getByName("sm2p256v1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(GM);

  private BouncyCastlePeer() {}

  static boolean verify(ECPublicKey key, byte[] id, byte[] message, byte[] der) {
    SM2Signer s = new SM2Signer();
    s.init(false, new ParametersWithID(new ECPublicKeyParameters(GM.getCurve().createPoint(
        key.getW().getAffineX(), key.getW().getAffineY()), DOMAIN), id));
    s.update(message, 0, message.length);
    return s.verifySignature(der);
  }

  static byte[] sign(ECPrivateKey key, byte[] id, byte[] message) throws CryptoException {
    SM2Signer s = new SM2Signer();
    s.init(true, new ParametersWithID(new ParametersWithRandom(
        new ECPrivateKeyParameters(key.getS(), DOMAIN), new SecureRandom()), id));
    s.update(message, 0, message.length);
    return s.generateSignature();
  }
}
