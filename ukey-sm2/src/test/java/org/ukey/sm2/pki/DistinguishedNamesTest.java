package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;

class DistinguishedNamesTest {
  private static final String TREASURY = "CN=张三,OU=国库支付中心,O=示范市财政局,C=CN";

  @TempDir
  Path dir;

  @Test
  void encodesTheLastWrittenRdnFirst() {
    // Name ::= SEQUENCE OF SET OF SEQUENCE {type, value}: C (PrintableString "CN") first,
    // then CN (UTF8String "张三"), each AVA in its own SET.
    byte[] expected = HexFormat.of().parseHex("301e"
        + "310b" + "3009" + "0603550406" + "1302434e"
        + "310f" + "300d" + "0603550403" + "0c06e5bca0e4b889");
    assertArrayEquals(expected, DistinguishedNames.parse("CN=张三,C=CN").getEncoded());
  }

  @Test
  void encodesCountryAsPrintableStringAndCjkAsUtf8String() {
    RDN[] rdns = X500Name.getInstance(DistinguishedNames.parse(TREASURY).getEncoded()).getRDNs();
    assertEquals(4, rdns.length);
    assertEquals(BCStyle.C, rdns[0].getFirst().getType());
    assertEquals(BCStyle.O, rdns[1].getFirst().getType());
    assertEquals(BCStyle.OU, rdns[2].getFirst().getType());
    assertEquals(BCStyle.CN, rdns[3].getFirst().getType());
    assertEquals(new DERPrintableString("CN"), rdns[0].getFirst().getValue());
    assertEquals(new DERUTF8String("示范市财政局"), rdns[1].getFirst().getValue());
    assertEquals(new DERUTF8String("张三"), rdns[3].getFirst().getValue());
    ASN1Encodable email = X500Name.getInstance(
        DistinguishedNames.parse("E=zhangsan@example.cn,CN=x").getEncoded()).getRDNs()[1]
        .getFirst().getValue();
    assertEquals(new DERIA5String("zhangsan@example.cn"), email);
  }

  @Test
  void encodesAsOpensslDoesForTheSameSubject() throws Exception {
    Path key = dir.resolve("k.pem");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    byte[] pem = OpenSsl.run(dir, "req", "-x509", "-new", "-key", key.toString(), "-sm3",
        "-sigopt", "distid:1234567812345678", "-utf8", "-subj",
        "/C=CN/O=示范市财政局/OU=国库支付中心/CN=张三", "-days", "30");
    X509Certificate ossl = Certificates.parse(pem);
    assertArrayEquals(ossl.getSubjectX500Principal().getEncoded(),
        DistinguishedNames.parse(TREASURY).getEncoded());
    assertEquals(TREASURY, DistinguishedNames.format(ossl.getSubjectX500Principal()));
  }

  @Test
  void printsARealCaCertificateAsOpensslPrintsRfc2253() throws Exception {
    Path pem = TestIdentity.sealsDirectory().resolve("ofdrw-sign_cert.pem");
    X509Certificate cert = Certificates.parse(Files.readAllBytes(pem));
    String ossl = new String(OpenSsl.run(dir, "x509", "-in", pem.toString(), "-noout",
        "-subject", "-issuer", "-nameopt", "RFC2253,-esc_msb"), StandardCharsets.UTF_8);
    assertEquals("subject=" + DistinguishedNames.format(cert.getSubjectX500Principal()) + "\n"
        + "issuer=" + DistinguishedNames.format(cert.getIssuerX500Principal()) + "\n", ossl);
    assertEquals("CN=Test Certificate,L=Hangzhou,ST=Zhejiang,O=OFD R&W,C=CN",
        DistinguishedNames.format(cert.getSubjectX500Principal()));
  }

  @Test
  void printsWhatWasWritten() {
    for (String dn : new String[] {TREASURY, "CN=张三 (出纳),OU=国库集中支付中心,O=示范市财政局,C=CN",
        "CN=Zhang\\, San+UID=zs01,O=Finance\\+Treasury,C=CN", "E=zhangsan@example.cn,CN=x",
        "1.2.156.10260.4.1.1=110101199001011234,CN=张三", "CN=\\#1", "CN=a\\=b", ""}) {
      assertEquals(dn, DistinguishedNames.format(DistinguishedNames.parse(dn)), dn);
    }
  }

  @Test
  void printsAValueThatIsNotTextAsHexInsteadOfFailing() {
    // CN = UTF8String 0xFF (not UTF-8), then C = "CN": a damaged certificate's name.
    X500Principal damaged = new X500Principal(HexFormat.of().parseHex("3019"
        + "310b" + "3009" + "0603550406" + "1302434e"
        + "310a" + "3008" + "0603550403" + "0c01ff"));
    assertEquals("CN=#0c01ff,C=CN", DistinguishedNames.format(damaged));
  }

  @Test
  void readsAttributeNamesInAnyCaseAndSpacesAroundSeparators() {
    assertEquals(DistinguishedNames.parse(TREASURY),
        DistinguishedNames.parse("cn=张三, ou=国库支付中心, o=示范市财政局, c=CN"));
  }

  @Test
  void printsTheSameAsTheJdkForCommonAttributes() {
    X500Principal p = DistinguishedNames.parse(TREASURY);
    assertEquals(p.getName(), DistinguishedNames.format(p));
  }

  @Test
  void rejectsWhatIsNotADistinguishedNameSayingWhy() {
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> DistinguishedNames.parse("张三"));
    assertTrue(garbage.getMessage().contains("RFC 4514") && garbage.getMessage().contains("张三"),
        garbage.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> DistinguishedNames.parse("XM=张三"));
    assertTrue(unknown.getMessage().contains("XM"), unknown.getMessage());
    IllegalArgumentException country = assertThrows(IllegalArgumentException.class,
        () -> DistinguishedNames.parse("CN=张三,C=中国"));
    assertTrue(country.getMessage().contains("PrintableString"), country.getMessage());
  }
}
