package org.ukey.seal;

import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;
import org.ukey.sm2.pki.CertificateRevocationList;

/**
 * A small SM2 PKI for seal tests: a root CA, a seal maker, and two signers (one on the seal's
 * list, one not), all valid 2026-01-01 to 2028-01-01.
 */
final class SealFixtures {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2028-01-01T00:00:00Z");
  static final Instant IN_VALIDITY = Instant.parse("2026-11-22T08:00:00Z");

  /** A 1x1 PNG: enough picture for a seal in tests. */
  static final byte[] PNG = org.bouncycastle.util.encoders.Hex.decode(
      "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
          + "1f15c4890000000d4944415478da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082");

  final KeyPair rootKeys;
  final X509Certificate root;
  final KeyPair makerKeys;
  final X509Certificate makerCert;
  final Signer maker;
  final KeyPair signerKeys;
  final X509Certificate signerCert;
  final Signer signer;
  final KeyPair outsiderKeys;
  final X509Certificate outsiderCert;
  final Signer outsider;

  SealFixtures() throws Exception {
    rootKeys = SoftKeys.generate(KeySpec.sm2());
    Signer rootSigner = SoftSigners.create(rootKeys.getPrivate(), rootKeys.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2);
    root = CertificateBuilder.forSubject("CN=Test Root CA,O=UKey SDK", rootKeys.getPublic())
        .validity(START.minus(Duration.ofDays(365)), END.plus(Duration.ofDays(3650)))
        .certificateAuthority().sign(rootSigner);
    makerKeys = SoftKeys.generate(KeySpec.sm2());
    makerCert = issue("CN=电子印章制作系统,O=Test", makerKeys, rootSigner);
    maker = SoftSigners.create(makerKeys.getPrivate(), makerKeys.getPublic(), makerCert,
        SignatureAlgorithm.SM3_WITH_SM2);
    signerKeys = SoftKeys.generate(KeySpec.sm2());
    signerCert = issue("CN=张三,O=某某县财政局", signerKeys, rootSigner);
    signer = SoftSigners.create(signerKeys.getPrivate(), signerKeys.getPublic(), signerCert,
        SignatureAlgorithm.SM3_WITH_SM2);
    outsiderKeys = SoftKeys.generate(KeySpec.sm2());
    outsiderCert = issue("CN=李四,O=某某县财政局", outsiderKeys, rootSigner);
    outsider = SoftSigners.create(outsiderKeys.getPrivate(), outsiderKeys.getPublic(),
        outsiderCert, SignatureAlgorithm.SM3_WITH_SM2);
  }

  private X509Certificate issue(String dn, KeyPair keys, Signer issuer) throws Exception {
    return CertificateBuilder.forSubject(dn, keys.getPublic()).issuer(root)
        .validity(START, END).sign(issuer);
  }

  SealSpec.Builder spec() {
    return SealSpec.builder().esId("41172900000001").kind(SealKind.BUSINESS)
        .name("新蔡县财政局国库集中支付业务专用章").holderCertificate(signerCert).image(PNG, 40, 40);
  }

  SealMaker sealMaker(Instant now) throws Exception {
    return SealMaker.builder(maker).clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
        .build();
  }

  /** A CRL from the root revoking a certificate at a given time. */
  CertificateRevocationList crlRevoking(X509Certificate revoked, Instant when)
      throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(
        X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
        Date.from(when.plus(Duration.ofDays(1))));
    b.setNextUpdate(Date.from(when.plus(Duration.ofDays(30))));
    b.addCRLEntry(revoked.getSerialNumber(), Date.from(when), CRLReason.keyCompromise);
    BouncyCastleProvider bc = new BouncyCastleProvider();
    X509CRL crl = new JcaX509CRLConverter().setProvider(bc).getCRL(b.build(
        new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(rootKeys.getPrivate())));
    return CertificateRevocationList.parse(crl.getEncoded());
  }
}
