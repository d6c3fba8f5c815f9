package org.ukey.seal.internal;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;
import org.ukey.api.DigestAlgorithm;
import org.ukey.sm2.Digests;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * Checks a time-stamp token (RFC 3161 §2.4.2; GM/T 0033-2014 with SM2) over a signature value:
 * the token's signature by the TSA certificate it carries, the TSA certificate (extended key
 * usage timeStamping, validity, chain when anchors are given), and the message imprint equal to
 * the digest of the signature value.
 */
public final class TimeStamps {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private TimeStamps() {}

  /**
   * The outcome of checking a token.
   *
   * @param valid whether the token is good
   * @param time the time it states (genTime), when readable
   * @param detail what was found
   */
  public record Result(boolean valid, Instant time, String detail) {}

  /**
   * Checks a token over a signature value.
   *
   * @param token the DER token
   * @param signatureValue the bytes it must cover (with the token's own imprint algorithm)
   * @param judge judges the TSA certificate
   * @return the result; never throws for bad input
   */
  @SuppressWarnings("unchecked")
  public static Result verify(byte[] token, byte[] signatureValue, CertificateJudge judge) {
    TimeStampToken tst;
    try {
      tst = new TimeStampToken(new CMSSignedData(token));
    } catch (Exception e) {
      return new Result(false, null, "the time-stamp is not an RFC 3161 token: "
          + e.getMessage());
    }
    Instant time = tst.getTimeStampInfo().getGenTime().toInstant();
    String imprintOid = tst.getTimeStampInfo().getMessageImprintAlgOID().getId();
    DigestAlgorithm imprintAlg = DigestAlgorithm.byName(imprintOid).orElse(null);
    if (imprintAlg == null) {
      return new Result(false, time, "the time-stamp's imprint algorithm " + imprintOid
          + " is not supported");
    }
    byte[] digest = Digests.digest(imprintAlg, signatureValue);
    if (!MessageDigest.isEqual(digest, tst.getTimeStampInfo().getMessageImprintDigest())) {
      return new Result(false, time, "the time-stamp covers other data than the signature"
          + " value");
    }
    Collection<X509CertificateHolder> matches =
        tst.getCertificates().getMatches((Selector<X509CertificateHolder>) tst.getSID());
    if (matches.isEmpty()) {
      return new Result(false, time, "the time-stamp does not carry the TSA's certificate");
    }
    X509Certificate tsa;
    try {
      tsa = (X509Certificate) CertificateFactory.getInstance("X.509", BC).generateCertificate(
          new ByteArrayInputStream(matches.iterator().next().getEncoded()));
      SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC)
          .build(tsa);
      tst.validate(v);
    } catch (TSPException e) {
      return new Result(false, time, "the time-stamp does not verify: " + e.getMessage());
    } catch (CertificateException | OperatorCreationException | java.io.IOException
        | RuntimeException e) {
      return new Result(false, time, "the time-stamp cannot be checked: " + e.getMessage());
    }
    String problem = judge.judgeTimeStampAuthority(tsa, time);
    if (problem != null) {
      return new Result(false, time, "the TSA certificate is not acceptable: " + problem);
    }
    return new Result(true, time, "time-stamp by "
        + DistinguishedNames.format(tsa.getSubjectX500Principal())
        + " at " + time + " over the signature value verifies ("
        + imprintAlg.jcaName() + (judge.hasAnchors() ? ", TSA chained" : ", TSA not chained:"
            + " no trust anchors given") + ")");
  }
}
