package org.ukey.seal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.seal.internal.CertificateJudge;
import org.ukey.seal.internal.Certificates;
import org.ukey.seal.internal.Der;
import org.ukey.seal.internal.Der.Tlv;
import org.ukey.seal.internal.SignatureValues;

/**
 * A filing package: the seals one party files with the others, signed by that party — what seed
 * 002 §6(2) sends on disc (刻录成光盘送相关各方备案) with a formal letter.
 *
 * <p>Its shape follows the seals themselves (GB/T 38540's signed-structure pattern):
 *
 * <pre>
 * FilingPackage ::= SEQUENCE {
 *   content    FilingContent,
 *   cert       OCTET STRING,         -- the filing party's certificate
 *   signAlgID  OBJECT IDENTIFIER,
 *   signature  BIT STRING }          -- over DER(FilingContent) as received
 * FilingContent ::= SEQUENCE {
 *   version INTEGER (1), partyName UTF8String, partyRole INTEGER, generatedAt GeneralizedTime,
 *   entries SEQUENCE OF SEQUENCE {
 *     seal OCTET STRING, effectiveDate UTF8String (ISO 8601 date), copies INTEGER,
 *     handedOverBy UTF8String, receivedBy UTF8String, note UTF8String } }
 * </pre>
 *
 * <p>{@link #read(byte[])} parses; {@link #verify(List, Instant)} checks the party's signature,
 * that its certificate is trusted and valid when the package was made, and every seal's maker
 * signature; only a verified package can be imported
 * ({@link FileSealRegistry#importPackage(byte[], List)}).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class FilingPackage {
  private static final int VERSION = 1;

  /**
   * One seal in a package, with its filing facts.
   *
   * @param seal the seal
   * @param details the facts
   */
  public record Entry(SESeal seal, FilingDetails details) {
    /**
     * Validates the fields.
     *
     * @param seal the seal
     * @param details the facts
     */
    public Entry {
      Objects.requireNonNull(seal, "seal");
      Objects.requireNonNull(details, "details");
    }
  }

  private final Party party;
  private final Instant generatedAt;
  private final List<Entry> entries;
  private final byte[] content;
  private final byte[] certificate;
  private final String signatureAlgorithmOid;
  private final byte[] signature;
  private final byte[] encoded;

  private FilingPackage(Party party, Instant generatedAt, List<Entry> entries, byte[] content,
      byte[] certificate, String signatureAlgorithmOid, byte[] signature, byte[] encoded) {
    this.party = party;
    this.generatedAt = generatedAt;
    this.entries = List.copyOf(entries);
    this.content = content;
    this.certificate = certificate;
    this.signatureAlgorithmOid = signatureAlgorithmOid;
    this.signature = signature;
    this.encoded = encoded;
  }

  /**
   * Makes and signs a package.
   *
   * @param entries the seals to file, with their facts; at least one, ids unique
   * @param party the filing party (whose seals they are)
   * @param signer the party's key; must carry its certificate (SM2 with the default user ID)
   * @param clock when the package is made
   * @return the package
   * @throws UKeyException if the signer has no certificate or signing fails
   */
  public static FilingPackage create(List<Entry> entries, Party party, Signer signer,
      Clock clock) throws UKeyException {
    Objects.requireNonNull(party, "party");
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a filing package holds at least one seal");
    }
    Set<String> ids = new HashSet<>();
    for (Entry e : entries) {
      if (!ids.add(e.seal().sealInfo().esId())) {
        throw new IllegalArgumentException("seal " + e.seal().sealInfo().esId()
            + " is in the package twice");
      }
    }
    X509Certificate cert = signer.certificate().orElseThrow(
        () -> new UKeyException("the filing party's key has no certificate"));
    if (signer.algorithm().keyType() == KeyType.SM2 && !signer.algorithm().hasDefaultSm2UserId()) {
      throw new UnsupportedAlgorithmException("filing packages use the default SM2 user ID");
    }
    Instant now = clock.instant();
    byte[][] items = new byte[entries.size()][];
    for (int i = 0; i < items.length; i++) {
      Entry e = entries.get(i);
      FilingDetails d = e.details();
      items[i] = SealCodec.sequence(SealEncoder.octets(e.seal().encodedNoCopy()),
          SealEncoder.utf8(d.effectiveDate().toString()), SealEncoder.integer(d.copies()),
          SealEncoder.utf8(d.handedOverBy()), SealEncoder.utf8(d.receivedBy()),
          SealEncoder.utf8(d.note()));
    }
    byte[] content = SealCodec.sequence(SealEncoder.integer(VERSION),
        SealEncoder.utf8(party.name()), SealEncoder.integer(party.role().ordinal()),
        SealEncoder.generalizedTime(now), SealCodec.sequence(items));
    byte[] sig = signer.sign(content);
    byte[] encoded = SealCodec.sequence(content, SealEncoder.octets(SealMaker.encoded(cert)),
        SealEncoder.oid(signer.algorithm().oid()), SealEncoder.bits(sig));
    return read(encoded);
  }

  /**
   * Parses a package (nothing is verified yet).
   *
   * @param der the package bytes
   * @return the package
   * @throws InvalidEncodingException if it is not a filing package; the message says where
   */
  public static FilingPackage read(byte[] der) throws InvalidEncodingException {
    String w = "FilingPackage";
    List<Tlv> top = Der.parse(der, w).expect(Der.SEQUENCE, "SEQUENCE").children(w);
    if (top.size() != 4) {
      throw new InvalidEncodingException(w, 0, "has " + top.size() + " fields, expected 4");
    }
    Tlv content = top.get(0).named(w, ".content").expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> c = content.children(content.what());
    if (c.size() != 5 || c.get(0).intValue() != VERSION) {
      throw new InvalidEncodingException(content.what(), content.offset(),
          "not a version " + VERSION + " filing package");
    }
    try {
      Party party = new Party(c.get(1).stringValue(), role(c.get(2)));
      Instant generatedAt = c.get(3).timeValue();
      List<Entry> entries = new ArrayList<>();
      for (Tlv e : c.get(4).children(content.what() + ".entries")) {
        List<Tlv> f = e.children(e.what());
        if (f.size() != 6) {
          throw new InvalidEncodingException(e.what(), e.offset(),
              "entry has " + f.size() + " fields, expected 6");
        }
        SESeal seal = SESeal.parse(f.get(0).named(e.what(), ".seal").octets());
        entries.add(new Entry(seal, new FilingDetails(LocalDate.parse(f.get(1).stringValue()),
            f.get(2).intValue(), f.get(3).stringValue(), f.get(4).stringValue(),
            f.get(5).stringValue(), Optional.empty())));
      }
      return new FilingPackage(party, generatedAt, entries, content.encoded(),
          top.get(1).named(w, ".cert").octets(), top.get(2).named(w, ".signAlgID").oidValue(),
          top.get(3).named(w, ".signature").bitStringBytes(), der.clone());
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new InvalidEncodingException(content.what(), content.offset(),
          "bad value: " + e.getMessage(), e);
    }
  }

  private static Party.Role role(Tlv t) throws InvalidEncodingException {
    int i = t.intValue();
    if (i < 0 || i >= Party.Role.values().length) {
      throw new InvalidEncodingException(t.what(), t.offset(), "unknown party role " + i);
    }
    return Party.Role.values()[i];
  }

  /**
   * Verifies the package: the filing party's signature over the content as received, its
   * certificate trusted (equal to, or chaining to, one of the anchors) and valid when the
   * package was made, and every seal's maker signature.
   *
   * @param trustAnchors the filing parties' certificates, or CAs that issued them
   * @param notAfter the latest acceptable generation time (now, normally): a package dated in
   *     the future is refused
   * @throws SignatureVerificationException naming what failed
   */
  public void verify(List<X509Certificate> trustAnchors, Instant notAfter)
      throws SignatureVerificationException {
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("a filing package is verified against trust anchors");
    }
    if (generatedAt.isAfter(notAfter)) {
      throw new SignatureVerificationException("the package is dated " + generatedAt
          + ", in the future");
    }
    X509Certificate cert;
    try {
      cert = Certificates.parse(certificate, "FilingPackage.cert");
      SignatureAlgorithm alg = SignatureValues.algorithm(signatureAlgorithmOid);
      SignatureValues.verify(cert, alg, content, signature);
    } catch (InvalidEncodingException | UnsupportedAlgorithmException e) {
      throw new SignatureVerificationException("the filing package's signature cannot be"
          + " checked: " + e.getMessage(), e);
    } catch (SignatureVerificationException e) {
      throw new SignatureVerificationException("the filing package's signature does not"
          + " verify: its content was changed or it was not signed by "
          + cert(certificate));
    }
    List<String> problems = new ArrayList<>();
    new CertificateJudge(org.ukey.sm2.pki.ChainValidator.builder().trustAnchors(trustAnchors)
        .build()).judgeSigner((id, outcome, detail) -> {
      if (outcome != VerificationReport.Outcome.PASS
          && id != VerificationReport.CheckId.SIGNER_CERTIFICATE_REVOCATION) {
        problems.add(detail.get());
      }
    }, cert, generatedAt);
    if (!problems.isEmpty()) {
      throw new SignatureVerificationException("the filing party's certificate is not"
          + " acceptable: " + String.join("; ", problems));
    }
    SealVerifier sv = SealVerifier.builder().build();
    for (Entry e : entries) {
      VerificationReport r = sv.verifySeal(e.seal());
      if (r.outcome(VerificationReport.CheckId.SEAL_MAKER_SIGNATURE)
          != VerificationReport.Outcome.PASS) {
        throw new SignatureVerificationException("seal " + e.seal().sealInfo().esId()
            + " in the package has a maker signature that does not verify");
      }
    }
  }

  private static String cert(byte[] der) {
    try {
      return Certificates.subjectName(Certificates.parse(der, "cert"));
    } catch (InvalidEncodingException e) {
      return "an unreadable certificate";
    }
  }

  /**
   * The filing party.
   *
   * @return the party
   */
  public Party party() {
    return party;
  }

  /**
   * When the package was made.
   *
   * @return the time
   */
  public Instant generatedAt() {
    return generatedAt;
  }

  /**
   * The seals and their facts.
   *
   * @return an immutable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The package bytes (what goes on the disc).
   *
   * @return a copy
   */
  public byte[] encoded() {
    return encoded.clone();
  }
}
