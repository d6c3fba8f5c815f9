/**
 * The soft token (软件令牌): the SDK's embedded default {@link org.ukey.api.TokenProvider}, keeping
 * tokens as encrypted files in a directory ({@code ~/.ukey/soft} unless told otherwise).
 *
 * <p>Start with {@link org.ukey.sm2.soft.SoftTokens#open(java.nio.file.Path)}; create tokens with
 * {@link org.ukey.sm2.soft.SoftTokenProvider#createToken}; everything else goes through the
 * {@code org.ukey.api} interfaces, exactly as with a PKCS#11 token.
 *
 * <h2>Protection</h2>
 * <ul>
 *   <li>Each token has a random 128-bit <em>data key</em>. Its keys and certificates are stored
 *       in one <em>key store</em> sealed with SM4-GCM (GB/T 32907 SM4, 96-bit nonce, 128-bit tag)
 *       under that key.</li>
 *   <li>The data key is stored twice: sealed under a key derived from the user PIN and under one
 *       derived from the SO PIN, with scrypt (RFC 7914; random 16-byte salt; cost stored beside
 *       it). Changing a PIN re-seals only the data key; the SO can set a new user PIN.</li>
 *   <li>The header (label, serial, PIN limits, flags, revision, both PIN records) is the key
 *       store's additional authenticated data: a header or key store altered outside the SDK
 *       fails to open at login with an {@link org.ukey.api.InvalidEncodingException}.</li>
 *   <li>A SHA-256 checksum over the whole file reports damage (truncation, bit rot) even without
 *       a PIN, when the token's status is read.</li>
 *   <li>The PIN failure counters are outside the authenticated part, since a wrong PIN cannot
 *       unlock the key that would authenticate them. Each PIN check increments and flushes its
 *       counter before trying the PIN, and a success resets it; killing the process cannot undo a
 *       counted failure. Someone who can write the file can, of course, reset the counters: the
 *       counters stop guessing through the SDK, the scrypt cost slows guessing on a copy.</li>
 * </ul>
 *
 * <h2>Directory</h2>
 * <ul>
 *   <li>{@code <label>.token}: one file per token. The file name is the label's UTF-8 bytes with
 *       {@code A-Z a-z 0-9 _ -} kept and every other byte written {@code %XX}; mode 0600.</li>
 *   <li>{@code .lock}: the lock every read-modify-write takes ({@code FileChannel.lock}).</li>
 *   <li>{@code .<file>.<random>.tmp}: a write in progress; renamed over the token file when
 *       complete and flushed, then the directory is flushed. Leftovers of a crashed writer are
 *       deleted by the next {@code SoftTokens.open}.</li>
 *   <li>Anything else (for example the CLI's {@code audit/} directory) is ignored.</li>
 * </ul>
 *
 * <h2>Token file, format version 1</h2>
 * All integers are unsigned big-endian. {@code str8} is a one-byte length and that many bytes of
 * UTF-8; {@code bin8/bin16/bin32} a one-, two- or four-byte length and that many bytes.
 * <pre>
 * File:
 *   magic            8      "UKEYSOFT"
 *   version          u16    1
 *   header           bin32  see Header; the key store's additional authenticated data
 *   userPinFailures  u8     0..maxUserPinRetries (not authenticated)
 *   soPinFailures    u8     0..maxSoPinRetries   (not authenticated)
 *   keyStore.nonce   12     SM4-GCM nonce
 *   keyStore         bin32  SM4-GCM(dataKey, nonce, aad = magic‖version‖header, KeyStore)‖tag(16)
 *   checksum         32     SHA-256 of every byte before it
 *
 * Header:
 *   label               str8   1..64 bytes; must match the file name
 *   serial              bin8   16 upper-case hex digits
 *   maxUserPinRetries   u8     1..100
 *   maxSoPinRetries     u8     1..100
 *   flags               u8     bit 0: user PIN must be changed; bit 1: a PIN set by the SO
 *                              must be changed; other bits 0
 *   revision            u64    +1 on every authenticated change
 *   userPin, soPin      PinRecord each
 *
 * PinRecord:
 *   kdf                 u8     1 = scrypt
 *   log2N, r, p         u8 ×3  10..22, 1..32, 1..16; 128·r·2^log2N ≤ 1 GiB
 *   salt                bin8   16..64 bytes
 *   nonce               12
 *   wrappedDataKey      32     SM4-GCM(scrypt(PIN as UTF-8, salt), nonce,
 *                                aad = "UKEYSOFT"‖role(1 user, 2 SO)‖bin8(serial)‖kdf‖log2N‖r‖p‖bin8(salt),
 *                                dataKey)‖tag
 *
 * KeyStore (plaintext):
 *   count               u16    0..4096, then count entries of:
 *     label             str8   1..128 bytes, unique on the token
 *     id                bin8   SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 (1)), unique
 *     publicKey         bin16  SubjectPublicKeyInfo DER
 *     privateKey        bin16  PKCS#8 PrivateKeyInfo DER
 *     certificate       bin32  X.509 DER, or empty
 * </pre>
 * A reader refuses files over 16 MiB, checks every length against what is left before it
 * allocates, and names the file, field and offset of the first problem.
 *
 * <h2>Sessions</h2>
 * <ul>
 *   <li>A session keeps the data key and the decrypted keys until it is closed. It follows the
 *       file: a key generated, imported or deleted by another session or process is seen at the
 *       next {@code keys()}, {@code key()}, {@code keyById()} or {@code signer()} call, and a
 *       deleted (or deleted and re-created) token makes those calls throw
 *       {@link org.ukey.api.TokenRemovedException}.</li>
 *   <li>A {@link org.ukey.api.Signer} signs from memory with no file access. It stops when its
 *       session is closed ({@link IllegalStateException}), when its key is deleted through its
 *       session ({@link org.ukey.api.KeyNotFoundException}) or when its token is deleted through
 *       its provider ({@link org.ukey.api.TokenRemovedException}); a deletion by another process
 *       reaches it only through the session's next key lookup.</li>
 *   <li>Key ids are SHA-1 of the public key bits, so a certificate's Subject Key Identifier
 *       (RFC 5280 §4.2.1.2 method 1) finds its key. Private keys are never exported.</li>
 *   <li>Decryption ({@link org.ukey.api.Session#decrypt}) is not available yet: it checks the key
 *       and scheme, then throws {@link org.ukey.api.UnsupportedAlgorithmException}.</li>
 * </ul>
 *
 * <h2>PINs</h2>
 * PINs are 4 to 255 bytes in UTF-8. The user PIN and the SO PIN each lock after
 * {@link org.ukey.sm2.soft.SoftTokenOptions#maxPinRetries()} wrong tries in a row. With
 * {@link org.ukey.sm2.soft.SoftTokenOptions#mustChangePin()} (the default) the initial user PIN,
 * and each user PIN the SO sets with {@link org.ukey.api.Token#unlockPin}, must be changed with
 * {@link org.ukey.api.Token#changePin} before {@link org.ukey.api.Token#login} succeeds (seed 000
 * §11.1, seed 001 §23). Rules on PIN strength belong to the policy module, not here.
 */
package org.ukey.sm2.soft;
