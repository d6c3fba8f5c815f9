package org.ukey.seal;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.util.Memoable;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.seal.StampRefusedException.Reason;
import org.ukey.seal.internal.Certificates;
import org.ukey.seal.internal.SignatureValues;
import org.ukey.sm2.Digests;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.Sm3;

/**
 * Stamps documents with a seal (签章): makes an {@code SES_Signature} over a document's hash
 * with the signer's key — on a UKey through any {@link Signer} — and the seal.
 *
 * <p>Before signing it does what GM/T 0031-2014 §6.2.2 asks, so that it never produces a
 * signature that cannot verify: the signer certificate must be valid at the signing time (a),
 * the seal's maker signature must verify and the signing time must lie in the seal's validity
 * (b, via §6.1.2), and the signer certificate must be on the seal's list, byte for byte or by
 * digest (c). The document is hashed as it streams (constant memory); only {@code TBS_Sign} is
 * signed. The signing time comes from the injected {@link Clock}. An optional
 * {@link TimeStampClient} adds an RFC 3161 time-stamp over the signature value (GB/T 38540
 * {@code timeStamp}).
 *
 * <p>The signature has the seal's format: GB/T 38540 for v4 (and v5) seals, GM/T 0031 for v1.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe if the signer and time-stamp client are.
 */
public final class Stamper {
  private final SESeal seal;
  private final Signer signer;
  private final X509Certificate signerCertificate;
  private final byte[] signerCertificateDer;
  private final org.ukey.sm2.pki.Certificates.Validity signerValidity;
  private final Clock clock;
  private final TimeStampClient timeStampClient;
  private final DigestAlgorithm digest;
  /** The signature algorithm's OID, DER-encoded once. */
  private final byte[] algOidDer;
  /** Z of the signer's key for SM2 (GM/T 0009-2012 §8.1), else null. */
  private final byte[] z;
  /**
   * SM3 over Z ‖ the start of the last TBS_Sign (header, version, seal), which every stamp
   * with a propertyInfo of the same length shares; null until the first stamp.
   */
  private volatile TbsPrefix prefix;

  private Stamper(Builder b) throws UKeyException {
    this.seal = b.seal;
    this.signer = b.signer;
    this.clock = b.clock;
    this.timeStampClient = b.timeStampClient;
    this.signerCertificate = signer.certificate().orElseThrow(() -> new StampRefusedException(
        Reason.SIGNER_HAS_NO_CERTIFICATE, "the signer's key has no certificate to stamp with"));
    this.signerCertificateDer = SealMaker.encoded(signerCertificate);
    this.signerValidity = org.ukey.sm2.pki.Certificates.validity(signerCertificate);
    this.digest = signer.algorithm().digest();
    if (signer.algorithm().keyType() == KeyType.SM2 && !signer.algorithm().hasDefaultSm2UserId()) {
      throw new UnsupportedAlgorithmException("seal signatures use the default SM2 user ID"
          + " (GM/T 0009-2012 §10); the signer uses " + signer.algorithm());
    }
    this.algOidDer = SealEncoder.oid(signer.algorithm().oid());
    this.z = signer.algorithm().keyType() == KeyType.SM2 && signer.signsDigests()
        && signer.publicKey() instanceof ECPublicKey
        ? Sm2.z(SignatureAlgorithm.defaultSm2UserId(), (ECPublicKey) signer.publicKey()) : null;
    if (timeStampClient != null && seal.format() == SealFormat.GMT_0031_2014) {
      throw new UnsupportedAlgorithmException(
          "GM/T 0031-2014 signatures have no time-stamp field; use a GB/T 38540 seal");
    }
    if (!seal.sealInfo().property().certList().contains(signerCertificateDer)) {
      throw new StampRefusedException(Reason.SIGNER_NOT_IN_CERT_LIST, "the signer's certificate ("
          + Certificates.subjectName(signerCertificate) + ", serial "
          + signerCertificate.getSerialNumber().toString(16) + ") is not on the list of seal "
          + seal.sealInfo().esId() + " (GM/T 0031-2014 §6.2.2 c)");
    }
    X509Certificate maker = Certificates.parse(seal.makerCertificateNoCopy(), "SESeal.cert");
    try {
      SignatureValues.verify(maker,
          SignatureValues.algorithm(seal.signatureAlgorithmOid()), seal.makerSignedData(),
          seal.signatureValue());
    } catch (SignatureVerificationException e) {
      throw new StampRefusedException(Reason.SEAL_SIGNATURE_INVALID, "the maker's signature on"
          + " seal " + seal.sealInfo().esId() + " does not verify (GM/T 0031-2014 §6.1.2 b)");
    }
  }

