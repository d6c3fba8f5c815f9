package org.ukey.seal;

import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * Makes seals (制章): builds {@code SES_SealInfo} from a {@link SealSpec} and has the seal
 * maker's key sign it — a key on a UKey or HSM through any {@link Signer}, never exported.
 *
 * <p>GB/T 38540-2020 by default; GM/T 0031-2014 when the spec asks for it. Refuses to make a seal
 * whose validity reaches beyond a holder certificate's (seed 003 §10: 电子印章有效期应与绑定的数字证书有效期一致),
 * a seal signed by a maker certificate that is not valid now or does not match the maker's key,
 * and SM2 signing with a non-default user ID (verifiers check seals with the default ID,
 * GM/T 0009-2012 §10).
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe if the signer is.
 */
public final class SealMaker {
  /** The vendor id written in the header unless another is set. */
  public static final String DEFAULT_VENDOR_ID = "UKEYSDK";

  private final Signer signer;
  private final X509Certificate makerCertificate;
  private final String vendorId;
  private final Clock clock;

  private SealMaker(Builder b) throws UKeyException {
    this.signer = b.signer;
    this.makerCertificate = b.makerCertificate != null ? b.makerCertificate
        : b.signer.certificate().orElseThrow(() -> new UKeyException(
            "the seal maker's key has no certificate; give one with makerCertificate()"));
    this.vendorId = b.vendorId;
    this.clock = b.clock;
    if (!makerCertificate.getPublicKey().equals(signer.publicKey())
        && !java.util.Arrays.equals(makerCertificate.getPublicKey().getEncoded(),
            signer.publicKey().getEncoded())) {
      throw new UKeyException("the maker certificate's public key is not the signer's key");
    }
    if (signer.algorithm().keyType() == KeyType.SM2
        && !signer.algorithm().hasDefaultSm2UserId()) {
      throw new UnsupportedAlgorithmException("seals are signed with the default SM2 user ID"
          + " (GM/T 0009-2012 §10); the signer uses " + signer.algorithm());
    }
  }

  /**
   * Starts a maker for a signer (the seal maker's key).
   *
   * @param makerSigner the seal maker's signer
   * @return a builder
   */
  public static Builder builder(Signer makerSigner) {
    return new Builder(makerSigner);
  }

  /**
   * Makes and signs a seal.
   *
   * @param spec what the seal should be
   * @return the seal, whose {@link SESeal#encoded()} is the {@code .esl} content
   * @throws PolicyViolationException if the validity reaches beyond a holder certificate's
   *     (seed 003 §10)
   * @throws UKeyException if the maker certificate is not valid now, or signing fails
   */
  public SESeal make(SealSpec spec) throws UKeyException {
    Objects.requireNonNull(spec, "spec");
    Instant now = clock.instant();
    if (now.isBefore(makerCertificate.getNotBefore().toInstant())
        || now.isAfter(makerCertificate.getNotAfter().toInstant())) {
      throw new UKeyException("the seal maker's certificate is not valid now (" + now
          + "; valid " + makerCertificate.getNotBefore().toInstant() + " to "
          + makerCertificate.getNotAfter().toInstant() + ")");
    }
    Instant from = latestNotBefore(spec.holderCertificates());
    Instant to = earliestNotAfter(spec.holderCertificates());
    Instant validFrom = spec.validFrom().orElse(from);
    Instant validTo = spec.validTo().orElse(to);
    if (validFrom.isBefore(from) || validTo.isAfter(to)) {
      throw new PolicyViolationException("seal.validity-within-certificate", "seed 003 §10",
          "the seal's validity " + validFrom + " to " + validTo + " reaches beyond its holder"
              + " certificates' validity " + from + " to " + to);
    }
    if (!validTo.isAfter(validFrom)) {
      throw new PolicyViolationException("seal.validity-within-certificate", "seed 003 §10",
          "the holder certificates share no validity period");
    }
    SealFormat format = spec.format();
    SESCertList certList = certList(spec);
    int version = format == SealFormat.GMT_0031_2014 ? 1 : 4;
    SESHeader header = new SESHeader(SESHeader.ID, version, vendorId);
    SESPropertyInfo property = new SESPropertyInfo(spec.typeCode(), spec.name(), certList, now,
        validFrom, validTo);
    byte[] sealInfo;
    try {
      sealInfo = spec.extDatas().isEmpty()
          ? SealCodec.sequence(SealEncoder.header(header), SealEncoder.ia5(spec.esId()),
              SealEncoder.property(property, format), SealEncoder.picture(spec.picture()))
          : SealCodec.sequence(SealEncoder.header(header), SealEncoder.ia5(spec.esId()),
              SealEncoder.property(property, format), SealEncoder.picture(spec.picture()),
              SealEncoder.extDatas(spec.extDatas()));
    } catch (IllegalArgumentException e) {
      throw new UKeyException("cannot encode the seal: " + e.getMessage(), e);
    }
    byte[] cert = encoded(makerCertificate);
    String algOid = signer.algorithm().oid();
    byte[] seal;
    if (format == SealFormat.GMT_0031_2014) {
      // GM/T 0031-2014 §6.1.1: signData covers SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }.
      byte[] tbs = SealCodec.sequence(sealInfo, SealEncoder.octets(cert), SealEncoder.oid(algOid));
      byte[] signature = signer.sign(tbs);
      seal = SealCodec.sequence(sealInfo, SealCodec.sequence(SealEncoder.octets(cert),
          SealEncoder.oid(algOid), SealEncoder.bits(signature)));
    } else {
      // GB/T 38540-2020: signedValue covers SES_SealInfo.
      byte[] signature = signer.sign(sealInfo);
      seal = SealCodec.sequence(sealInfo, SealEncoder.octets(cert), SealEncoder.oid(algOid),
          SealEncoder.bits(signature));
    }
    try {
      return SESeal.parse(seal);
    } catch (InvalidEncodingException e) {
      throw new IllegalStateException("a seal just made does not parse", e);
    }
  }

