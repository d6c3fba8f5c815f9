package org.ukey.sm2.cms;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.crypto.Digest;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.internal.DerReader;
import org.ukey.sm2.internal.DigestEngines;
import org.ukey.sm2.internal.Streams;
import org.ukey.sm2.pki.CertificatePath;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.ChainValidator;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * Verifies CMS SignedData (RFC 5652 and GM/T 0010 / GB/T 35275, either set of OIDs; BER or
 * DER), attached or detached, made by the SDK, OpenSSL, BouncyCastle or GM/T 0010 producers.
 *
 * <pre>{@code
 * VerifiedSignedData v = CmsVerifier.builder()
 *     .chainValidator(ChainValidator.builder().trustAnchors(roots).build())  // optional
 *     .build()
 *     .verify(p7, detachedContent);
 * }</pre>
 *
 * <p>Every SignerInfo must verify: the signer's certificate is found in the SignedData by issuer
 * and serial (or subject key identifier); with signed attributes, the contentType attribute must
 * equal the encapsulated content type and the messageDigest attribute the content's digest, and
 * the signature is over the DER SET OF attributes; without, over the content. SM2 signatures use
 * the default user ID unless {@link Builder#sm2UserId(byte[])} says otherwise. The digest
 * algorithm must be the signature algorithm's.
 *
 * <p>Without a {@link ChainValidator} this proves only that the holder of each certificate's
 * key signed; whether to trust the certificate is then the caller's decision. With one, each
 * signer's certificate is validated at the clock's instant, or at its signingTime when
 * {@link Builder#validateAtSigningTime()} says so.
 *
 * <p>Errors: {@link InvalidEncodingException} for a malformed structure (truncated, trailing
 * data); {@link SignatureVerificationException} for a signature, digest or content type that
 * does not match; {@link org.ukey.sm2.pki.CertificatePathException} for an untrusted, expired or
 * revoked signer.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class CmsVerifier {
  private final ChainValidator validator;
  private final Clock clock;
  private final boolean atSigningTime;
  private final byte[] sm2UserId;

  private CmsVerifier(Builder b) {
    this.validator = b.validator;
    this.clock = b.clock;
    this.atSigningTime = b.atSigningTime;
    this.sm2UserId = b.sm2UserId;
  }

  /**
   * Starts a verifier.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a SignedData that carries its content.
   *
   * @param signedData the DER/BER {@code ContentInfo}
   * @return what verified
   * @throws UKeyException as described in the class documentation; also if it is detached
   */
  public VerifiedSignedData verify(byte[] signedData) throws UKeyException {
    Parsed p = parse(signedData);
    if (p.content == null) {
      throw new SignatureVerificationException("the SignedData is detached: give the content");
    }
    try {
      return verify(p, new ByteArrayInputStream(p.content), p.content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Verifies a detached SignedData over content held in memory.
   *
   * @param signedData the DER/BER {@code ContentInfo}
   * @param content the signed content
   * @return what verified
   * @throws UKeyException as described in the class documentation; also if the SignedData
   *     carries other content
   */
  public VerifiedSignedData verify(byte[] signedData, byte[] content) throws UKeyException {
    Objects.requireNonNull(content, "content");
    Parsed p = parse(signedData);
    requireDetachedOrSame(p, content);
    try {
      return verify(p, new ByteArrayInputStream(content), content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Verifies a detached SignedData over a stream, in constant memory. Reads to the end; does
   * not close the stream.
   *
   * @param signedData the DER/BER {@code ContentInfo}
   * @param content the signed content
   * @return what verified
   * @throws IOException if reading fails
   * @throws UKeyException as described in the class documentation
   */
  public VerifiedSignedData verify(byte[] signedData, InputStream content)
      throws IOException, UKeyException {
    Objects.requireNonNull(content, "content");
    Parsed p = parse(signedData);
    if (p.content != null) {
      throw new SignatureVerificationException("the SignedData carries its content; a"
          + " separate content stream is not what was signed");
    }
    return verify(p, content, null);
  }

  private static void requireDetachedOrSame(Parsed p, byte[] content)
      throws SignatureVerificationException {
    if (p.content != null && !Arrays.equals(p.content, content)) {
      throw new SignatureVerificationException("the SignedData carries content that differs"
          + " from the content given");
    }
  }

  /** The parts of a SignedData that verification needs. */
  private static final class Parsed {
    SignedData signedData;
    boolean gm;
    String contentType;
    byte[] content;
    List<Certificate> certificates = new ArrayList<>();
  }

  private static Parsed parse(byte[] der) throws InvalidEncodingException {
    Objects.requireNonNull(der, "signedData");
    int declared = DerReader.definiteLength(der);
    if (declared >= 0 && declared < der.length) {
      throw new InvalidEncodingException("ContentInfo", declared,
          (der.length - declared) + " bytes of trailing data after the SignedData");
    }
    if (declared > der.length) {
      throw new InvalidEncodingException("ContentInfo", 0, "truncated: the outer length says "
          + declared + " bytes, " + der.length + " are present");
    }
    ASN1Primitive top;
    try (ASN1InputStream in = new ASN1InputStream(der)) {
      top = in.readObject();
      if (top == null) {
        throw new InvalidEncodingException("ContentInfo", 0, "empty input");
      }
      if (in.available() > 0 || in.readObject() != null) {
        throw new InvalidEncodingException("ContentInfo", -1,
            "trailing data after the SignedData");
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("ContentInfo", -1,
          "not a well-formed BER/DER structure (truncated or corrupt): " + e.getMessage(), e);
    }
    Parsed p = new Parsed();
    try {
      ContentInfo ci = ContentInfo.getInstance(top);
      String type = ci.getContentType().getId();
      if (type.equals(CmsProfile.GM_T_0010.signedDataOid())) {
        p.gm = true;
      } else if (!type.equals(CmsProfile.RFC_5652.signedDataOid())) {
        throw new InvalidEncodingException("ContentInfo.contentType", -1,
            "not signedData (1.2.840.113549.1.7.2 or 1.2.156.10197.6.1.4.2.2): " + type);
      }
      p.signedData = SignedData.getInstance(ci.getContent());
      ContentInfo encap = p.signedData.getEncapContentInfo();
      p.contentType = encap.getContentType().getId();
      if (encap.getContent() != null) {
        p.content = ASN1OctetString.getInstance(encap.getContent()).getOctets();
      }
      ASN1Set certs = p.signedData.getCertificates();
      if (certs != null) {
        for (ASN1Encodable c : certs) {
          if (c.toASN1Primitive() instanceof org.bouncycastle.asn1.ASN1Sequence) {
            p.certificates.add(Certificate.getInstance(c));
          }
        }
      }
      if (p.signedData.getSignerInfos().size() == 0) {
        throw new InvalidEncodingException("SignedData.signerInfos", -1, "no signer");
      }
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("SignedData", -1, "malformed: " + e.getMessage(), e);
    }
    return p;
  }

  private VerifiedSignedData verify(Parsed p, InputStream content, byte[] contentBytes)
      throws IOException, UKeyException {
    List<SignerInfo> infos = new ArrayList<>();
    for (ASN1Encodable e : p.signedData.getSignerInfos()) {
      infos.add(SignerInfo.getInstance(e));
    }
    boolean anyWithoutAttributes = infos.stream()
        .anyMatch(si -> si.getAuthenticatedAttributes() == null);
    Map<DigestAlgorithm, byte[]> digests = new EnumMap<>(DigestAlgorithm.class);
    Verifier streamed = null;
    byte[] streamedSignature = null;
    if (anyWithoutAttributes && contentBytes == null) {
      if (infos.size() != 1) {
        throw new UnsupportedAlgorithmException("a streamed detached SignedData with several"
            + " signers must use signed attributes; give the content as bytes");
      }
      SignerInfo si = infos.get(0);
      X509Certificate cert = signerCertificate(p, si.getSID());
      streamed = SoftVerifiers.create(cert.getPublicKey(), algorithm(si));
      streamedSignature = normalizedSignature(algorithm(si), si.getEncryptedDigest().getOctets());
      streamed.verify(content, streamedSignature);
    } else {
      digestAll(infos, content, digests);
    }
    List<CmsSignerInfo> verified = new ArrayList<>();
    for (int i = 0; i < infos.size(); i++) {
      SignerInfo si = infos.get(i);
      X509Certificate cert = signerCertificate(p, si.getSID());
      SignatureAlgorithm alg = algorithm(si);
      byte[] signature = normalizedSignature(alg, si.getEncryptedDigest().getOctets());
      Instant signingTime = null;
      ASN1Set attrs = si.getAuthenticatedAttributes();
      String who = "signer " + (i + 1) + " ("
          + DistinguishedNames.format(cert.getSubjectX500Principal()) + ")";
      if (attrs != null) {
        AttributeTable table = new AttributeTable(attrs);
        checkSingle(table, CMSAttributes.contentType, who);
        checkSingle(table, CMSAttributes.messageDigest, who);
        ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(
            table.get(CMSAttributes.contentType).getAttrValues().getObjectAt(0));
        if (!type.getId().equals(p.contentType)) {
          throw new SignatureVerificationException(who + ": contentType attribute " + type
              + " differs from the encapsulated content type " + p.contentType);
        }
        byte[] md = ASN1OctetString.getInstance(table.get(CMSAttributes.messageDigest)
            .getAttrValues().getObjectAt(0)).getOctets();
        if (!MessageDigest.isEqual(md, digests.get(alg.digest()))) {
          throw new SignatureVerificationException(who + ": messageDigest does not match the"
              + " content (the content was changed, or is not the signed one)");
        }
        Attribute st = table.get(CMSAttributes.signingTime);
        if (st != null) {
          signingTime = Time.getInstance(st.getAttrValues().getObjectAt(0)).getDate()
              .toInstant();
        }
        byte[] signed = attrs.getEncoded(ASN1Encoding.DER);
        try {
          SoftVerifiers.verify(cert.getPublicKey(), alg, signed, signature);
        } catch (SignatureVerificationException e) {
          throw new SignatureVerificationException(who + ": " + e.getMessage(), e);
        }
      } else if (streamed == null) {
        try {
          SoftVerifiers.verify(cert.getPublicKey(), alg, contentBytes, signature);
        } catch (SignatureVerificationException e) {
          throw new SignatureVerificationException(who + ": " + e.getMessage(), e);
        }
      }
      CertificatePath path = null;
      if (validator != null) {
        Instant at = atSigningTime && signingTime != null ? signingTime : clock.instant();
        path = validator.validate(cert, others(p, cert), at);
      }
      verified.add(new CmsSignerInfo(cert, alg, signingTime, path));
    }
    return new VerifiedSignedData(p.contentType, p.content, verified, p.gm);
  }

  /**
   * GM/T 0010 producers (the tongzhiweiye/CEGN seal system among them) put a raw 64-byte
   * r ‖ s in SM2 SignerInfos instead of DER {@code SM2Signature} (GM/T 0009 §7.3); such a value
   * is converted to DER once, here, and verified like any other. A 64-byte value that is itself
   * strict DER is left alone.
   */
  private static byte[] normalizedSignature(SignatureAlgorithm alg, byte[] signature)
      throws SignatureVerificationException {
    if (alg.keyType() != org.ukey.api.KeyType.SM2 || signature.length != 64) {
      return signature;
    }
    try {
      SignatureCodec.decodeDer(signature, Sm2.order());
      return signature;
    } catch (InvalidEncodingException notDer) {
      try {
        return SignatureCodec.rawToDer(signature, Sm2.order());
      } catch (InvalidEncodingException e) {
        throw new SignatureVerificationException("SM2 signature is neither DER nor r ‖ s", e);
      }
    }
  }

  private static void checkSingle(AttributeTable table, ASN1ObjectIdentifier oid, String who)
      throws SignatureVerificationException {
    if (table.getAll(oid).size() != 1 || table.get(oid).getAttrValues().size() != 1) {
      throw new SignatureVerificationException(who + ": signed attributes must hold exactly one "
          + (oid.equals(CMSAttributes.contentType) ? "contentType" : "messageDigest")
          + " (RFC 5652 §5.3)");
    }
  }

  private SignatureAlgorithm algorithm(SignerInfo si) throws UnsupportedAlgorithmException {
    DigestAlgorithm d = CmsAlgorithms.digest(si.getDigestAlgorithm());
    SignatureAlgorithm alg = CmsAlgorithms.signature(d, si.getDigestEncryptionAlgorithm());
    return sm2UserId != null && alg.keyType() == org.ukey.api.KeyType.SM2
        ? alg.withSm2UserId(sm2UserId) : alg;
  }

  private static void digestAll(List<SignerInfo> infos, InputStream content,
      Map<DigestAlgorithm, byte[]> out) throws IOException, UKeyException {
    Map<DigestAlgorithm, Digest> running = new EnumMap<>(DigestAlgorithm.class);
    for (SignerInfo si : infos) {
      DigestAlgorithm d = CmsAlgorithms.digest(si.getDigestAlgorithm());
      running.computeIfAbsent(d, DigestEngines::create);
    }
    Streams.pump(content, (buf, off, n) -> {
      for (Digest d : running.values()) {
        d.update(buf, off, n);
      }
    });
    for (Map.Entry<DigestAlgorithm, Digest> e : running.entrySet()) {
      byte[] r = new byte[e.getValue().getDigestSize()];
      e.getValue().doFinal(r, 0);
      out.put(e.getKey(), r);
    }
  }

  private static X509Certificate signerCertificate(Parsed p, SignerIdentifier sid)
      throws UKeyException {
    ASN1Encodable id = sid.getId();
    for (Certificate c : p.certificates) {
      boolean match;
      if (id instanceof ASN1OctetString) {
        Extension ski = c.getTBSCertificate().getExtensions() == null ? null
            : c.getTBSCertificate().getExtensions().getExtension(Extension.subjectKeyIdentifier);
        match = ski != null && Arrays.equals(SubjectKeyIdentifier.getInstance(
            ski.getParsedValue()).getKeyIdentifier(), ((ASN1OctetString) id).getOctets());
      } else {
        IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(id);
        match = X500Name.getInstance(c.getIssuer()).equals(X500Name.getInstance(ias.getName()))
            && c.getSerialNumber().getValue().equals(ias.getSerialNumber().getValue());
      }
      if (match) {
        try {
          return Certificates.parse(c.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
          throw new InvalidEncodingException("SignedData.certificates", -1,
              "unreadable signer certificate", e);
        }
      }
    }
    throw new SignatureVerificationException("the signer's certificate is not in the"
        + " SignedData");
  }

  private static List<X509Certificate> others(Parsed p, X509Certificate signer)
      throws UKeyException {
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : p.certificates) {
      try {
        X509Certificate x = Certificates.parse(c.getEncoded(ASN1Encoding.DER));
        if (!x.equals(signer)) {
          out.add(x);
        }
      } catch (IOException e) {
        throw new InvalidEncodingException("SignedData.certificates", -1,
            "unreadable certificate", e);
      }
    }
    return out;
  }

  /**
   * Configures a {@link CmsVerifier}.
   *
   * <p><b>Thread-safety:</b> not thread-safe.
   */
  public static final class Builder {
    private ChainValidator validator;
    private Clock clock = Clock.systemUTC();
    private boolean atSigningTime;
    private byte[] sm2UserId;

    private Builder() {}

    /**
     * Verifies SM2 signers with another user ID than the default {@code 1234567812345678}
     * (GM/T 0009-2012 §10). OpenSSL 3.0's {@code cms} command signs and verifies SM2 with an
     * empty ID; pass an empty array to read its SignedData.
     *
     * @param userId the ID, shorter than 8192 bytes; copied
     * @return this
     */
    public Builder sm2UserId(byte[] userId) {
      this.sm2UserId = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(userId).sm2UserId()
          .orElseThrow();
      return this;
    }

    /**
     * Validates each signer's certificate with this validator (trust anchors, CRLs).
     *
     * @param v the validator
     * @return this
     */
    public Builder chainValidator(ChainValidator v) {
      this.validator = Objects.requireNonNull(v, "validator");
      return this;
    }

    /**
     * Sets the clock for the validation instant (default: the system clock).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Validates certificates at each signer's signingTime attribute instead of now. The
     * signing time is the signer's claim; use this only where that claim is accepted.
     *
     * @return this
     */
    public Builder validateAtSigningTime() {
      this.atSigningTime = true;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public CmsVerifier build() {
      return new CmsVerifier(this);
    }
  }
}
