/**
 * Cryptography in software: SM2 (GB/T 32918) with SM3 (GB/T 32905), RSA and ECDSA, built on
 * BouncyCastle's lightweight API (no JCA provider look-up on the signing path).
 *
 * <ul>
 *   <li>{@link org.ukey.sm2.SoftSigners} and {@link org.ukey.sm2.SoftVerifiers}: signers and
 *       verifiers over keys held in memory.</li>
 *   <li>{@link org.ukey.sm2.SoftKeys}: generate and convert keys (SM2 keys always on
 *       BouncyCastle's optimized sm2p256v1 curve).</li>
 *   <li>{@link org.ukey.sm2.Sm3} and {@link org.ukey.sm2.Sm2}: SM3, and the SM2 Z value of
 *       GM/T 0009-2012 §8; {@link org.ukey.sm2.Digests}: SM3 and SHA-2 by the API's
 *       {@link org.ukey.api.DigestAlgorithm}.</li>
 *   <li>{@link org.ukey.sm2.SignatureCodec}: the one codec for DER ⇄ raw r‖s.</li>
 * </ul>
 */
package org.ukey.sm2;
