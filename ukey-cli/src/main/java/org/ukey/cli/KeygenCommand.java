package org.ukey.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.sm2.pki.CertificateBuilder;
import org.ukey.sm2.pki.DistinguishedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey keygen}: generates a key pair on the token, optionally writes its public key and
 * stores a self-signed certificate with it (for tests and demos; production keys get their
 * certificate from a CA).
 */
@Command(name = "keygen", description = "Generate a key pair on the token.")
final class KeygenCommand extends VerbCommand {
  /** The longest self-signed validity accepted: a hundred years is already a mistake. */
  private static final int MAX_DAYS = 36_500;

  @Option(names = "--alg", required = true, paramLabel = "ALG",
      description = "sm2, rsa2048, rsa3072, ec-p256 or ec-p384.")
  String alg;

  @Option(names = "--label", required = true, paramLabel = "LABEL",
      description = "Label of the new key; must be unused on the token.")
  String label;

  @Option(names = "--public-out", paramLabel = "PEM",
      description = "Write the public key (SubjectPublicKeyInfo, PEM) to this file.")
  Path publicOut;

  @Option(names = "--self-signed", paramLabel = "SUBJECT",
      description = "Also store a self-signed certificate for SUBJECT, such as"
          + " \"CN=Zhang San,O=Finance Bureau\".")
  String selfSigned;

  @Option(names = "--days", paramLabel = "N",
      description = "Validity of the self-signed certificate in days (default 365).")
  Integer days;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    KeySpec spec = KeySpec.byName(alg).orElseThrow(() -> new CliException("unknown --alg '"
        + alg + "'; one of: sm2, rsa2048, rsa3072, ec-p256, ec-p384"));
    if (days != null && selfSigned == null) {
      throw new CliException("--days is the validity of --self-signed; give --self-signed"
          + " SUBJECT too");
    }
    int validityDays = days == null ? 365 : days;
    if (validityDays < 1 || validityDays > MAX_DAYS) {
      throw new CliException("--days must be 1 to " + MAX_DAYS + ", was " + validityDays);
    }
    if (selfSigned != null) {
      checkSubject(selfSigned);
    }
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      String tokenLabel = token.info().label();
      try (Session session = choice.login(token)) {
        requireUnused(session, tokenLabel);
        TokenKey key = session.generateKey(spec, label);
        X509Certificate cert = null;
        if (selfSigned != null) {
          cert = certify(session, key, spec, validityDays);
          key = session.importCertificate(key, cert);
        }
        if (publicOut != null) {
          AtomicFiles.write(publicOut,
              KeyFiles.publicKeyPem(key.publicKey()).getBytes(StandardCharsets.US_ASCII));
        }
        StringBuilder text = new StringBuilder();
        text.append("Generated ").append(spec.name()).append(" key '").append(label)
            .append("' (id ").append(JsonViews.hex(key.id())).append(") on token '")
            .append(tokenLabel).append("'.");
        if (cert != null) {
          text.append("\nSelf-signed certificate: ")
              .append(JsonViews.dn(cert.getSubjectX500Principal())).append(", valid ")
              .append(cert.getNotBefore().toInstant()).append(" to ")
              .append(cert.getNotAfter().toInstant()).append('.');
        }
        if (publicOut != null) {
          text.append("\nPublic key written to ").append(publicOut).append('.');
        }
        ukey.print(JsonViews.key(key).put("token", tokenLabel)
            .put("publicKeyFile", publicOut == null ? null : publicOut.toString()), text
            .toString());
        return Failures.OK;
      }
    }
  }

  /** Fails before the (possibly slow) generation when the label is taken. */
  private void requireUnused(Session session, String tokenLabel)
      throws UKeyException, CliException {
    try {
      session.key(label);
    } catch (KeyNotFoundException expected) {
      return;
    }
    throw new CliException("a key labelled '" + label + "' already exists on token '"
        + tokenLabel + "'");
  }

  /**
   * Makes the self-signed certificate; if that fails, the key just made is deleted, so that a
   * failed keygen leaves the token as it was.
   */
  private X509Certificate certify(Session session, TokenKey key, KeySpec spec, int validityDays)
      throws UKeyException {
    try {
      // Backdated a little: a verifier whose clock is a few minutes behind still accepts it.
      Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
      return CertificateBuilder.forSubject(selfSigned, key.publicKey())
          .validity(from, from.plus(Duration.ofDays(validityDays)))
          .sign(session.signer(key, spec.defaultSignatureAlgorithm()));
    } catch (UKeyException | RuntimeException e) {
      try {
        session.deleteKey(key);
      } catch (UKeyException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static void checkSubject(String subject) throws CliException {
    try {
      DistinguishedNames.parse(subject); // as CertificateBuilder will parse it
    } catch (IllegalArgumentException e) {
      throw new CliException("--self-signed: " + e.getMessage(), e);
    }
  }
}