  private static SESCertList certList(SealSpec spec) throws UKeyException {
    List<SESCertList.Entry> entries = new ArrayList<>();
    for (X509Certificate c : spec.holderCertificates()) {
      byte[] der = encoded(c);
      if (spec.certDigestAlgorithm().isPresent()) {
        String alg = spec.certDigestAlgorithm().get();
        entries.add(SESCertList.Entry.digest(alg, SESCertList.digestOf(alg, der).orElseThrow()));
      } else {
        entries.add(SESCertList.Entry.certificate(der));
      }
    }
    if (spec.certDigestAlgorithm().isPresent() && spec.format() == SealFormat.GMT_0031_2014) {
      throw new UKeyException("GM/T 0031-2014 seals list certificates, not digests");
    }
    for (int i = 0; i < entries.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(entries.get(i).bytes(), entries.get(j).bytes())) {
          throw new UKeyException("holder certificate listed twice");
        }
      }
    }
    return new SESCertList(spec.certDigestAlgorithm().isPresent() ? SESCertList.TYPE_DIGESTS
        : SESCertList.TYPE_CERTIFICATES, entries);
  }

  private static Instant latestNotBefore(List<X509Certificate> certs) {
    Instant t = Instant.MIN;
    for (X509Certificate c : certs) {
      Instant nb = c.getNotBefore().toInstant();
      t = nb.isAfter(t) ? nb : t;
    }
    return t;
  }

  private static Instant earliestNotAfter(List<X509Certificate> certs) {
    Instant t = Instant.MAX;
    for (X509Certificate c : certs) {
      Instant na = c.getNotAfter().toInstant();
      t = na.isBefore(t) ? na : t;
    }
    return t;
  }

  static byte[] encoded(X509Certificate c) throws UKeyException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new UKeyException("cannot encode certificate "
          + DistinguishedNames.format(c.getSubjectX500Principal()), e);
    }
  }

  /** Builds a {@link SealMaker}. Not thread-safe. */
  public static final class Builder {
    private final Signer signer;
    private X509Certificate makerCertificate;
    private String vendorId = DEFAULT_VENDOR_ID;
    private Clock clock = Clock.systemUTC();

    private Builder(Signer signer) {
      this.signer = Objects.requireNonNull(signer, "makerSigner");
    }

    /**
     * The maker's certificate, when the signer does not carry one.
     *
     * @param cert the certificate of the maker's key
     * @return this
     */
    public Builder makerCertificate(X509Certificate cert) {
      this.makerCertificate = Objects.requireNonNull(cert, "cert");
      return this;
    }

    /**
     * The vendor id ({@code Vid}) written in the header.
     *
     * @param vid printable ASCII
     * @return this
     */
    public Builder vendorId(String vid) {
      if (!SealSpec.isPrintableAscii(vid) || vid.isEmpty()) {
        throw new IllegalArgumentException("vendor id must be printable ASCII");
      }
      this.vendorId = vid;
      return this;
    }

    /**
     * The clock that dates the seal ({@code createDate}) and judges the maker certificate.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the maker.
     *
     * @return the maker
     * @throws UKeyException if the maker certificate is missing or does not match the key, or
     *     the signer uses a non-default SM2 user ID
     */
    public SealMaker build() throws UKeyException {
      return new SealMaker(this);
    }
  }
}
