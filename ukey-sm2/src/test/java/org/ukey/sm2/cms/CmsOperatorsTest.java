package org.ukey.sm2.cms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.util.CollectionStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.TestIdentity;

class CmsOperatorsTest {
  private static final byte[] CONTENT = "国库集中支付凭证 No. 2026-0043".getBytes(StandardCharsets.UTF_8);

  private static TestIdentity sm2;
  private static TestIdentity rsa;
  private static TestIdentity ec;

  @BeforeAll
  static void pki() throws Exception {
    TestIdentity sm2Ca = TestIdentity.rootCa("CN=SM2 CA,O=Finance,C=CN", KeySpec.sm2());
    sm2 = sm2Ca.issue("CN=SM2 Clerk,O=Finance,C=CN", KeySpec.sm2());
    rsa = TestIdentity.rootCa("CN=RSA Clerk", KeySpec.rsa(2048));
    ec = TestIdentity.rootCa("CN=EC Clerk", KeySpec.ecP256());
  }

  @Test
  void cmsSignedWithBouncyCastlesGeneratorVerifiesForEveryKeyType() throws Exception {
    Signer pss = SoftSigners.create(rsa.keys.getPrivate(), rsa.keys.getPublic(), rsa.certificate,
        SignatureAlgorithm.SHA256_WITH_RSA_PSS);
    for (Signer s : List.of(sm2.signer(), rsa.signer(), pss, ec.signer())) {
      CMSSignedData cms = sign(s);
      SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
      assertTrue(si.verify(verifier(s.publicKey())), s.algorithm().toString());
    }
  }

  @Test
  void writesTheGmt0010IdentifierThatTheSdksVerifierReads() throws Exception {
    CMSSignedData cms = sign(sm2.signer());
    SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
    assertEquals("1.2.156.10197.1.501", si.getEncryptionAlgOID());
    VerifiedSignedData v = CmsVerifier.builder().build().verify(cms.getEncoded());
    assertArrayEquals(CONTENT, v.content().orElseThrow());
    assertEquals(sm2.certificate, v.signers().get(0).certificate());
  }

  @Test
  void aSignatureDoesNotVerifyWithAnotherKey() throws Exception {
    CMSSignedData cms = sign(sm2.signer());
    SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
    TestIdentity other = TestIdentity.rootCa("CN=SM2 Clerk,O=Finance,C=CN", KeySpec.sm2());
    assertFalse(si.verify(verifier(other.keys.getPublic())));
  }

  @Test
  void refusesAnAlgorithmItDoesNotKnowOrThatDoesNotFitTheKey() {
    assertThrows(OperatorCreationException.class, () -> CmsOperators
        .verifierProvider(sm2.keys.getPublic())
        .get(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4"))));
    assertThrows(OperatorCreationException.class, () -> CmsOperators
        .verifierProvider(sm2.keys.getPublic())
        .get(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))));
  }

  private static CMSSignedData sign(Signer s) throws Exception {
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    X509CertificateHolder cert = new X509CertificateHolder(s.certificate().orElseThrow()
        .getEncoded());
    gen.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(new BcDigestCalculatorProvider())
        .build(CmsOperators.contentSigner(s), cert));
    gen.addCertificates(new CollectionStore<>(List.of(cert)));
    return gen.generate(new CMSProcessableByteArray(CONTENT), true);
  }

  private static SignerInformationVerifier verifier(PublicKey key) {
    return new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
        new DefaultSignatureAlgorithmIdentifierFinder(), CmsOperators.verifierProvider(key),
        new BcDigestCalculatorProvider());
  }
}