  /**
   * Starts a stamper for a seal and a signer whose certificate is on the seal's list.
   *
   * @param seal the seal
   * @param signer the signer; must carry its certificate
   * @return a builder
   */
  public static Builder builder(SESeal seal, Signer signer) {
    return new Builder(seal, signer);
  }

  /**
   * Stamps a document read from a stream (to its end; not closed).
   *
   * @param document the document
   * @param propertyInfo what is signed (for OFD, the path of {@code Signature.xml}); IA5
   * @return the signature
   * @throws IOException if reading fails
   * @throws StampRefusedException if the checks of GM/T 0031-2014 §6.2.2 fail
   * @throws UKeyException if signing or time-stamping fails
   */
  public SESSignature stamp(InputStream document, String propertyInfo)
      throws IOException, UKeyException {
    return stampHash(Digests.digest(digest, document), propertyInfo);
  }

  /**
   * Stamps a document given by its hash (computed with the signature algorithm's digest: SM3
   * for SM2).
   *
   * @param documentHash the hash
   * @param propertyInfo what is signed; IA5
   * @return the signature
   * @throws StampRefusedException if the checks of GM/T 0031-2014 §6.2.2 fail
   * @throws UKeyException if signing or time-stamping fails
   */
  public SESSignature stampHash(byte[] documentHash, String propertyInfo) throws UKeyException {
    Objects.requireNonNull(documentHash, "documentHash");
    Objects.requireNonNull(propertyInfo, "propertyInfo");
    if (documentHash.length != digest.length()) {
      throw new IllegalArgumentException("document hash must be " + digest.length()
          + " bytes (" + digest + "), was " + documentHash.length);
    }
    if (!SealSpec.isPrintableAscii(propertyInfo)) {
      throw new IllegalArgumentException("propertyInfo must be printable ASCII (IA5String)");
    }
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    if (!signerValidity.contains(now)) {
      throw new StampRefusedException(Reason.SIGNER_CERTIFICATE_NOT_VALID, "the signer's"
          + " certificate is not valid at the signing time " + now + " (valid "
          + signerValidity.notBefore() + " to " + signerValidity.notAfter()
          + "; GM/T 0031-2014 §6.2.2 a)");
    }
    if (!seal.sealInfo().property().isValidAt(now)) {
      throw new StampRefusedException(Reason.SEAL_NOT_VALID_AT_SIGNING_TIME, "seal "
          + seal.sealInfo().esId() + " is not valid at the signing time " + now + " (valid "
          + seal.sealInfo().property().validStart() + " to "
          + seal.sealInfo().property().validEnd() + "; GM/T 0031-2014 §6.1.2 d)");
    }
    String algOid = signer.algorithm().oid();
    // The signature is assembled from parts this method just made, so it is built directly
    // rather than re-parsed: the stamp's cost is the hashing and the signing.
    if (seal.format() == SealFormat.GMT_0031_2014) {
      // GM/T 0031-2014 §6.2.1: timeInfo is a BIT STRING "可以是 UTCTIME 时间": a DER UTCTime.
      byte[] utcTime = SealEncoder.utcTime(now);
      byte[] tbs = SealCodec.sequence(SealEncoder.integer(seal.sealInfo().header().version()),
          seal.encodedNoCopy(), SealEncoder.bits(utcTime), SealEncoder.bits(documentHash),
          SealEncoder.ia5(propertyInfo), SealEncoder.octets(signerCertificateDer), algOidDer);
      byte[] signature = sign(tbs);
      TBSSign toSign = new TBSSign(seal.sealInfo().header().version(), seal, utcTime, now,
          documentHash, propertyInfo, signerCertificateDer, algOid, List.of(), tbs);
      return new SESSignature(SealFormat.GMT_0031_2014, toSign, signerCertificateDer, algOid,
          signature, null, SealCodec.sequence(tbs, SealEncoder.bits(signature)));
    }
    int version = seal.format() == SealFormat.OFDRW_V5 ? 5 : 4;
    byte[] time = SealEncoder.generalizedTime(now);
    byte[] tbs = SealCodec.sequence(SealEncoder.integer(version), seal.encodedNoCopy(), time,
        SealEncoder.bits(documentHash), SealEncoder.ia5(propertyInfo));
    byte[] signature = sign(tbs);
    byte[] token = null;
    byte[] encoded;
    if (timeStampClient == null) {
      encoded = SealCodec.sequence(tbs, SealEncoder.octets(signerCertificateDer), algOidDer,
          SealEncoder.bits(signature));
    } else {
      // GB/T 38540-2020: timeStamp [0] covers the signature value.
      token = timeStampClient.timeStamp(Digests.digest(digest, signature), digest);
      encoded = SealCodec.sequence(tbs, SealEncoder.octets(signerCertificateDer), algOidDer,
          SealEncoder.bits(signature),
          SealEncoder.explicit0(SealEncoder.bits(token)));
    }
    TBSSign toSign = new TBSSign(version, seal, java.util.Arrays.copyOfRange(time, 2,
        time.length), now, documentHash, propertyInfo, null, null, List.of(), tbs);
    return new SESSignature(version == 5 ? SealFormat.OFDRW_V5 : SealFormat.GBT_38540_2020,
        toSign, signerCertificateDer, algOid, signature, token, encoded);
  }

