package org.ukey.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The real seal and OFD files of testdata/interop/seals (see its README for origins). */
final class InteropVectors {
  private InteropVectors() {}

  static Path dir() {
    String base = System.getProperty("ukey.testdata");
    if (base == null) {
      throw new IllegalStateException("system property ukey.testdata is not set (run through"
          + " Maven, which sets it to <repo>/testdata)");
    }
    return Path.of(base, "interop", "seals");
  }

  static byte[] file(String name) throws IOException {
    return Files.readAllBytes(dir().resolve(name));
  }

  /** One entry of an OFD package (a zip), read with the JDK. */
  static byte[] ofdEntry(String ofd, String entry) throws IOException {
    try (InputStream in = Files.newInputStream(dir().resolve(ofd));
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(entry) || ("/" + e.getName()).equals(entry)) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          zip.transferTo(out);
          return out.toByteArray();
        }
      }
    }
    throw new IOException(entry + " not in " + ofd);
  }

  /** A PKCS#12 key store (the ofdrw files use legacy RC2-40; BouncyCastle reads them). */
  static KeyStore p12(String name, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
    try (InputStream in = Files.newInputStream(dir().resolve(name))) {
      ks.load(in, password.toCharArray());
    }
    return ks;
  }

  static X509Certificate certificate(String p12, String password) throws Exception {
    KeyStore ks = p12(p12, password);
    return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
  }

  static PrivateKey privateKey(String p12, String password) throws Exception {
    KeyStore ks = p12(p12, password);
    return (PrivateKey) ks.getKey(ks.aliases().nextElement(), password.toCharArray());
  }

  static X509Certificate ofdrwRoot() throws Exception {
    return certificate("ofdrw-ROOT.p12", "123456");
  }
}
