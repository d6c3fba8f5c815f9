package org.ukey.sm2.cipher;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.internal.KeyParameters;

/**
 * Public-key encryption in software: SM2 (GB/T 32918.4-2016, SM2公钥加密算法) in each of its
 * three ciphertext layouts, RSA-OAEP with SHA-256 and RSA PKCS#1 v1.5. This is what the soft
 * token decrypts with, and what a sender uses to encrypt to a certificate's key.
 *
 * <pre>{@code
 * byte[] ct = PublicKeyEncryption.encrypt(cert.getPublicKey(), EncryptionAlgorithm.SM2_ASN1, data);
 * byte[] pt = PublicKeyEncryption.decrypt(privateKey, EncryptionAlgorithm.SM2_ASN1, ct);
 * }</pre>
 *
 * <p>SM2 decryption rejects a C1 that is not on sm2p256v1 ({@link InvalidEncodingException}) and
 * a C3 that does not match ({@link DecryptionFailedException}), before returning anything. The
 * layout is always explicit: a C1C2C3 ciphertext does not decrypt as C1C3C2 (see
 * {@link Sm2Ciphertext} to convert).
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 *
 * <p><b>Security:</b> SM2 and OAEP ciphertexts are randomized and integrity-checked. PKCS#1
 * v1.5 decryption is exposed to Bleichenbacher-style padding oracles when its failures are
 * visible to an attacker; use it only for legacy peers. The caller owns the returned plaintext
 * and should wipe it when it is secret.
 */
public final class PublicKeyEncryption {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PublicKeyEncryption() {}

  /**
   * Encrypts to a public key.
   *
   * @param publicKey an SM2 key (any SPKI form) or an RSA key
   * @param algorithm the scheme and, for SM2, the ciphertext layout
   * @param plaintext the message; not empty (RSA: at most the scheme's limit for the modulus)
   * @return the ciphertext
   * @throws UnsupportedAlgorithmException if the key does not suit the scheme
   * @throws UKeyException if the message is too long for RSA
   */
  public static byte[] encrypt(PublicKey publicKey, EncryptionAlgorithm algorithm,
      byte[] plaintext) throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(plaintext, "plaintext");
    AsymmetricKeyParameter key = KeyParameters.of(publicKey);
    if (algorithm.keyType() == KeyType.SM2) {
      ECPublicKeyParameters ec = requireSm2(key, algorithm);
      if (plaintext.length == 0) {
        throw new IllegalArgumentException("SM2 cannot encrypt an empty message");
      }
      return Sm2Encryption.encrypt(ec.getQ(), plaintext, RANDOM).encode(algorithm);
    }
    AsymmetricBlockCipher rsa = rsa(algorithm);
    rsa.init(true, new ParametersWithRandom(requireRsa(key, algorithm), RANDOM));
    if (plaintext.length > rsa.getInputBlockSize()) {
      throw new UKeyException(algorithm + " can encrypt at most " + rsa.getInputBlockSize()
          + " bytes with this key, was given " + plaintext.length);
    }
    try {
      return rsa.processBlock(plaintext, 0, plaintext.length);
    } catch (InvalidCipherTextException e) {
      throw new UKeyException(algorithm + " encryption failed", e);
    }
  }

  /**
   * Decrypts with a private key held in memory.
   *
   * @param privateKey an SM2 or RSA private key
   * @param algorithm the scheme and, for SM2, the ciphertext layout
   * @param ciphertext the ciphertext
   * @return the plaintext
   * @throws UnsupportedAlgorithmException if the key does not suit the scheme
   * @throws InvalidEncodingException if the ciphertext is malformed (bad DER, wrong length, an
   *     SM2 C1 not on the curve)
   * @throws DecryptionFailedException if it does not decrypt (wrong SM2 C3, bad RSA padding)
   */
  public static byte[] decrypt(PrivateKey privateKey, EncryptionAlgorithm algorithm,
      byte[] ciphertext) throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(ciphertext, "ciphertext");
    AsymmetricKeyParameter key = KeyParameters.of(privateKey);
    if (algorithm.keyType() == KeyType.SM2) {
      if (!(key instanceof ECPrivateKeyParameters)
          || !KeyParameters.isSm2(((ECPrivateKeyParameters) key).getParameters())) {
        throw new UnsupportedAlgorithmException(algorithm + " needs an SM2 private key");
      }
      BigInteger d = ((ECPrivateKeyParameters) key).getD();
      return Sm2Encryption.decrypt(d, Sm2Ciphertext.decode(ciphertext, algorithm));
    }
    AsymmetricBlockCipher rsa = rsa(algorithm);
    RSAKeyParameters rsaKey = requireRsa(key, algorithm);
    int modulusBytes = (rsaKey.getModulus().bitLength() + 7) / 8;
    if (ciphertext.length != modulusBytes) {
      throw new InvalidEncodingException(algorithm + " ciphertext", -1,
          "must be " + modulusBytes + " bytes (the modulus length), was " + ciphertext.length);
    }
    rsa.init(false, new ParametersWithRandom(rsaKey, RANDOM));
    try {
      return rsa.processBlock(ciphertext, 0, ciphertext.length);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new DecryptionFailedException(algorithm + " decryption failed", e);
    }
  }

  private static AsymmetricBlockCipher rsa(EncryptionAlgorithm algorithm) {
    switch (algorithm) {
      case RSA_OAEP_SHA256:
        // RFC 8017 §7.1 with SHA-256 for both the label hash and MGF1, empty label.
        return new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(),
            null);
      case RSA_PKCS1:
        return new PKCS1Encoding(new RSABlindedEngine());
      default:
        throw new IllegalArgumentException("not an RSA scheme: " + algorithm);
    }
  }

  private static ECPublicKeyParameters requireSm2(AsymmetricKeyParameter key,
      EncryptionAlgorithm algorithm) throws UnsupportedAlgorithmException {
    if (!(key instanceof ECPublicKeyParameters)
        || !KeyParameters.isSm2(((ECPublicKeyParameters) key).getParameters())) {
      throw new UnsupportedAlgorithmException(algorithm + " needs an SM2 public key");
    }
    return (ECPublicKeyParameters) key;
  }

  private static RSAKeyParameters requireRsa(AsymmetricKeyParameter key,
      EncryptionAlgorithm algorithm) throws UnsupportedAlgorithmException {
    if (!(key instanceof RSAKeyParameters)) {
      throw new UnsupportedAlgorithmException(algorithm + " needs an RSA key");
    }
    return (RSAKeyParameters) key;
  }
}
