package org.ukey.testkit.tsa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.ukey.api.KeySpec;
import org.ukey.sm2.SoftKeys;

/**
 * A time-stamping authority for tests: RFC 3161 over HTTP on the loopback interface, signing
 * tokens with its own SM2 key (SM3withSM2, as GM/T 0033-2014 asks) and a certificate carrying
 * the critical {@code id-kp-timeStamping} extended key usage (RFC 3161 §2.3).
 *
 * <p>Built on BouncyCastle's TSP classes. Accepts SM3 and SHA-256 imprints; answers
 * {@code badAlg} for others. The time comes from an injected {@link Clock}.
 *
 * <pre>{@code
 * try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start(clock)) {
 *   TimeStampClient client = new HttpTimeStampClient(tsa.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> thread-safe; serves requests one at a time.
 */
public final class TestTimeStampAuthority implements AutoCloseable {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.2.3.4.1");
  private static final int MAX_REQUEST = 64 * 1024;

  private final HttpServer server;
  private final X509Certificate certificate;
  private final TimeStampTokenGenerator tokens;
  private final Clock clock;
  private final AtomicLong serial = new AtomicLong(1);
  private final AtomicLong served = new AtomicLong();

  private TestTimeStampAuthority(Clock clock) throws Exception {
    this.clock = Objects.requireNonNull(clock, "clock");
    KeyPair keys = SoftKeys.generate(KeySpec.sm2());
    Instant now = clock.instant();
    X500Name name = new X500Name("CN=UKey SDK Test TSA,O=UKey SDK");
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofDays(365))), Date.from(now.plus(Duration.ofDays(3650))),
        name, keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    b.addExtension(Extension.extendedKeyUsage, true,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    this.certificate = new JcaX509CertificateConverter().setProvider(BC).getCertificate(
        b.build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(BC)
            .build(keys.getPrivate())));
    DigestCalculator essCertId = new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()
        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    this.tokens = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
        .setProvider(BC).build("SM3WITHSM2", keys.getPrivate(), certificate), essCertId, POLICY);
    // Sent only when the request asks (certReq), as RFC 3161 §2.4.1 says.
    tokens.addCertificates(new JcaCertStore(java.util.List.of(certificate)));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        0);
    server.createContext("/tsa", this::handle);
    server.start();
  }

  /**
   * Starts a TSA on a free loopback port.
   *
   * @param clock the time it stamps
   * @return the running TSA; close it to stop
   * @throws Exception if it cannot start
   */
  public static TestTimeStampAuthority start(Clock clock) throws Exception {
    return new TestTimeStampAuthority(clock);
  }

  /**
   * Where to send RFC 3161 requests.
   *
   * @return {@code http://127.0.0.1:PORT/tsa}
   */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/tsa");
  }

  /**
   * The TSA's certificate (self-signed): a trust anchor for tokens it issues.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * How many tokens it has issued.
   *
   * @return the count
   */
  public long tokensIssued() {
    return served.get();
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = readBounded(ex.getRequestBody());
      byte[] reply;
      try {
        TimeStampRequest request = new TimeStampRequest(body);
        TimeStampResponseGenerator gen = new TimeStampResponseGenerator(tokens,
            Set.of(GMObjectIdentifiers.sm3, TSPAlgorithms.SHA256));
        TimeStampResponse response = gen.generate(request,
            BigInteger.valueOf(serial.getAndIncrement()), Date.from(clock.instant()));
        reply = response.getEncoded();
        if (response.getTimeStampToken() != null) {
          served.incrementAndGet();
        }
      } catch (Exception e) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
      ex.sendResponseHeaders(200, reply.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(reply);
      }
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) > 0; ) {
      if (out.size() + n > MAX_REQUEST) {
        throw new IOException("request too large");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}
