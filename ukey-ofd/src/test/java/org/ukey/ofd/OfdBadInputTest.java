package org.ukey.ofd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;

/** Hostile packages: refused with a clear error, before anything is trusted. */
class OfdBadInputTest {
  private static final OfdVerifier VERIFIER = OfdVerifier.builder().build();

  private static InvalidEncodingException refused(byte[] ofd) {
    return assertThrows(InvalidEncodingException.class, () -> VERIFIER.verify(ofd));
  }

  @Test
  void refusesAZipBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("OFD.xml"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        z.write(zeros); // 100 MiB of zeros compress to about 100 KiB
      }
      z.closeEntry();
    }
    assertTrue(out.size() < 1 << 20);
    InvalidEncodingException e = refused(out.toByteArray());
    assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
    OfdVerifier strict = OfdVerifier.builder().limits(new OfdLimits(100, 1 << 20, 1 << 20, 200))
        .build();
    assertThrows(InvalidEncodingException.class, () -> strict.verify(out.toByteArray()));
  }

  @Test
  void refusesAHighlyCompressedEntryBelowTheSizeLimits() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("OFD.xml"));
      z.write(new byte[4 << 20]);
      z.closeEntry();
    }
    InvalidEncodingException e = refused(out.toByteArray());
    assertTrue(e.getMessage().contains("expands"), e.getMessage());
  }

  @Test
  void refusesEntriesOutsideThePackage() throws Exception {
    for (String name : new String[] {"../evil.xml", "Doc_0/../../evil.xml", "/etc/passwd",
        "C:\\evil.xml", "Doc_0//x.xml", "./OFD.xml"}) {
      InvalidEncodingException e = refused(zip(Map.of(name, "x")));
      assertTrue(e.getMessage().contains("entry"), name + ": " + e.getMessage());
    }
  }

  @Test
  void refusesDuplicateEntries() throws Exception {
    // ZipOutputStream refuses to write a name twice: write OFD.xmX and rename it in the bytes
    // (names are not covered by the CRC), as a crafted package would.
    byte[] zip = zip(new java.util.TreeMap<>(Map.of("OFD.xml", "<a/>", "OFD.xmX", "<b/>")));
    String latin = new String(zip, StandardCharsets.ISO_8859_1).replace("OFD.xmX", "OFD.xml");
    InvalidEncodingException e = refused(latin.getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void refusesXmlWithExternalEntitiesOrADoctype() throws Exception {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE ofd:OFD [<!ENTITY x SYSTEM"
        + " \"file:///etc/passwd\">]><ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\">"
        + "<ofd:DocBody><ofd:DocRoot>&x;</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
    InvalidEncodingException e = refused(zip(Map.of("OFD.xml", xxe)));
    assertTrue(e.getMessage().contains("/OFD.xml") && e.getMessage().contains("DOCTYPE"),
        e.getMessage());
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
        + "<lolz>&lol2;</lolz>";
    refused(zip(Map.of("OFD.xml", laughs)));
  }

  @Test
  void refusesLocationsLeavingThePackage() throws Exception {
    String ofd = "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody>"
        + "<ofd:DocRoot>../../etc/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
    assertTrue(refused(zip(Map.of("OFD.xml", ofd))).getMessage().contains("leaves the package"));
  }

  @Test
  void refusesNonZipsAndMissingParts() throws Exception {
    refused("plain text".getBytes());
    refused(new byte[0]);
    refused(zip(Map.of("readme.txt", "no OFD.xml")));
    refused(zip(Map.of("OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>")));
    refused(zip(Map.of("OFD.xml", "<ofd:OFD")));
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
