package org.ukey.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.Session;
import org.ukey.api.Signer;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;

/**
 * What the seal verbs share: reading seals and signatures from files with a size cap, the
 * signer of a key that must carry its certificate, and times given on the command line.
 */
final class SealFiles {
  /** The largest seal or seal signature read: real seals with pictures are tens of KiB. */
  static final int MAX_SEAL_FILE = 16 << 20;

  private SealFiles() {}

  static SESeal seal(Path path) throws IOException, CliException, InvalidEncodingException {
    return SESeal.parse(SmallFiles.read(path, MAX_SEAL_FILE, "seal"));
  }

  static byte[] signatureBytes(Path path) throws IOException, CliException {
    return SmallFiles.read(path, MAX_SEAL_FILE, "seal signature");
  }

  static SESSignature signature(Path path)
      throws IOException, CliException, InvalidEncodingException {
    return SESSignature.parse(signatureBytes(path));
  }

  /**
   * The signer of a key on the token, which must have its certificate stored with it (seals and
   * seal signatures carry the certificate).
   */
  static Signer signerWithCertificate(Session session, String label)
      throws UKeyException, CliException {
    return signerWithCertificate(session, keyWithCertificate(session, label));
  }

  /** The key, which must have its certificate stored with it. */
  static TokenKey keyWithCertificate(Session session, String label)
      throws UKeyException, CliException {
    TokenKey key = session.key(label);
    if (key.certificate().isEmpty()) {
      throw new CliException("key '" + label + "' has no certificate on the token; seals need"
          + " one (import it with `ukey cert import --label " + label + " CERT`)");
    }
    return key;
  }

  static Signer signerWithCertificate(Session session, TokenKey key) throws UKeyException {
    return session.signer(key, key.spec().defaultSignatureAlgorithm());
  }

  /**
   * A time from the command line: an ISO-8601 instant ({@code 2026-11-22T08:00:00Z}), a date and
   * time with an offset, or a date ({@code 2026-11-22}, midnight China Standard Time).
   */
  static Instant time(String text, String option) throws CliException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.ofHours(8)).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(option + " '" + text + "' is not a time: use 2026-11-22,"
          + " 2026-11-22T08:00:00Z or 2026-11-22T16:00:00+08:00");
    }
  }

  static String subject(X509Certificate cert) {
    return JsonViews.dn(cert.getSubjectX500Principal());
  }
}
