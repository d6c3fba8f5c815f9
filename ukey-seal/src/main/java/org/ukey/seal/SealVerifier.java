package org.ukey.seal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.util.Memoable;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.internal.BoundedCache;
import org.ukey.seal.internal.ByteKey;
import org.ukey.seal.internal.CertificateJudge;
import org.ukey.seal.internal.Certificates;
import org.ukey.seal.internal.SignatureValues;
import org.ukey.seal.internal.TimeStamps;
import org.ukey.sm2.Digests;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.pki.CertificateRevocationList;
import org.ukey.sm2.pki.ChainValidator;

/**
 * Verifies seals and seal signatures (验章) exactly as GM/T 0031-2014 §6.1.2 and §6.2.3 (and
 * GB/T 38540-2020 §7, which follows them) describe, and reports every check.
 *
 * <p>For a signature: its format; the signer's signature over {@code TBS_Sign} as received; the
 * signer certificate's chain (to the trust anchors given), its validity and its revocation at
 * the signing time — a certificate revoked after signing is tolerated, before is not (§6.2.3 d);
 * the document's hash; the maker's signature over the seal and the maker certificate; the seal's
 * validity window containing the signing time; the signer certificate on the seal's list; the
 * time-stamp if present (its time then is the signing time); and, when a registry is given, that
 * the seal equals its filed copy (seed 002 §6(4)).
 *
 * <p>The maker's signature over a seal is checked once per verifier and its verdict cached
 * (at most 256 seals, least recently used dropped), keyed by the seal's exact encoded bytes,
 * compared rather than hashed: a hit costs a memory comparison, not an SM3 pass over a seal
 * whose picture can make it 20 KB, and a seal differing in any byte misses. So verifying many
 * signatures under one seal costs one signature check each. The maker's
 * certificate is judged on every use, at that use's time.
 *
 * <p>No exception escapes the {@code verify} methods for bad input: unreadable bytes give a
 * report whose FORMAT check failed with the parse error (field and offset). Only a failure to
 * read the document stream throws ({@link IOException}).
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class SealVerifier {
  private static final int CACHE_SIZE = 256;

  private final CertificateJudge judge;
  private final Clock clock;
  private final Instant assumedSigningTime;
  private final SealRegistry registry;
  /**
   * The maker-signature verdict (and the kept TBS_Sign prefix) per seal, keyed by the seal's
   * exact bytes (the parsed seal's own array, never written, so no copy) with their hash kept by
   * the seal: a lookup is an array comparison. An SM3 key would hold less memory but cost a hash
   * of the whole seal on every hit (157 → 205 µs per verification with a 17 KB seal, measured);
   * 256 entries bound what is held to a few MB.
   */
  private final BoundedCache<ByteKey, SealEntry> sealCache = new BoundedCache<>(CACHE_SIZE);
  /** How many maker signatures were checked rather than found in the cache; for tests. */
  private final AtomicLong makerSignatureChecks = new AtomicLong();
  /** How many TBS_Sign prefixes were hashed rather than reused; for tests. */
  private final AtomicLong tbsPrefixesHashed = new AtomicLong();

  private SealVerifier(Builder b) {
    this.judge = new CertificateJudge(b.validator());
    this.clock = b.clock;
    this.assumedSigningTime = b.assumedSigningTime;
    this.registry = b.registry;
  }

  /**
   * Starts a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a seal on its own, at the clock's time ("is this seal valid now?").
   *
   * @param sealBytes the encoded seal
   * @return the report
   */
  public VerificationReport verifySeal(byte[] sealBytes) {
    VerificationReport.Builder r = new VerificationReport.Builder();
    SESeal seal;
    try {
      seal = SESeal.parse(sealBytes);
    } catch (InvalidEncodingException e) {
      return r.fail(CheckId.FORMAT, e.getMessage()).build();
    }
    return verifySeal(seal);
  }

  /**
   * Verifies a parsed seal on its own, at the clock's time.
   *
   * @param seal the seal
   * @return the report
   */
  public VerificationReport verifySeal(SESeal seal) {
    VerificationReport.Builder r = new VerificationReport.Builder();
    sealFacts(r, seal);
    checkSealFormat(r, seal);
    Instant now = clock.instant();
    r.fact("verifiedAt", now);
    checkSeal(r, seal, sealEntry(seal), now);
    checkSealValidity(r, seal, now, "now");
    checkFiledCopy(r, seal);
    return r.build();
  }

  /**
   * Verifies a signature without its document: every check but the document hash, which is
   * NOT_CHECKED.
   *
   * @param signatureBytes the encoded {@code SES_Signature}
   * @return the report
   */
  public VerificationReport verify(byte[] signatureBytes) {
    try {
      return verify(signatureBytes, null, null);
    } catch (IOException e) {
      throw new IllegalStateException("no stream was read", e);
    }
  }

  /**
   * Verifies a signature and the document it signs, read from a stream (to its end; not
   * closed).
   *
   * @param signatureBytes the encoded {@code SES_Signature}
   * @param document the signed document
   * @return the report
   * @throws IOException if reading the document fails
   */
  public VerificationReport verify(byte[] signatureBytes, InputStream document)
      throws IOException {
    Objects.requireNonNull(document, "document");
    return verify(signatureBytes, document, null);
  }

  /**
   * Verifies a signature against a document hash computed elsewhere (with the signature
   * algorithm's digest: SM3 for SM2).
   *
   * @param signatureBytes the encoded {@code SES_Signature}
   * @param documentHash the document's hash
   * @return the report
   */
  public VerificationReport verifyHash(byte[] signatureBytes, byte[] documentHash) {
    Objects.requireNonNull(documentHash, "documentHash");
    try {
      return verify(signatureBytes, null, documentHash);
    } catch (IOException e) {
      throw new IllegalStateException("no stream was read", e);
    }
  }

  private VerificationReport verify(byte[] signatureBytes, InputStream document, byte[] hash)
      throws IOException {
    VerificationReport.Builder r = new VerificationReport.Builder();
    SESSignature sig;
    try {
      // Over the caller's array, not a copy: the parsed signature does not outlive this call
      // (the report keeps copies and parsed values only).
      sig = SealCodec.parseSignature(signatureBytes);
    } catch (InvalidEncodingException e) {
      return r.fail(CheckId.FORMAT, e.getMessage()).build();
    }
    SESeal seal = sig.seal();
    TBSSign tbs = sig.toSign();
    SealEntry entry = sealEntry(seal);
    sealFacts(r, seal);
    r.fact("signatureFormat", sig.format().standard());
    r.fact("propertyInfo", tbs.propertyInfo());
    checkSealFormat(r, seal);

    // Signer certificate and the signature over TBS_Sign as received (§6.2.3 b).
    X509Certificate signer = null;
    SignatureAlgorithm alg = null;
    try {
      X509Certificate cert = Certificates.parse(sig.signerCertificateNoCopy(),
          "SES_Signature.cert");
      signer = cert;
      r.fact("signer", Certificates.subjectName(cert));
      r.fact("signerSerial", () -> cert.getSerialNumber().toString(16));
      alg = SignatureValues.algorithm(sig.signatureAlgorithmOid());
      byte[] e = entry.tbsDigest(cert, alg, tbs.encodedSource(), tbs.encodedOffset(),
          tbs.encodedLength(), seal.encodedNoCopy());
      if (e != null) {
        SignatureValues.verifyDigest(cert, alg, e, sig.signatureValue());
      } else {
        SignatureValues.verify(cert, alg, tbs.encodedNoCopy(), sig.signatureValue());
      }
      SignatureAlgorithm a = alg;
      r.pass(CheckId.SIGNER_SIGNATURE, () -> a.jcaName() + " signature over TBS_Sign by "
          + Certificates.subjectName(cert) + " verifies");
    } catch (InvalidEncodingException e) {
      r.fail(CheckId.SIGNER_SIGNATURE, "signer certificate unreadable: " + e.getMessage());
    } catch (UnsupportedAlgorithmException e) {
      r.fail(CheckId.SIGNER_SIGNATURE, e.getMessage());
    } catch (SignatureVerificationException e) {
      r.fail(CheckId.SIGNER_SIGNATURE, "the signature over TBS_Sign does not verify with "
          + Certificates.subjectName(signer) + "'s key");
    }

    // The signing time: the time-stamp's when present and valid, else timeInfo.
    Instant signingTime = tbs.signingTime().orElse(null);
    if (sig.timeStamp().isPresent()) {
      TimeStamps.Result ts = TimeStamps.verify(sig.timeStamp().get(), sig.signatureValue(),
          judge);
      if (ts.valid()) {
        r.pass(CheckId.TIMESTAMP, ts.detail());
        signingTime = ts.time();
        r.fact("timeStampTime", ts.time());
      } else {
        r.fail(CheckId.TIMESTAMP, ts.detail());
      }
    } else {
      r.notChecked(CheckId.TIMESTAMP, "the signature carries no time-stamp");
    }
    // Values, not the parsed signature: the report must not hold the caller's array.
    Instant readTime = tbs.signingTime().orElse(null);
    if (readTime != null) {
      r.fact("timeInfo", readTime);
    } else {
      r.fact("timeInfo", "unreadable (" + tbs.timeInfo().length + " bytes)");
    }
    if (signingTime == null && assumedSigningTime != null) {
      signingTime = assumedSigningTime;
      r.fact("signingTimeAssumed", "the signature's time cannot be read; judged at "
          + assumedSigningTime + " as the caller asked");
    }
    r.signingTime(signingTime);
    r.fact("signingTime", signingTime);

    // Signer certificate: chain, validity and revocation at the signing time (§6.2.3 c, d).
    if (signer != null) {
      if (signingTime == null) {
        r.notChecked(CheckId.SIGNER_CERTIFICATE_VALIDITY, "the signing time cannot be read");
        r.notChecked(CheckId.SIGNER_CERTIFICATE_REVOCATION, "the signing time cannot be read");
        r.notChecked(CheckId.SIGNER_CERTIFICATE_CHAIN, "the signing time cannot be read");
      } else {
        judge.judgeSigner(r::add, signer, signingTime);
      }
    } else {
      r.fail(CheckId.SIGNER_CERTIFICATE_VALIDITY, "no readable signer certificate");
    }

    // Document hash (§6.2.3 e).
    if (document != null || hash != null) {
      DigestAlgorithm d = alg != null ? alg.digest() : DigestAlgorithm.SM3;
      byte[] actual = hash != null ? hash : Digests.digest(d, document);
      if (MessageDigest.isEqual(actual, tbs.dataHash())) {
        r.pass(CheckId.DOCUMENT_HASH, () -> d.jcaName() + " of the document equals dataHash");
      } else {
        r.fail(CheckId.DOCUMENT_HASH, "the document's " + d.jcaName() + " "
            + HexFormat.of().formatHex(actual) + " differs from dataHash "
            + HexFormat.of().formatHex(tbs.dataHash()) + ": the document is not the one signed");
      }
    } else {
      r.notChecked(CheckId.DOCUMENT_HASH, "no document given");
    }

    // The seal (§6.2.3 f via §6.1.2) and the certificate list (§6.2.2 c).
    checkSeal(r, seal, entry, signingTime);
    if (signingTime != null) {
      checkSealValidity(r, seal, signingTime, "the signing time");
    } else {
      r.notChecked(CheckId.SEAL_VALIDITY, "the signing time cannot be read");
    }
    if (seal.sealInfo().property().certList().contains(sig.signerCertificateNoCopy())) {
      r.pass(CheckId.SIGNER_IN_CERT_LIST, () -> "the signer certificate is on the seal's list ("
          + listKind(seal) + ")");
    } else {
      r.fail(CheckId.SIGNER_IN_CERT_LIST, "the signer certificate is not on the seal's list ("
          + seal.sealInfo().property().certList().entries().size() + " entries, "
          + listKind(seal) + ")");
    }
    checkFiledCopy(r, seal);
    return r.build();
  }

  private static String listKind(SESeal seal) {
    return seal.sealInfo().property().certList().listType() == SESCertList.TYPE_DIGESTS
        ? "compared by digest" : "compared byte for byte";
  }

  private static void sealFacts(VerificationReport.Builder r, SESeal seal) {
    SESSealInfo info = seal.sealInfo();
    r.fact("format", seal.format().standard());
    r.fact("sealId", info.esId());
    r.fact("sealName", info.property().name());
    r.fact("sealType", () -> info.property().type() + SealKind.fromGbt38540Code(
        info.property().type()).filter(k -> seal.format() != SealFormat.GMT_0031_2014)
        .map(k -> " (" + k.chineseName() + ")").orElse(""));
    r.fact("vendorId", info.header().vendorId());
    r.fact("headerVersion", info.header().version());
    r.fact("sealCreated", info.property().createDate());
    r.fact("sealValidFrom", info.property().validStart());
    r.fact("sealValidTo", info.property().validEnd());
    r.fact("maker", () -> {
      try {
        return Certificates.subjectName(Certificates.parse(seal.makerCertificateNoCopy(),
            "SESeal.cert"));
      } catch (InvalidEncodingException e) {
        return "unreadable certificate";
      }
    });
  }

  private static void checkSealFormat(VerificationReport.Builder r, SESeal seal) {
    SESHeader h = seal.sealInfo().header();
    if (!SESHeader.ID.equals(h.id())) {
      r.fail(CheckId.FORMAT, "seal header ID is '" + h.id() + "', not \"ES\"");
    } else {
      r.pass(CheckId.FORMAT, () -> seal.format().standard() + " seal, header version "
          + h.version());
    }
  }

  /**
   * The maker's signature over the seal, cached per seal (keyed by the SM3 of its bytes), and
   * the maker's certificate judged at {@code t}: the time the seal is used (the signing time),
   * or now for a seal on its own. (Real production seals have a createDate before their maker
   * certificate's notBefore — re-signed seals keep their date — so the creation date is not the
   * time to judge it at.)
   */
  private void checkSeal(VerificationReport.Builder r, SESeal seal, SealEntry entry, Instant t) {
    r.addAll(entry.makerChecks);
    try {
      X509Certificate maker = Certificates.parse(seal.makerCertificateNoCopy(), "SESeal.cert");
      if (t == null) {
        r.notChecked(CheckId.SEAL_MAKER_CERTIFICATE, "the signing time cannot be read");
      } else {
        judge.judgeMaker(r::add, maker, t);
      }
    } catch (InvalidEncodingException e) {
      r.fail(CheckId.SEAL_MAKER_CERTIFICATE, "maker certificate unreadable: " + e.getMessage());
    }
  }

  /** This verifier's entry for a seal: its maker-signature verdict, checked on first sight. */
  private SealEntry sealEntry(SESeal seal) {
    ByteKey key = sealCacheKey(seal);
    SealEntry cached = sealCache.peek(key);
    if (cached != null) {
      return cached;
    }
    makerSignatureChecks.incrementAndGet();
    VerificationReport.Builder r = new VerificationReport.Builder();
    try {
      X509Certificate maker = Certificates.parse(seal.makerCertificateNoCopy(), "SESeal.cert");
      SignatureAlgorithm alg = SignatureValues.algorithm(seal.signatureAlgorithmOid());
      try {
        SignatureValues.verify(maker, alg, seal.makerSignedData(),
            seal.signatureValue());
        r.pass(CheckId.SEAL_MAKER_SIGNATURE, alg.jcaName() + " signature by "
            + Certificates.subjectName(maker) + " over "
            + (seal.format() == SealFormat.GMT_0031_2014
                ? "SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}" : "SES_SealInfo")
            + " verifies");
      } catch (SignatureVerificationException e) {
        r.fail(CheckId.SEAL_MAKER_SIGNATURE, "the maker's signature over the seal does not"
            + " verify with " + Certificates.subjectName(maker) + "'s key");
      }
    } catch (InvalidEncodingException e) {
      r.fail(CheckId.SEAL_MAKER_SIGNATURE, "maker certificate unreadable: " + e.getMessage());
    } catch (UnsupportedAlgorithmException e) {
      r.fail(CheckId.SEAL_MAKER_SIGNATURE, e.getMessage());
    }
    SealEntry entry = new SealEntry(r.build().checks(), tbsPrefixesHashed);
    sealCache.put(key, entry);
    return entry;
  }

  /**
   * What a verifier keeps per seal: the maker's verdict, and for the signer last seen under
   * it, SM3 having absorbed Z ‖ TBS_Sign up to the end of the seal (the outer header, version
   * and the seal are the same in every signature one signer makes with one seal, and the seal
   * is most of TBS_Sign). A signature then costs the hash of its own few fields. The state is
   * reused only when the header bytes, the seal bytes (this entry's key) and the signer's
   * certificate and algorithm are equal to those it was computed over; it is never written
   * after it is published, and every use works on a copy.
   */
  private static final class SealEntry {
    final List<VerificationReport.Check> makerChecks;
    private final AtomicLong prefixesHashed;
    private volatile TbsPrefix prefix;
    /** Whether a signature under this seal was seen: the first is verified over its bytes. */
    private volatile boolean signatureSeen;

    SealEntry(List<VerificationReport.Check> makerChecks, AtomicLong prefixesHashed) {
      this.makerChecks = makerChecks;
      this.prefixesHashed = prefixesHashed;
    }

    /**
     * e = SM3(Z ‖ TBS_Sign) for an SM2 signer, from the kept prefix when it applies; null when
     * the signature is not SM2, TBS_Sign does not start with a version and this seal, or this
     * is the first signature under the seal (the caller then verifies over the bytes).
     */
    byte[] tbsDigest(X509Certificate signer, SignatureAlgorithm alg, byte[] src, int off,
        int len, byte[] sealBytes) {
      if (alg.keyType() != KeyType.SM2 || alg.sm2UserId().isEmpty()
          || !(signer.getPublicKey() instanceof ECPublicKey)) {
        return null;
      }
      int at = sealOffset(src, off, len, sealBytes);
      if (at < 0) {
        return null;
      }
      TbsPrefix p = prefix;
      if (p == null && !signatureSeen) {
        // A seal met once (a new verifier, a one-off check) gains nothing from a kept prefix:
        // its Z would be computed twice. The second signature builds it.
        signatureSeen = true;
        return null;
      }
      if (p == null || !p.alg.equals(alg) || !Arrays.equals(p.header, 0, p.header.length, src,
          off, off + at) || !p.signer.equals(signer)) {
        byte[] z;
        try {
          z = Sm2.z(alg.sm2UserId().get(), (ECPublicKey) signer.getPublicKey());
        } catch (RuntimeException e) {
          return null; // not an SM2 point: the verifier over the bytes says why
        }
        ExtendedDigest d = Sm3.newDigest();
        d.update(z, 0, z.length);
        d.update(src, off, at + sealBytes.length);
        p = new TbsPrefix(signer, alg, Arrays.copyOfRange(src, off, off + at), d);
        prefix = p;
        prefixesHashed.incrementAndGet();
      }
      ExtendedDigest d = (ExtendedDigest) ((Memoable) p.state).copy();
      int rest = at + sealBytes.length;
      d.update(src, off + rest, len - rest);
      byte[] e = new byte[d.getDigestSize()];
      d.doFinal(e, 0);
      return e;
    }
  }

  /** The SM3 state over Z ‖ header ‖ seal for one signer; read-only once built. */
  private record TbsPrefix(X509Certificate signer, SignatureAlgorithm alg, byte[] header,
      ExtendedDigest state) {}

  /**
   * Where the seal starts in a TBS_Sign: after the outer SEQUENCE header and the version
   * INTEGER (GM/T 0031-2014 §5.2.2, GB/T 38540-2020 §6.2); -1 unless exactly the seal's bytes
   * are found there.
   */
  static int sealOffset(byte[] tbs, byte[] seal) {
    return sealOffset(tbs, 0, tbs.length, seal);
  }

  /** {@link #sealOffset(byte[], byte[])} for a TBS_Sign at {@code src[off, off + len)}. */
  static int sealOffset(byte[] src, int off, int len, byte[] seal) {
    if (len < 2 || src[off] != 0x30) {
      return -1;
    }
    int first = src[off + 1] & 0xff;
    int at = first < 0x80 ? 2 : 2 + (first & 0x7f);
    if (at + 2 > len || src[off + at] != 0x02 || (src[off + at + 1] & 0x80) != 0) {
      return -1;
    }
    at += 2 + src[off + at + 1];
    if (at + seal.length > len
        || !Arrays.equals(src, off + at, off + at + seal.length, seal, 0, seal.length)) {
      return -1;
    }
    return at;
  }

  /**
   * The key of a seal's cached maker-signature verdict: the seal's exact bytes.
   *
   * @param seal the seal
   * @return its key, made once per parsed seal
   */
  static ByteKey sealCacheKey(SESeal seal) {
    return seal.cacheKey();
  }

  /**
   * How many maker signatures this verifier has checked, not counting verdicts reused from its
   * cache.
   *
   * @return the count
   */
  long makerSignatureChecks() {
    return makerSignatureChecks.get();
  }

  /**
   * How many times this verifier hashed the shared start of TBS_Sign (Z, header, seal) rather
   * than reusing it.
   *
   * @return the count
   */
  long tbsPrefixesHashed() {
    return tbsPrefixesHashed.get();
  }

  private static void checkSealValidity(VerificationReport.Builder r, SESeal seal, Instant t,
      String which) {
    SESPropertyInfo p = seal.sealInfo().property();
    if (p.isValidAt(t)) {
      r.pass(CheckId.SEAL_VALIDITY, () -> which + " " + t + " is inside the seal's validity "
          + p.validStart() + " to " + p.validEnd());
    } else {
      r.fail(CheckId.SEAL_VALIDITY, which + " " + t + " is outside the seal's validity "
          + p.validStart() + " to " + p.validEnd());
    }
  }

  private void checkFiledCopy(VerificationReport.Builder r, SESeal seal) {
    if (registry == null) {
      return;
    }
    try {
      Optional<FiledSeal> filed = registry.find(seal.sealInfo().esId());
      if (filed.isEmpty()) {
        r.fail(CheckId.FILED_COPY, "seal " + seal.sealInfo().esId() + " is not filed");
      } else if (filed.get().state() != FiledSeal.State.FILED) {
        r.fail(CheckId.FILED_COPY, "the filed seal " + seal.sealInfo().esId() + " is "
            + filed.get().state().name().toLowerCase(java.util.Locale.ROOT));
      } else if (!MessageDigest.isEqual(filed.get().sealBytes(), seal.encodedNoCopy())) {
        r.fail(CheckId.FILED_COPY, "the seal differs from the copy filed for "
            + describe(filed.get().party()) + " on " + filed.get().filingDate());
      } else {
        r.pass(CheckId.FILED_COPY, "equals the copy filed for " + describe(filed.get().party())
            + " on " + filed.get().filingDate());
      }
    } catch (UKeyException e) {
      r.fail(CheckId.FILED_COPY, "the registry cannot be read: " + e.getMessage());
    }
  }

  /** A party as people read it: {@code 新蔡县财政局 (finance-bureau)}, as the CLI's --role. */
  private static String describe(Party p) {
    return p.name() + " (" + p.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + ")";
  }

  /** Builds a {@link SealVerifier}. Not thread-safe. */
  public static final class Builder {
    private final List<X509Certificate> trustAnchors = new ArrayList<>();
    private final List<CertificateRevocationList> crls = new ArrayList<>();
    private ChainValidator chainValidator;
    private Clock clock = Clock.systemUTC();
    private Instant assumedSigningTime;
    private SealRegistry registry;

    private Builder() {}

    /**
     * The signing time to judge at when a signature's own time cannot be read (some GM/T 0031
     * producers put unreadable bytes in {@code timeInfo}); without it such a signature's time
     * checks are NOT_CHECKED and it is not valid.
     *
     * @param t the time to assume
     * @return this
     */
    public Builder assumedSigningTime(Instant t) {
      this.assumedSigningTime = Objects.requireNonNull(t, "t");
      return this;
    }

    /**
     * Adds trust anchors (root CA certificates) for the signer, maker and TSA certificates.
     * Without any (and without a {@link #chainValidator(ChainValidator)}), certificate chains
     * are NOT_CHECKED.
     *
     * @param anchors the anchors
     * @return this
     */
    public Builder trustAnchors(List<X509Certificate> anchors) {
      trustAnchors.addAll(anchors);
      return this;
    }

    /**
     * Adds CRLs for revocation checks along the chains to the trust anchors. Without a CRL for
     * an issuer, revocation is NOT_CHECKED. A CRL must be current at the clock's now.
     *
     * @param list the CRLs
     * @return this
     */
    public Builder crls(List<CertificateRevocationList> list) {
      crls.addAll(list);
      return this;
    }

    /**
     * Uses a configured chain validator (trust anchors, CRLs, their clock) instead of
     * {@link #trustAnchors(List)} and {@link #crls(List)}.
     *
     * @param v the validator
     * @return this
     */
    public Builder chainValidator(ChainValidator v) {
      this.chainValidator = Objects.requireNonNull(v, "validator");
      return this;
    }

    ChainValidator validator() {
      if (chainValidator != null) {
        if (!trustAnchors.isEmpty() || !crls.isEmpty()) {
          throw new IllegalStateException("give either a chain validator or trust anchors and"
              + " CRLs, not both");
        }
        return chainValidator;
      }
      if (trustAnchors.isEmpty()) {
        if (!crls.isEmpty()) {
          throw new IllegalStateException("CRLs are checked along chains: give trust anchors");
        }
        return null;
      }
      return ChainValidator.builder().trustAnchors(trustAnchors).crls(crls).clock(clock).build();
    }

    /**
     * The clock for "now" when a seal is verified on its own (signatures are judged at their
     * signing time).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Requires every seal to equal the copy filed in this registry (seed 002 §6(4)).
     *
     * @param r the registry
     * @return this
     */
    public Builder registry(SealRegistry r) {
      this.registry = Objects.requireNonNull(r, "registry");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public SealVerifier build() {
      return new SealVerifier(this);
    }
  }
}
