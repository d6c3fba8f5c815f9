package org.ukey.ofd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.VerificationReport.Outcome;

/** The signed OFD files of testdata/interop/seals, judged as its README says. */
class InteropOfdTest {
  static Path file(String name) {
    String base = System.getProperty("ukey.testdata");
    if (base == null) {
      throw new IllegalStateException("system property ukey.testdata is not set (run through"
          + " Maven, which sets it to <repo>/testdata)");
    }
    return Path.of(base, "interop", "seals", name);
  }

  private static final OfdVerifier VERIFIER = OfdVerifier.builder().build();

  @Test
  void gomainAndAntchainInvoicesVerifyFully() throws Exception {
    for (String f : List.of("gomain-taxtest-v4-v4signed.ofd",
        "gomain-tax-jiangsu-v4-signedFile.ofd", "antchain-tax-zhejiang-v4-SignScaleError.ofd")) {
      OfdReport r = VERIFIER.verify(file(f));
      assertTrue(r.isValid(), () -> f + "\n" + r.describe());
      OfdSignatureResult s = r.signatures().get(0);
      assertTrue(s.references().size() >= 7, f);
      assertEquals(0, s.stamps().get(0).pageIndex(), f);
      assertEquals(Outcome.PASS, s.sealReport().orElseThrow().outcome(CheckId.DOCUMENT_HASH));
    }
  }

  @Test
  void tongzhiweiyeSealAndSignatureVerifyButThreeChangedFilesAreReported() throws Exception {
    OfdReport r = VERIFIER.verify(file("tongzhiweiye-v4-keyword.ofd"));
    assertFalse(r.isValid(), r::describe);
    assertEquals(2, r.signatures().size());
    OfdSignatureResult seal = r.signatures().get(0);
    assertEquals("Seal", seal.type());
    assertEquals(Outcome.PASS, seal.signedValue(), r::describe);
    assertEquals(Outcome.PASS, seal.sealFile(), "Seal.esl is the seal in the signature");
    assertEquals(List.of("/OFD.xml", "/Doc_0/Document.xml", "/Doc_0/Pages/Page_0/Content.xml"),
        seal.changedFiles());
    OfdSignatureResult sign = r.signatures().get(1);
    assertEquals("Sign", sign.type());
    assertEquals(Outcome.PASS, sign.signedValue(), sign.signedValueDetail());
    assertEquals(List.of("/OFD.xml", "/Doc_0/Document.xml", "/Doc_0/Pages/Page_0/Content.xml"),
        sign.changedFiles());
  }

  @Test
  void dms360V1SealVerifiesAndItsResavedPackageIsReported() throws Exception {
    OfdReport r = VERIFIER.verify(file("dms360-v1-n.ofd"));
    assertFalse(r.isValid());
    OfdSignatureResult s = r.signatures().get(0);
    assertEquals(Outcome.PASS,
        s.sealReport().orElseThrow().outcome(CheckId.SEAL_MAKER_SIGNATURE), r::describe);
    assertEquals(Outcome.PASS, s.sealFile());
    assertFalse(s.changedFiles().isEmpty(), "the re-saved package is reported");
    assertEquals("1.2.156.10197.1.401.2", s.references().get(0).checkMethod());
    assertTrue(s.references().stream().anyMatch(c -> c.file().equals("/Doc_0/Signs/Sign_0/Seal.esl")
        && c.outcome() == Outcome.PASS), "SM3(Z||file) of the unmodified Seal.esl matches:\n"
        + r.describe());
  }
}
