package org.ukey.seal;

import org.ukey.api.DigestAlgorithm;
import org.ukey.api.UKeyException;

/**
 * Gets a time-stamp token (RFC 3161 {@code TimeStampToken}; GM/T 0033-2014 with SM2) for a
 * digest, from a time-stamping authority (TSA). {@link HttpTimeStampClient} speaks RFC 3161 over
 * HTTP.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
@FunctionalInterface
public interface TimeStampClient {
  /**
   * Asks for a token over a digest.
   *
   * @param digest the digest to stamp (the message imprint)
   * @param algorithm the algorithm that made it
   * @return the DER {@code TimeStampToken} ({@code ContentInfo} of a {@code SignedData})
   * @throws UKeyException if the TSA cannot be reached or refuses
   */
  byte[] timeStamp(byte[] digest, DigestAlgorithm algorithm) throws UKeyException;
}