  /**
   * Signs TBS_Sign. For SM2, e = SM3(Z ‖ TBS_Sign) is computed here from the kept state over
   * its shared start and signed with {@link Signer#signDigest}: the seal, most of TBS_Sign, is
   * hashed once per stamper rather than once per stamp. A signer that does not sign digests
   * ({@link Signer#signsDigests()}: a token whose mechanism hashes, a policy-guarded signer)
   * signs TBS_Sign itself.
   */
  private byte[] sign(byte[] tbs) throws UKeyException {
    if (z == null) {
      return signer.sign(tbs);
    }
    int at = SealVerifier.sealOffset(tbs, seal.encodedNoCopy());
    if (at < 0) {
      return signer.sign(tbs);
    }
    int rest = at + seal.encodedNoCopy().length;
    TbsPrefix p = prefix;
    if (p == null || !Arrays.equals(p.header, 0, p.header.length, tbs, 0, at)) {
      ExtendedDigest d = Sm3.newDigest();
      d.update(z, 0, z.length);
      d.update(tbs, 0, rest);
      p = new TbsPrefix(Arrays.copyOf(tbs, at), d);
      prefix = p;
    }
    ExtendedDigest d = (ExtendedDigest) ((Memoable) p.state).copy();
    d.update(tbs, rest, tbs.length - rest);
    byte[] e = new byte[d.getDigestSize()];
    d.doFinal(e, 0);
    return signer.signDigest(e);
  }

  /** SM3 over Z ‖ header ‖ seal; read-only once built, used through copies. */
  private record TbsPrefix(byte[] header, ExtendedDigest state) {}

  /**
   * The seal this stamper uses.
   *
   * @return the seal
   */
  public SESeal seal() {
    return seal;
  }

  /** Builds a {@link Stamper}. Not thread-safe. */
  public static final class Builder {
    private final SESeal seal;
    private final Signer signer;
    private Clock clock = Clock.systemUTC();
    private TimeStampClient timeStampClient;

    private Builder(SESeal seal, Signer signer) {
      this.seal = Objects.requireNonNull(seal, "seal");
      this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * The clock that gives the signing time.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Adds an RFC 3161 time-stamp over each signature value.
     *
     * @param client the time-stamp client
     * @return this
     */
    public Builder timeStampClient(TimeStampClient client) {
      this.timeStampClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Checks the seal and the signer and builds the stamper.
     *
     * @return the stamper
     * @throws StampRefusedException if the signer is not on the seal's list, has no certificate,
     *     or the seal's maker signature does not verify
     * @throws UKeyException if the seal's certificates cannot be read
     */
    public Stamper build() throws UKeyException {
      return new Stamper(this);
    }
  }
}
