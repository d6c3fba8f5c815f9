/**
 * The UKey SDK API (智能密码钥匙 SDK 接口).
 *
 * <p>The picture in one block:
 *
 * <pre>{@code
 * try (TokenProvider provider = SoftTokens.open(dir);            // or Pkcs11.load(libraryPath)
 *      Pin pin = Pin.of(pinChars);
 *      Session session = provider.tokens().get(0).login(pin)) {   // close() logs out
 *   TokenKey key = session.key("seal-key");                       // opaque, no native handle
 *   Signer signer = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
 *   byte[] der = signer.sign(voucherBytes);                       // DER SEQUENCE{r, s}
 * }
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Values ({@link org.ukey.api.SignatureAlgorithm}, {@link org.ukey.api.KeySpec},
 *       {@link org.ukey.api.TokenInfo}, {@link org.ukey.api.PinStatus},
 *       {@link org.ukey.api.TokenEvent}) are immutable and thread-safe.</li>
 *   <li>Resources ({@link org.ukey.api.TokenProvider}, {@link org.ukey.api.Session},
 *       {@link org.ukey.api.Pin}) are {@link java.lang.AutoCloseable} and must be closed.</li>
 *   <li>Every failure the caller can meet at run time is a checked
 *       {@link org.ukey.api.UKeyException}; unchecked exceptions signal programming errors
 *       (a {@code null} argument, use after close).</li>
 *   <li>Verification never returns a boolean: it returns normally or throws
 *       {@link org.ukey.api.SignatureVerificationException}.</li>
 *   <li>No secret (PIN, private key, key material) is ever put in a {@code toString()}, a log
 *       line or an exception message.</li>
 * </ul>
 */
package org.ukey.api;
