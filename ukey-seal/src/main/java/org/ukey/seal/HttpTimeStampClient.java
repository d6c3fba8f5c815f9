package org.ukey.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.UKeyException;

/**
 * An RFC 3161 time-stamp client over HTTP ({@code application/timestamp-query} POST,
 * RFC 3161 §3.4). Asks for the TSA's certificate in the token and a random nonce, and checks
 * that the response grants a token whose imprint and nonce are the ones asked for.
 *
 * <p>The response is read up to 1 MiB; a larger one is refused.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class HttpTimeStampClient implements TimeStampClient {
  private static final int MAX_RESPONSE = 1 << 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI uri;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * A client for a TSA URL with a 30-second timeout.
   *
   * @param uri the TSA's URL (http or https)
   */
  public HttpTimeStampClient(URI uri) {
    this(uri, Duration.ofSeconds(30));
  }

  /**
   * A client for a TSA URL.
   *
   * @param uri the TSA's URL (http or https)
   * @param timeout connect and request timeout
   */
  public HttpTimeStampClient(URI uri, Duration timeout) {
    this.uri = Objects.requireNonNull(uri, "uri");
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("TSA URL must be http or https: " + uri);
    }
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public byte[] timeStamp(byte[] digest, DigestAlgorithm algorithm) throws UKeyException {
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true);
    BigInteger nonce = new BigInteger(64, RANDOM);
    TimeStampRequest request = gen.generate(new ASN1ObjectIdentifier(algorithm.oid()), digest,
        nonce);
    byte[] body;
    try {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/timestamp-query")
          .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build();
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        if (resp.statusCode() != 200) {
          throw new UKeyException("TSA " + uri + " answered HTTP " + resp.statusCode());
        }
        body = readBounded(in);
      }
    } catch (IOException e) {
      throw new UKeyException("TSA " + uri + " could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UKeyException("interrupted while waiting for TSA " + uri, e);
    }
    try {
      TimeStampResponse response = new TimeStampResponse(body);
      response.validate(request);
      TimeStampToken token = response.getTimeStampToken();
      if (token == null) {
        throw new UKeyException("TSA " + uri + " refused: " + response.getStatusString());
      }
      if (!Arrays.equals(token.getTimeStampInfo().getMessageImprintDigest(), digest)) {
        throw new UKeyException("TSA " + uri + " stamped another imprint");
      }
      return token.getEncoded();
    } catch (TSPException | IOException | RuntimeException e) {
      throw new UKeyException("TSA " + uri + " sent an invalid response: " + e.getMessage(), e);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException, UKeyException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      if (out.size() + n > MAX_RESPONSE) {
        throw new UKeyException("TSA response larger than " + MAX_RESPONSE + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "HttpTimeStampClient[" + uri + "]";
  }
}
