package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UKeyException;
import org.ukey.seal.VerificationReport.CheckId;
import org.ukey.seal.VerificationReport.Outcome;

class FileSealRegistryTest {
  private static final Clock CLOCK = Clock.fixed(SealFixtures.IN_VALIDITY, ZoneOffset.UTC);
  private static final Party FINANCE = new Party("新蔡县财政局", Party.Role.FINANCE_BUREAU);
  private static final FilingDetails DETAILS = new FilingDetails(LocalDate.of(2026, 12, 1), 2,
      "财政局 王五", "人民银行 赵六", "首次备案", Optional.empty());
  private static SealFixtures f;
  private static SESeal seal;
  private static SESeal changed;

  @TempDir Path dir;

  @BeforeAll
  static void seals() throws Exception {
    f = new SealFixtures();
    seal = f.sealMaker(SealFixtures.IN_VALIDITY).make(f.spec().build());
    changed = f.sealMaker(SealFixtures.IN_VALIDITY.plusSeconds(60)).make(f.spec()
        .holderCertificate(f.outsiderCert).build());
  }

  @Test
  void filesFindsAndKeepsTheExactBytesAcrossReopening() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    FiledSeal filed = r.file(seal, FINANCE, DETAILS);
    assertEquals(FiledSeal.State.FILED, filed.state());
    FileSealRegistry again = FileSealRegistry.open(dir, CLOCK);
    FiledSeal found = again.find(seal.sealInfo().esId()).orElseThrow();
    assertArrayEquals(seal.encoded(), found.sealBytes());
    assertEquals(FINANCE, found.party());
    assertEquals(DETAILS.effectiveDate(), found.effectiveDate());
    assertEquals(SealFixtures.IN_VALIDITY, found.filingDate());
    assertEquals(1, again.list().size());
    assertThrows(UKeyException.class, () -> again.file(seal, FINANCE, DETAILS),
        "filing twice is a change");
  }

  @Test
  void changeAndRevocationKeepTheirHistory() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    r.file(seal, FINANCE, DETAILS);
    r.change(changed, new FilingDetails(LocalDate.of(2027, 1, 1), 2, "", "", "增加签章人",
        Optional.empty()));
    assertArrayEquals(changed.encoded(), r.find(seal.sealInfo().esId()).orElseThrow()
        .sealBytes());
    r.revoke(seal.sealInfo().esId(), "单位撤并");
    assertEquals(FiledSeal.State.REVOKED, r.find(seal.sealInfo().esId()).orElseThrow().state());
    List<RegistryEvent> h = r.history(seal.sealInfo().esId());
    assertEquals(List.of(RegistryEvent.Kind.FILED, RegistryEvent.Kind.CHANGED,
        RegistryEvent.Kind.REVOKED), h.stream().map(RegistryEvent::kind).toList());
    assertEquals(FileSealRegistry.sm3Hex(seal.encoded()), h.get(0).sealDigest());
    assertEquals(FileSealRegistry.sm3Hex(changed.encoded()), h.get(1).sealDigest());
    assertThrows(UKeyException.class, () -> r.revoke(seal.sealInfo().esId(), "again"));
    assertThrows(UKeyException.class, () -> r.change(seal, DETAILS));
  }

  @Test
  void refusesToFileASealWhoseMakerSignatureFails() throws Exception {
    byte[] bad = seal.encoded();
    bad[40] ^= 1;
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    assertThrows(UKeyException.class, () -> r.file(SESeal.parse(bad), FINANCE, DETAILS));
    assertTrue(r.list().isEmpty());
  }

  @Test
  void verifierRequiresTheFiledCopy() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    SESSignature sig = Stamper.builder(seal, f.signer).clock(CLOCK).build()
        .stampHash(new byte[32], "doc");
    SealVerifier v = SealVerifier.builder().registry(r).build();
    assertEquals(Outcome.FAIL, v.verify(sig.encoded()).outcome(CheckId.FILED_COPY),
        "not filed yet");
    r.file(seal, FINANCE, DETAILS);
    VerificationReport ok = v.verify(sig.encoded());
    assertEquals(Outcome.PASS, ok.outcome(CheckId.FILED_COPY), ok::describe);
    assertEquals("equals the copy filed for 新蔡县财政局 (finance-bureau) on "
        + SealFixtures.IN_VALIDITY, ok.check(CheckId.FILED_COPY).orElseThrow().detail());
    r.change(changed, DETAILS);
    assertEquals(Outcome.FAIL, v.verify(sig.encoded()).outcome(CheckId.FILED_COPY),
        "the seal used differs from the filed copy");
    r.revoke(seal.sealInfo().esId(), "注销");
    VerificationReport revoked = v.verify(sig.encoded());
    assertEquals(Outcome.FAIL, revoked.outcome(CheckId.FILED_COPY));
    assertTrue(revoked.check(CheckId.FILED_COPY).orElseThrow().detail().contains("revoked"));
  }

  @Test
  void packagesExportSignedAndImportVerified() throws Exception {
    FileSealRegistry finance = FileSealRegistry.open(dir.resolve("finance"), CLOCK);
    finance.file(seal, FINANCE, DETAILS);
    byte[] pkg = finance.exportPackage(List.of(seal.sealInfo().esId()), f.signer).encoded();
    FileSealRegistry bank = FileSealRegistry.open(dir.resolve("bank"), CLOCK);
    List<FiledSeal> imported = bank.importPackage(pkg, List.of(f.root));
    assertEquals(1, imported.size());
    assertArrayEquals(seal.encoded(), bank.find(seal.sealInfo().esId()).orElseThrow()
        .sealBytes());
    assertEquals(FINANCE, bank.find(seal.sealInfo().esId()).orElseThrow().party());
    assertEquals(RegistryEvent.Kind.IMPORTED, bank.history().get(0).kind());
    // Importing the same package again changes nothing.
    bank.importPackage(pkg, List.of(f.root));
    assertEquals(1, bank.history().size());
  }

  @Test
  void refusesTamperedOrUntrustedPackages() throws Exception {
    FileSealRegistry finance = FileSealRegistry.open(dir.resolve("finance"), CLOCK);
    finance.file(seal, FINANCE, DETAILS);
    byte[] pkg = finance.exportPackage(List.of(seal.sealInfo().esId()), f.signer).encoded();
    FileSealRegistry bank = FileSealRegistry.open(dir.resolve("bank"), CLOCK);
    byte[] tampered = pkg.clone();
    tampered[tampered.length / 3] ^= 1;
    assertThrows(UKeyException.class, () -> bank.importPackage(tampered, List.of(f.root)));
    SealFixtures stranger = new SealFixtures();
    SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
        () -> bank.importPackage(pkg, List.of(stranger.root)));
    assertTrue(e.getMessage().contains("not acceptable"), e.getMessage());
    assertThrows(InvalidEncodingException.class,
        () -> bank.importPackage(new byte[] {0x30, 0x03, 1, 2, 3}, List.of(f.root)));
    assertTrue(bank.list().isEmpty(), "nothing half-imported");
  }

  @Test
  void detectsADamagedRegistryFile() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    r.file(seal, FINANCE, DETAILS);
    Path file = dir.resolve("registry.der");
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    UKeyException e = assertThrows(UKeyException.class, r::list);
    assertTrue(e.getMessage().contains("registry.der"), e.getMessage());
  }

  @Test
  void registryBookHasTheAnnexColumns() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    r.file(seal, FINANCE, DETAILS);
    r.revoke(seal.sealInfo().esId(), "单位撤并, 停止使用");
    String[] lines = r.registryBook().split("\r\n");
    assertEquals("序号,内容,份数,生成时间（年/月/日/时/分）,生效日期,备案日期,交接方,接收方,备注", lines[0]);
    assertEquals("1,备案 新蔡县财政局国库集中支付业务专用章 (esID 41172900000001),2,2026/11/22/16/00,"
        + "2026-12-01,2026-11-22,财政局 王五,人民银行 赵六,首次备案", lines[1]);
    assertTrue(lines[2].startsWith("2,注销 "), lines[2]);
    assertTrue(lines[2].endsWith(",\"单位撤并, 停止使用\""), lines[2]);
  }

  @Test
  void verifiesSignaturesStampedAfterAFiling() throws Exception {
    FileSealRegistry r = FileSealRegistry.open(dir, CLOCK);
    r.file(seal, FINANCE, DETAILS);
    SESSignature sig = Stamper.builder(seal, f.signer).clock(CLOCK).build()
        .stamp(new ByteArrayInputStream(new byte[] {1}), "doc");
    VerificationReport rep = SealVerifier.builder().trustAnchors(List.of(f.root)).registry(r)
        .build().verify(sig.encoded(), new ByteArrayInputStream(new byte[] {1}));
    assertTrue(rep.isValid(), rep::describe);
  }
}
