package org.ukey.sm2.cipher;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.internal.Sm3Engine;
import org.ukey.sm2.internal.Streams;

/**
 * HMAC with SM3 (RFC 2104 over GB/T 32905-2016; GM/T 0042-2015 Appendix D.3; OID
 * 1.2.156.10197.1.401.2): a 32-byte tag. Keys longer than the 64-byte SM3 block are hashed
 * first, as RFC 2104 says.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe; each call uses its own HMAC state.
 *
 * <p><b>Security:</b> {@link #verify} compares in constant time. The key is kept in memory until
 * the object is garbage collected.
 */
public final class Sm3Hmac {
  /** The tag length, 32 bytes. */
  public static final int TAG_LENGTH = 32;
  /** The OID of SM3 with a key, 1.2.156.10197.1.401.2 (GB/T 33560-2017 Table A.1). */
  public static final String OID = "1.2.156.10197.1.401.2";


  private final KeyParameter key;

  private Sm3Hmac(byte[] key) {
    this.key = new KeyParameter(key);
  }

  /**
   * An HMAC-SM3 under a key.
   *
   * @param key the key, not empty; 32 random bytes are right for new keys (RFC 2104 §3
   *     advises at least the 32-byte tag length); copied
   * @return the MAC
   * @throws IllegalArgumentException if the key is empty
   */
  public static Sm3Hmac withKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("HMAC-SM3 key must not be empty");
    }
    return new Sm3Hmac(key.clone());
  }

  /**
   * The tag of a message.
   *
   * @param message the data
   * @return 32 bytes
   */
  public byte[] mac(byte[] message) {
    Objects.requireNonNull(message, "message");
    HMac h = start();
    h.update(message, 0, message.length);
    return finish(h);
  }

  /**
   * The tag of everything read from a stream, in constant memory. Reads to the end; does not
   * close the stream.
   *
   * @param message the data
   * @return 32 bytes
   * @throws IOException if reading fails
   */
  public byte[] mac(InputStream message) throws IOException {
    Objects.requireNonNull(message, "message");
    HMac h = start();
    Streams.pump(message, h::update);
    return finish(h);
  }

  /**
   * Checks a tag, in constant time.
   *
   * @param message the data
   * @param tag the tag received
   * @throws SignatureVerificationException if the tag is not the message's
   */
  public void verify(byte[] message, byte[] tag) throws SignatureVerificationException {
    Objects.requireNonNull(tag, "tag");
    byte[] expected = mac(message);
    boolean ok = MessageDigest.isEqual(expected, tag);
    Arrays.fill(expected, (byte) 0);
    if (!ok) {
      throw new SignatureVerificationException("HMAC-SM3 tag does not match");
    }
  }

  private HMac start() {
    HMac h = new HMac(new Sm3Engine());
    h.init(key);
    return h;
  }

  private static byte[] finish(HMac h) {
    byte[] out = new byte[TAG_LENGTH];
    h.doFinal(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "Sm3Hmac[key=****]";
  }
}
