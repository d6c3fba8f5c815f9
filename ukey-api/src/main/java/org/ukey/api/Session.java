package org.ukey.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A logged-in use of a {@link Token}: find, generate and use keys.
 *
 * <p>{@link #close()} logs out and releases every native resource the session holds (a PKCS#11
 * session borrows native sessions from a bounded pool and returns them after each call). After
 * close, every method throws {@link IllegalStateException}, and so do the {@link Signer}s made by
 * this session.
 *
 * <p>If the token is removed, every operation throws {@link TokenRemovedException}; log in again
 * after re-insertion.
 *
 * <p><b>Thread-safety:</b> thread-safe; many threads may sign through one session at once.
 *
 * <p><b>Security:</b> private keys are generated on the token, non-extractable and sensitive;
 * no method here returns private key material.
 */
public interface Session extends AutoCloseable {
  /**
   * The token this session is logged in to.
   *
   * @return the token
   */
  Token token();

  /**
   * The private keys on the token, each with its public key and certificate if any.
   *
   * @return an immutable list
   * @throws UKeyException if the token fails
   */
  List<TokenKey> keys() throws UKeyException;

  /**
   * The key with the given label.
   *
   * @param label the label
   * @return the key
   * @throws KeyNotFoundException if no key has that label
   * @throws UKeyException if the token fails
   */
  TokenKey key(String label) throws UKeyException;

  /**
   * The key with the given id ({@code CKA_ID}).
   *
   * @param id the id
   * @return the key
   * @throws KeyNotFoundException if no key has that id
   * @throws UKeyException if the token fails
   */
  TokenKey keyById(byte[] id) throws UKeyException;

  /**
   * Generates a key pair on the token: the private key sensitive and not extractable.
   *
   * @param spec what to generate
   * @param label the label to give the key; must not already be used on this token
   * @return the new key
   * @throws UnsupportedAlgorithmException if the token cannot generate such a key
   * @throws UKeyException if the label is taken or the token fails
   */
  TokenKey generateKey(KeySpec spec, String label) throws UKeyException;

  /**
   * Stores an existing private key (from a PKCS#12 or PEM file) on the token, with its
   * certificate if given. The stored key is sensitive and not extractable.
   *
   * @param privateKey the key (SM2, EC or RSA)
   * @param certificate the key's certificate, or {@code null}
   * @param label the label to give the key; must not already be used
   * @return the stored key
   * @throws UnsupportedAlgorithmException if the token does not accept key import
   * @throws UKeyException if the certificate does not match the key, the label is taken or the
   *     token fails
   */
  TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String label)
      throws UKeyException;

  /**
   * Stores a certificate with a key (same id), replacing any certificate it had.
   *
   * @param key the key
   * @param certificate a certificate whose public key is the key's
   * @return the key as now stored, with the certificate
   * @throws UKeyException if the certificate's public key is not the key's, or the token fails
   */
  TokenKey importCertificate(TokenKey key, X509Certificate certificate) throws UKeyException;

  /**
   * Destroys a key pair and its certificate.
   *
   * @param key the key
   * @throws UKeyException if the token fails
   */
  void deleteKey(TokenKey key) throws UKeyException;

  /**
   * A signer for a key and algorithm. Cheap to make; reusable and thread-safe.
   *
   * @param key a key of this session's token
   * @param algorithm an algorithm for the key's type
   * @return the signer
   * @throws UnsupportedAlgorithmException if the key or token cannot sign with the algorithm
   * @throws UKeyException if the token fails
   */
  Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException;

  /**
   * Decrypts with a private key on the token.
   *
   * @param key the key
   * @param algorithm the scheme and ciphertext layout
   * @param ciphertext the ciphertext
   * @return the plaintext; the caller should wipe it when done if it is secret
   * @throws UnsupportedAlgorithmException if the key or token cannot do the scheme
   * @throws UKeyException if the ciphertext is malformed or does not decrypt (a wrong SM2 C3, a
   *     C1 not on the curve), or the token fails
   */
  byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
      throws UKeyException;

  /**
   * Random bytes from the token's generator.
   *
   * @param length how many; 0 to 65536
   * @return the bytes
   * @throws UKeyException if the token fails
   */
  byte[] generateRandom(int length) throws UKeyException;

  /**
   * Whether the session is usable: not closed and, as far as the provider knows, the token is
   * still present.
   *
   * @return true when open
   */
  boolean isOpen();

  /** Logs out and releases the session's resources. Idempotent; never throws. */
  @Override
  void close();
}
