package org.ukey.policy;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.PolicyViolationException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.cms.CmsOperators;

/**
 * Multi-step signing of a payment voucher (seed 002 §9: "业务人员在办理完成自身岗位规定业务将电子
 * 凭证提交下一岗时，系统自动校验业务人员权限，校验无误后自动进行电子签名（签章）"): entry (制单) →
 * accounting (核算) → approval (审核/审批), each step signed with its own key after the guard has
 * checked the post, no person signing two steps (seed 000 §7.1).
 *
 * <p>The container is CMS SignedData (RFC 5652) with the voucher encapsulated. The first step is
 * the SignerInfo; each later step is a countersignature (RFC 5652 §11.4) on the previous step's
 * SignerInfo, so it signs the previous signature and the order is fixed cryptographically: step
 * {@code n} is the signature at depth {@code n - 1}. Each SignerInfo carries a signing-time
 * signed attribute from the flow's clock; with a certificate, the signer is identified by issuer
 * and serial and the certificate is included, without one by subject key identifier = SM3 of the
 * SubjectPublicKeyInfo. Any CMS reader can verify each signature; {@link #verify} also checks the
 * chain against the ledger: every step present and in order, each by a key of that step's post
 * held by a different person at its signing time.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class VoucherFlow {
  /**
   * One step of a voucher's flow.
   *
   * @param name a short name, such as {@code "accounting"}
   * @param role the post whose key signs it
   * @param operation the operation the guard checks and audits
   */
  public record Step(String name, Role role, Operation operation) {
    /** Entry (制单, the 出纳's data entry): seed 002 §9, seed 000 ch.2 table. */
    public static final Step ENTRY = new Step("entry", Role.ENTRY, Operation.VOUCHER_ENTRY);
    /** Accounting (核算, 会计): seed 002 §9, seed 000 ch.2 table. */
    public static final Step ACCOUNTING = new Step("accounting", Role.ACCOUNTING,
        Operation.VOUCHER_ACCOUNTING);
    /** Approval (审核/审批, 镇长): seed 002 §9, seed 000 ch.2 table. */
    public static final Step APPROVAL = new Step("approval", Role.APPROVAL,
        Operation.VOUCHER_APPROVAL);

    /**
     * Validates.
     *
     * @param name the name
     * @param role the post
     * @param operation the operation
     */
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(operation, "operation");
    }
  }

  /**
   * One verified step.
   *
   * @param step the step
   * @param keyNo the ledger key that signed it
   * @param person who held that key when it signed
   * @param signingTime the signed signing time
   */
  public record SignedStep(Step step, KeyNumber keyNo, PersonId person, Instant signingTime) {}

  /**
   * A verified voucher.
   *
   * @param content the voucher
   * @param steps the steps signed so far, in order
   * @param complete whether every step is signed
   */
  public record Verified(byte[] content, List<SignedStep> steps, boolean complete) {
    /**
     * Copies.
     *
     * @param content the voucher
     * @param steps the steps
     * @param complete whether complete
     */
    public Verified {
      content = content.clone();
      steps = List.copyOf(steps);
    }

    /** @return a fresh copy of the voucher */
    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  private final KeyLedger ledger;
  private final Clock clock;
  private final List<Step> steps;

  private VoucherFlow(KeyLedger ledger, Clock clock, List<Step> steps) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.steps = List.copyOf(steps);
    if (this.steps.isEmpty()) {
      throw new IllegalArgumentException("a flow has at least one step");
    }
  }

  /**
   * The flow of seed 002 §9: entry → accounting → approval.
   *
   * @param ledger the ledger signers are checked against
   * @param clock the time source for signing times
   * @return the flow
   */
  public static VoucherFlow seed002(KeyLedger ledger, Clock clock) {
    return new VoucherFlow(ledger, clock, List.of(Step.ENTRY, Step.ACCOUNTING, Step.APPROVAL));
  }

  /**
   * A host's own flow.
   *
   * @param ledger the ledger
   * @param clock the time source
   * @param steps the steps in order
   * @return the flow
   */
  public static VoucherFlow of(KeyLedger ledger, Clock clock, List<Step> steps) {
    return new VoucherFlow(ledger, clock, steps);
  }

  /**
   * The steps.
   *
   * @return an immutable list
   */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Signs the first step over a new voucher.
   *
   * @param voucher the voucher's bytes; not empty or blank (seed 000 §22.4)
   * @param session the first step's holder's guarded session
   * @param key the signing key
   * @param algorithm the algorithm
   * @return the CMS SignedData, DER
   * @throws PolicyViolationException if refused
   * @throws UKeyException if signing fails
   */
  public byte[] start(byte[] voucher, GuardedSession session, TokenKey key,
      SignatureAlgorithm algorithm) throws UKeyException {
    Step step = steps.get(0);
    if (GuardedSession.blank(voucher)) {
      throw session.refuse(step.operation(), Sm3.digest(voucher),
          SeedRules.GUARD_BLANK_DOCUMENT.violation("the voucher is empty or blank"));
    }
    checkRole(session, key, step);
    Signer signer = session.signer(key, algorithm, step.operation());
    try {
      CMSSignedDataGenerator g = new CMSSignedDataGenerator();
      g.addSignerInfoGenerator(generator(signer));
      certificate(signer).ifPresent(c -> {
        try {
          g.addCertificate(c);
        } catch (CMSException e) {
          throw new IllegalStateException(e);
        }
      });
      return g.generate(new CMSProcessableByteArray(voucher), true).getEncoded();
    } catch (CMSException | IOException e) {
      throw new UKeyException("cannot build the voucher CMS", e);
    } catch (RuntimeOperatorException e) {
      throw unwrap(e);
    }
  }

  /**
   * Signs the next step. The container is verified first; the step must be the next one, the
   * key must be of the step's post, and the signer must not have signed an earlier step.
   *
   * @param cms the container so far
   * @param step the step being signed
   * @param session the step's holder's guarded session
   * @param key the signing key
   * @param algorithm the algorithm
   * @return the container with the new step
   * @throws PolicyViolationException if a step is skipped or repeated, the post is wrong or the
   *     person already signed
   * @throws SignatureVerificationException if the container does not verify
   * @throws UKeyException if signing fails
   */
  public byte[] sign(byte[] cms, Step step, GuardedSession session, TokenKey key,
      SignatureAlgorithm algorithm) throws UKeyException {
    Verified so = verify(cms);
    int next = so.steps().size();
    if (so.complete() || !step.equals(steps.get(next))) {
      int wanted = steps.indexOf(step);
      String why = wanted < 0 ? "step '" + step.name() + "' is not in this flow"
          : wanted < next ? "step '" + step.name() + "' is already signed"
          : so.complete() ? "the voucher is complete"
          : "step '" + step.name() + "' may not skip step '" + steps.get(next).name() + "'";
      throw session.refuse(step.operation(), null, SeedRules.VOUCHER_ORDER.violation(why));
    }
    checkRole(session, key, step);
    for (SignedStep s : so.steps()) {
      if (s.person().equals(session.person())) {
        throw session.refuse(step.operation(), null, SeedRules.VOUCHER_SAME_PERSON.violation(
            session.person() + " already signed step '" + s.step().name() + "'"));
      }
    }
    Signer signer = session.signer(key, algorithm, step.operation());
    try {
      CMSSignedData sd = new CMSSignedData(cms);
      SignerInformation top = sd.getSignerInfos().getSigners().iterator().next();
      SignerInformation extended = countersignAt(top, next - 1, generator(signer));
      CMSSignedData out = CMSSignedData.replaceSigners(sd,
          new SignerInformationStore(extended));
      List<X509CertificateHolder> certs = new ArrayList<>(sd.getCertificates().getMatches(null));
      if (certificate(signer).isPresent()) {
        certs.add(certificate(signer).get());
      }
      out = CMSSignedData.replaceCertificatesAndCRLs(out, new CollectionStore<>(certs),
          sd.getAttributeCertificates(), sd.getCRLs());
      return out.getEncoded();
    } catch (CMSException | IOException e) {
      throw new UKeyException("cannot extend the voucher CMS", e);
    } catch (RuntimeOperatorException e) {
      throw unwrap(e);
    }
  }

  private void checkRole(GuardedSession session, TokenKey key, Step step) throws UKeyException {
    KeyRecord r = session.record(key);
    if (!r.role().equals(step.role())) {
      throw session.refuse(step.operation(), null, SeedRules.VOUCHER_ROLE.violation("step '"
          + step.name() + "' is signed by a '" + step.role() + "' key; key " + r.keyNo()
          + " is '" + r.role() + "'"));
    }
  }

  private SignerInformation countersignAt(SignerInformation si, int depth,
      SignerInfoGenerator gen) throws CMSException {
    if (depth == 0) {
      CMSSignedDataGenerator g = new CMSSignedDataGenerator();
      g.addSignerInfoGenerator(gen);
      return SignerInformation.addCounterSigners(si, g.generateCounterSigners(si));
    }
    SignerInformation child = only(si.getCounterSignatures().getSigners());
    SignerInformation newChild = countersignAt(child, depth - 1, gen);
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (Attribute a : si.getUnsignedAttributes().toASN1Structure().getAttributes()) {
      if (!CMSAttributes.counterSignature.equals(a.getAttrType())) {
        v.add(a);
      }
    }
    v.add(new Attribute(CMSAttributes.counterSignature,
        new DERSet(newChild.toASN1Structure())));
    return SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(v));
  }

  private static SignerInformation only(Collection<SignerInformation> c) throws CMSException {
    if (c.size() != 1) {
      throw new CMSException("expected one countersignature, found " + c.size());
    }
    return c.iterator().next();
  }

  private SignerInfoGenerator generator(Signer signer) throws UKeyException {
    AttributeTable signingTime = new AttributeTable(new Attribute(CMSAttributes.signingTime,
        new DERSet(new Time(Date.from(clock.instant())))));
    SignerInfoGeneratorBuilder b = new SignerInfoGeneratorBuilder(new BcDigestCalculatorProvider())
        .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signingTime));
    try {
      java.util.Optional<X509CertificateHolder> cert = certificate(signer);
      return cert.isPresent()
          ? b.build(CmsOperators.contentSigner(signer), cert.get())
          : b.build(CmsOperators.contentSigner(signer), ski(signer.publicKey().getEncoded()));
    } catch (OperatorCreationException e) {
      throw new UKeyException("cannot prepare the CMS signer", e);
    }
  }

  private static java.util.Optional<X509CertificateHolder> certificate(Signer signer)
      throws UKeyException {
    if (signer.certificate().isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new X509CertificateHolder(
          signer.certificate().get().getEncoded()));
    } catch (CertificateEncodingException | IOException e) {
      throw new UKeyException("cannot encode the signer's certificate", e);
    }
  }

  private static byte[] ski(byte[] spki) {
    return Sm3.digest(spki);
  }

  private static UKeyException unwrap(RuntimeOperatorException e) {
    return e.getCause() instanceof UKeyException ? (UKeyException) e.getCause()
        : new UKeyException("signing failed: " + e.getMessage(), e);
  }

  /**
   * Verifies a voucher: every signature, the chain of countersignatures, and against the ledger
   * the order of the steps, the post of each signer's key and that no person signed twice.
   *
   * @param cms the container
   * @return the voucher and its signed steps; {@link Verified#complete()} when all are signed
   * @throws InvalidEncodingException if the container is not CMS SignedData with content
   * @throws SignatureVerificationException if a signature does not verify
   * @throws PolicyViolationException if the steps break the flow's rules
   * @throws UKeyException if the ledger fails
   */
  public Verified verify(byte[] cms) throws UKeyException {
    CMSSignedData sd;
    byte[] content;
    try {
      sd = new CMSSignedData(cms);
      if (sd.getSignedContent() == null) {
        throw new InvalidEncodingException("voucher CMS", -1, "no encapsulated voucher");
      }
      content = (byte[]) sd.getSignedContent().getContent();
    } catch (CMSException | RuntimeException e) {
      throw new InvalidEncodingException("voucher CMS", -1, "not CMS SignedData: "
          + e.getMessage(), e);
    }
    Collection<SignerInformation> top = sd.getSignerInfos().getSigners();
    if (top.size() != 1) {
      throw SeedRules.VOUCHER_ORDER.violation("a voucher has one first step; found "
          + top.size() + " signers");
    }
    @SuppressWarnings("unchecked")
    Store<X509CertificateHolder> certs = sd.getCertificates();
    List<KeyRecord> all = ledger.all();
    List<SignedStep> done = new ArrayList<>();
    SignerInformation si = top.iterator().next();
    for (int depth = 0; si != null; depth++) {
      if (depth >= steps.size()) {
        throw SeedRules.VOUCHER_ORDER.violation("more signatures than the " + steps.size()
            + " steps of the flow");
      }
      Step step = steps.get(depth);
      KeyRecord r = signerRecord(si.getSID(), certs, all, step);
      verifySignature(si, r, certs, step);
      Instant at = signingTime(si, step);
      PersonId person = r.holderAt(at).orElseThrow(() -> SeedRules.GUARD_NOT_ACTIVE.violation(
          "key " + r.keyNo() + " was not issued to anyone at " + at + " (step '" + step.name()
              + "')"));
      if (!r.role().equals(step.role())) {
        throw SeedRules.VOUCHER_ROLE.violation("step '" + step.name() + "' was signed by key "
            + r.keyNo() + " of post '" + r.role() + "', not '" + step.role() + "'");
      }
      for (SignedStep s : done) {
        if (s.person().equals(person)) {
          throw SeedRules.VOUCHER_SAME_PERSON.violation(person + " signed both step '"
              + s.step().name() + "' and step '" + step.name() + "'");
        }
        if (at.isBefore(s.signingTime())) {
          throw SeedRules.VOUCHER_ORDER.violation("step '" + step.name()
              + "' claims to be signed before step '" + s.step().name() + "'");
        }
      }
      done.add(new SignedStep(step, r.keyNo(), person, at));
      Collection<SignerInformation> next = si.getCounterSignatures().getSigners();
      if (next.size() > 1) {
        throw SeedRules.VOUCHER_ORDER.violation(next.size() + " signatures follow step '"
            + step.name() + "'; a voucher's steps form one chain");
      }
      si = next.isEmpty() ? null : next.iterator().next();
    }
    return new Verified(content, done, done.size() == steps.size());
  }

  private KeyRecord signerRecord(SignerId sid, Store<X509CertificateHolder> certs,
      List<KeyRecord> all, Step step) throws PolicyViolationException {
    if (sid.getSerialNumber() != null) {
      String serial = KeyRecord.normaliseSerial(sid.getSerialNumber().toString(16));
      for (KeyRecord r : all) {
        if (r.certSerial().map(c -> KeyRecord.normaliseSerial(c).equals(serial))
            .orElse(false)) {
          return r;
        }
      }
      throw SeedRules.LEDGER_UNKNOWN.violation("step '" + step.name()
          + "' was signed by certificate " + serial + ", which is not in the ledger");
    }
    byte[] ski = sid.getSubjectKeyIdentifier();
    for (KeyRecord r : all) {
      if (ski != null && r.publicKey().map(pk -> MessageDigest.isEqual(ski(pk), ski))
          .orElse(false)) {
        return r;
      }
    }
    throw SeedRules.LEDGER_UNKNOWN.violation("step '" + step.name()
        + "' was signed by a key that is not in the ledger");
  }

  private static void verifySignature(SignerInformation si, KeyRecord r,
      Store<X509CertificateHolder> certs, Step step) throws UKeyException {
    PublicKey pk;
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> match = certs.getMatches(si.getSID());
    try {
      if (!match.isEmpty()) {
        pk = SoftKeys.publicKey(match.iterator().next().getSubjectPublicKeyInfo().getEncoded());
        if (r.publicKey().isPresent()
            && !MessageDigest.isEqual(r.publicKey().get(), pk.getEncoded())) {
          throw SeedRules.LEDGER_UNKNOWN.violation("the certificate of step '" + step.name()
              + "' does not carry the public key recorded for key " + r.keyNo());
        }
      } else if (r.publicKey().isPresent()) {
        pk = SoftKeys.publicKey(r.publicKey().get());
      } else {
        throw new SignatureVerificationException("step '" + step.name()
            + "': no certificate in the voucher and no public key in the ledger for key "
            + r.keyNo());
      }
    } catch (IOException e) {
      throw new InvalidEncodingException("voucher CMS certificate", -1, e.getMessage(), e);
    }
    try {
      SignerInformationVerifier v = new SignerInformationVerifier(
          new DefaultCMSSignatureAlgorithmNameGenerator(),
          new DefaultSignatureAlgorithmIdentifierFinder(), CmsOperators.verifierProvider(pk),
          new BcDigestCalculatorProvider());
      if (!si.verify(v)) {
        throw new SignatureVerificationException("the signature of step '" + step.name()
            + "' (key " + r.keyNo() + ") does not verify");
      }
    } catch (CMSException | RuntimeException e) {
      throw new SignatureVerificationException("the signature of step '" + step.name()
          + "' (key " + r.keyNo() + ") does not verify: " + e.getMessage(), e);
    }
  }

  private static Instant signingTime(SignerInformation si, Step step)
      throws InvalidEncodingException {
    AttributeTable signed = si.getSignedAttributes();
    Attribute a = signed == null ? null : signed.get(CMSAttributes.signingTime);
    if (a == null || a.getAttrValues().size() != 1) {
      throw new InvalidEncodingException("voucher CMS step '" + step.name() + "'", -1,
          "signing-time attribute missing");
    }
    try {
      return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("voucher CMS step '" + step.name()
          + "'.signingTime", -1, e.getMessage(), e);
    }
  }
}
