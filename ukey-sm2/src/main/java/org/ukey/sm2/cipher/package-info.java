/**
 * Encryption in software: SM2 public-key encryption in its three ciphertext layouts and RSA
 * ({@link org.ukey.sm2.cipher.PublicKeyEncryption}, {@link org.ukey.sm2.cipher.Sm2Ciphertext}),
 * the SM4 block cipher in ECB, CBC, CTR and GCM ({@link org.ukey.sm2.cipher.Sm4Cipher}), and
 * HMAC-SM3 ({@link org.ukey.sm2.cipher.Sm3Hmac}).
 */
package org.ukey.sm2.cipher;
