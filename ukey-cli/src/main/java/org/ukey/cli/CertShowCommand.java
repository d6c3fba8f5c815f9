package org.ukey.cli;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.Sm3;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.pki.Certificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ukey cert show FILE}: what a certificate (or each of a PEM bundle) says: subject,
 * issuer, serial, validity, key, signature algorithm, CA flag, key usage, and SM3 and SHA-256
 * fingerprints. Parsing is strict; a malformed file is an error (exit 2).
 */
@Command(name = "show", description = "Show a certificate (PEM or DER, or a PEM bundle).")
final class CertShowCommand extends VerbCommand {
  private static final String[] KEY_USAGE = {"digitalSignature", "nonRepudiation",
      "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
      "encipherOnly", "decipherOnly"};

  @Parameters(index = "0", paramLabel = "FILE", description = "Certificate file.")
  Path file;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    List<X509Certificate> certs = Certificates.parseAll(
        SmallFiles.read(file, SmallFiles.MAX_KEY_FILE, "certificate"));
    if (certs.isEmpty()) {
      throw new CliException(file + ": no certificate in the file");
    }
    List<Json> docs = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (X509Certificate c : certs) {
      Json d = describe(c);
      docs.add(d);
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(describeText(c));
    }
    ukey.print(certs.size() == 1 ? docs.get(0) : Json.object().put("certificates", docs),
        text.toString().stripTrailing());
    return Failures.OK;
  }

  static Json describe(X509Certificate c) throws Exception {
    return Json.object()
        .put("subject", JsonViews.dn(c.getSubjectX500Principal()))
        .put("issuer", JsonViews.dn(c.getIssuerX500Principal()))
        .put("serial", c.getSerialNumber().toString(16))
        .put("notBefore", c.getNotBefore().toInstant().toString())
        .put("notAfter", c.getNotAfter().toInstant().toString())
        .put("key", keyName(c))
        .put("signatureAlgorithm", signatureName(c))
        .put("ca", c.getBasicConstraints() >= 0)
        .put("keyUsage", keyUsage(c))
        .put("sm3Fingerprint", HexFormat.of().formatHex(Sm3.digest(c.getEncoded())))
        .put("sha256Fingerprint", HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(c.getEncoded())));
  }

  private static String describeText(X509Certificate c) throws Exception {
    return "Subject:      " + JsonViews.dn(c.getSubjectX500Principal()) + "\n"
        + "Issuer:       " + JsonViews.dn(c.getIssuerX500Principal()) + "\n"
        + "Serial:       " + c.getSerialNumber().toString(16) + "\n"
        + "Valid:        " + c.getNotBefore().toInstant() + " to "
            + c.getNotAfter().toInstant() + "\n"
        + "Key:          " + keyName(c) + "\n"
        + "Signature:    " + signatureName(c) + "\n"
        + "CA:           " + (c.getBasicConstraints() >= 0 ? "yes" : "no") + "\n"
        + "Key usage:    " + String.join(", ", keyUsage(c)) + "\n"
        + "SM3:          " + HexFormat.of().formatHex(Sm3.digest(c.getEncoded())) + "\n"
        + "SHA-256:      " + HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(c.getEncoded())) + "\n";
  }

  private static String keyName(X509Certificate c) {
    try {
      return SoftKeys.specOf(c.getPublicKey()).name();
    } catch (UnsupportedAlgorithmException e) {
      return c.getPublicKey().getAlgorithm();
    }
  }

  private static String signatureName(X509Certificate c) {
    try {
      return Certificates.signatureAlgorithm(c).cliName();
    } catch (UnsupportedAlgorithmException e) {
      return c.getSigAlgOID();
    }
  }

  private static List<String> keyUsage(X509Certificate c) {
    List<String> out = new ArrayList<>();
    boolean[] ku = c.getKeyUsage();
    if (ku != null) {
      for (int i = 0; i < ku.length && i < KEY_USAGE.length; i++) {
        if (ku[i]) {
          out.add(KEY_USAGE[i]);
        }
      }
    }
    return out;
  }
}
