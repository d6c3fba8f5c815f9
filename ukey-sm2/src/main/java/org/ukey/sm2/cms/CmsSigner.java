package org.ukey.sm2.cms;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.crypto.Digest;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.sm2.internal.DigestEngines;
import org.ukey.sm2.internal.Streams;

/**
 * Makes CMS SignedData (RFC 5652; for SM2, GM/T 0010 / GB/T 35275, SM2密码算法加密签名消息语法规范)
 * with any {@link Signer}: the token never gives up its key, it signs the signed attributes (or
 * the content) like any other message.
 *
 * <pre>{@code
 * CmsSigner cms = CmsSigner.builder(session.signer(key, SignatureAlgorithm.SM3_WITH_SM2))
 *     .detached()                       // default: the content is inside
 *     .build();                         // SM2 signers default to the GM/T 0010 OIDs
 * byte[] p7 = cms.sign(voucher);
 * }</pre>
 *
 * <p>The SignerInfo identifies the signer by issuer and serial number of the signer's
 * certificate ({@link Signer#certificate()}, required) and carries the signed attributes
 * contentType, signingTime and messageDigest (RFC 5652 §11), unless
 * {@link Builder#withoutSignedAttributes()} asks for a signature over the content itself, as some
 * GM/T 0010 producers make. The signer's certificate is included, with any others given.
 * Output is DER.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe if its {@link Signer} is.
 */
public final class CmsSigner {
  private final Signer signer;
  private final X509Certificate certificate;
  private final CmsProfile profile;
  private final boolean detached;
  private final boolean signedAttributes;
  private final Clock clock;
  private final Instant signingTime;
  private final List<X509Certificate> extraCertificates;

  private CmsSigner(Builder b, X509Certificate certificate) {
    this.signer = b.signer;
    this.certificate = certificate;
    this.profile = b.profile != null ? b.profile
        : b.signer.algorithm().keyType() == KeyType.SM2 ? CmsProfile.GM_T_0010
            : CmsProfile.RFC_5652;
    this.detached = b.detached;
    this.signedAttributes = b.signedAttributes;
    this.clock = b.clock;
    this.signingTime = b.signingTime;
    this.extraCertificates = List.copyOf(b.certificates);
  }

  /**
   * Starts a CMS signer.
   *
   * @param signer the key's signer; must have a certificate
   * @return the builder
   */
  public static Builder builder(Signer signer) {
    return new Builder(Objects.requireNonNull(signer, "signer"));
  }

  /**
   * The profile (OIDs) this signer writes.
   *
   * @return the profile
   */
  public CmsProfile profile() {
    return profile;
  }

  /**
   * Signs content held in memory.
   *
   * @param content the content
   * @return the DER {@code ContentInfo}
   * @throws UKeyException if signing fails
   */
  public byte[] sign(byte[] content) throws UKeyException {
    Objects.requireNonNull(content, "content");
    if (!signedAttributes) {
      return assemble(detached ? null : content, null, signer.sign(content));
    }
    Digest d = DigestEngines.create(signer.algorithm().digest());
    d.update(content, 0, content.length);
    return signDigest(detached ? null : content, d);
  }

  /**
   * Signs a stream in constant memory; detached signatures only (the content is not copied
   * into the result). Reads to the end; does not close the stream.
   *
   * @param content the content
   * @return the DER {@code ContentInfo}
   * @throws IOException if reading fails
   * @throws UKeyException if signing fails
   * @throws IllegalStateException if this signer is not detached
   */
  public byte[] sign(InputStream content) throws IOException, UKeyException {
    Objects.requireNonNull(content, "content");
    if (!detached) {
      throw new IllegalStateException("streamed content can only be signed detached");
    }
    if (!signedAttributes) {
      return assemble(null, null, signer.sign(content));
    }
    Digest d = DigestEngines.create(signer.algorithm().digest());
    Streams.pump(content, d::update);
    return signDigest(null, d);
  }

  private byte[] signDigest(byte[] content, Digest d) throws UKeyException {
    byte[] digest = new byte[d.getDigestSize()];
    d.doFinal(digest, 0);
    ASN1EncodableVector attrs = new ASN1EncodableVector();
    attrs.add(new Attribute(CMSAttributes.contentType,
        new DERSet(new ASN1ObjectIdentifier(profile.dataOid()))));
    Instant t = signingTime != null ? signingTime : clock.instant();
    // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise (Time picks so).
    attrs.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(t)))));
    attrs.add(new Attribute(CMSAttributes.messageDigest,
        new DERSet(new DEROctetString(digest))));
    ASN1Set signed = new DERSet(attrs);
    byte[] toSign;
    try {
      toSign = signed.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UKeyException("cannot encode signed attributes", e);
    }
    return assemble(content, signed, signer.sign(toSign));
  }

  private byte[] assemble(byte[] content, ASN1Set signedAttrs, byte[] signature)
      throws UKeyException {
    SignatureAlgorithm alg = signer.algorithm();
    DigestAlgorithm digest = alg.digest();
    AlgorithmIdentifier digestId = CmsAlgorithms.digestIdentifier(digest);
    Certificate cert = Certificate.getInstance(encoded(certificate));
    SignerIdentifier sid = new SignerIdentifier(new IssuerAndSerialNumber(
        X500Name.getInstance(cert.getIssuer()), cert.getSerialNumber().getValue()));
    SignerInfo si = new SignerInfo(sid, digestId, signedAttrs,
        CmsAlgorithms.signatureIdentifier(alg), new DEROctetString(signature), null);
    ASN1EncodableVector certs = new ASN1EncodableVector();
    certs.add(cert);
    for (X509Certificate c : extraCertificates) {
      if (!c.equals(certificate)) {
        certs.add(Certificate.getInstance(encoded(c)));
      }
    }
    ContentInfo encap = new ContentInfo(new ASN1ObjectIdentifier(profile.dataOid()),
        content == null ? null : new DEROctetString(content));
    SignedData sd = new SignedData(new DERSet(digestId), encap, new DERSet(certs), null,
        new DERSet(si));
    ContentInfo outer = new ContentInfo(new ASN1ObjectIdentifier(profile.signedDataOid()), sd);
    try {
      byte[] der = outer.getEncoded(ASN1Encoding.DER);
      return fixVersion(der);
    } catch (IOException e) {
      throw new UKeyException("cannot encode SignedData", e);
    }
  }

  /**
   * BouncyCastle's {@code SignedData} derives the version from the content type (3 for a
   * non-id-data type); GM/T 0010 §8.1 fixes it at 1, so the GM profile is re-encoded with 1.
   */
  private byte[] fixVersion(byte[] der) throws IOException {
    ContentInfo ci = ContentInfo.getInstance(der);
    SignedData sd = SignedData.getInstance(ci.getContent());
    if (sd.getVersion().hasValue(1)) {
      return der;
    }
    org.bouncycastle.asn1.ASN1Sequence seq =
        org.bouncycastle.asn1.ASN1Sequence.getInstance(ci.getContent());
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(1));
    for (int i = 1; i < seq.size(); i++) {
      v.add(seq.getObjectAt(i));
    }
    return new ContentInfo(ci.getContentType(), new org.bouncycastle.asn1.DERSequence(v))
        .getEncoded(ASN1Encoding.DER);
  }

  private static byte[] encoded(X509Certificate c) throws UKeyException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new UKeyException("cannot encode certificate", e);
    }
  }

  /**
   * Configures a {@link CmsSigner}.
   *
   * <p><b>Thread-safety:</b> not thread-safe.
   */
  public static final class Builder {
    private final Signer signer;
    private CmsProfile profile;
    private boolean detached;
    private boolean signedAttributes = true;
    private Clock clock = Clock.systemUTC();
    private Instant signingTime;
    private final List<X509Certificate> certificates = new ArrayList<>();

    private Builder(Signer signer) {
      this.signer = signer;
    }

    /**
     * Chooses the OIDs written (default: GM/T 0010 for SM2 signers, RFC 5652 otherwise).
     *
     * @param p the profile
     * @return this
     */
    public Builder profile(CmsProfile p) {
      this.profile = Objects.requireNonNull(p, "profile");
      return this;
    }

    /**
     * Leaves the content out of the SignedData (a detached signature).
     *
     * @return this
     */
    public Builder detached() {
      this.detached = true;
      return this;
    }

    /**
     * Signs the content itself, with no signed attributes (no signing time).
     *
     * @return this
     */
    public Builder withoutSignedAttributes() {
      this.signedAttributes = false;
      return this;
    }

    /**
     * Sets the clock the signing time is read from (default: the system clock).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Fixes the signing time written.
     *
     * @param t the instant
     * @return this
     */
    public Builder signingTime(Instant t) {
      this.signingTime = Objects.requireNonNull(t, "signingTime");
      return this;
    }

    /**
     * Adds certificates to include (the signer's CA chain).
     *
     * @param certs the certificates
     * @return this
     */
    public Builder certificates(List<X509Certificate> certs) {
      certificates.addAll(certs);
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the CMS signer
     * @throws IllegalStateException if the signer has no certificate
     */
    public CmsSigner build() {
      X509Certificate cert = signer.certificate().orElseThrow(() -> new IllegalStateException(
          "a CMS signer needs the key's certificate (Signer.certificate() is empty)"));
      return new CmsSigner(this, cert);
    }
  }
}
