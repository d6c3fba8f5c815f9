package org.ukey.seal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.ukey.sm2.Sm3;

/**
 * The certificates of the people allowed to stamp with a seal (签章人证书列表).
 *
 * <p>GM/T 0031-2014 has {@code certList SEQUENCE OF cert} (DER certificates in OCTET STRINGs).
 * GB/T 38540-2020 has {@code certListType INTEGER} and {@code SES_CertList ::= CHOICE { certs
 * SEQUENCE OF OCTET STRING, certDigestList SEQUENCE OF CertDigestObj }} with
 * {@code CertDigestObj ::= SEQUENCE { type PrintableString, value OCTET STRING }}: type 1 lists
 * certificates, type 2 lists certificate digests. Real files also put other things there (an
 * IA5String {@code "1"} in one GM/T 0031 seal); those are kept as {@link Entry.Kind#OTHER}
 * entries that match no certificate.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SESCertList {
  /** {@code certListType} 1: the list holds certificates (GB/T 38540-2020). */
  public static final int TYPE_CERTIFICATES = 1;
  /** {@code certListType} 2: the list holds certificate digests (GB/T 38540-2020). */
  public static final int TYPE_DIGESTS = 2;

  private final int listType;
  private final List<Entry> entries;

  /**
   * Creates a list.
   *
   * @param listType {@link #TYPE_CERTIFICATES} or {@link #TYPE_DIGESTS} (GM/T 0031 lists are
   *     type 1)
   * @param entries the entries
   */
  public SESCertList(int listType, List<Entry> entries) {
    this.listType = listType;
    this.entries = List.copyOf(entries);
  }

  /**
   * A list of certificates (certListType 1).
   *
   * @param certificatesDer the DER certificates
   * @return the list
   */
  public static SESCertList ofCertificates(List<byte[]> certificatesDer) {
    List<Entry> e = new ArrayList<>();
    for (byte[] c : certificatesDer) {
      e.add(Entry.certificate(c));
    }
    return new SESCertList(TYPE_CERTIFICATES, e);
  }

  /**
   * The {@code certListType}.
   *
   * @return 1 (certificates) or 2 (digests); other values as found
   */
  public int listType() {
    return listType;
  }

  /**
   * The entries in order.
   *
   * @return an immutable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The certificates listed (entries of kind CERTIFICATE), DER.
   *
   * @return copies, in order
   */
  public List<byte[]> certificates() {
    List<byte[]> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.kind() == Entry.Kind.CERTIFICATE) {
        out.add(e.bytes());
      }
    }
    return out;
  }

  /**
   * Whether a certificate is on the list: byte for byte against the listed certificates
   * (GM/T 0031-2014 §6.2.2 c "二进制比对"), or by digest against the listed digests.
   *
   * @param certificateDer the certificate, DER
   * @return whether it matches an entry
   */
  public boolean contains(byte[] certificateDer) {
    Objects.requireNonNull(certificateDer, "certificateDer");
    for (Entry e : entries) {
      if (e.matches(certificateDer)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "SESCertList[type " + listType + ", " + entries.size() + " entries]";
  }

  /** One entry of the list. */
  public static final class Entry {
    /** What the entry holds. */
    public enum Kind {
      /** A DER certificate. */
      CERTIFICATE,
      /** A {@code CertDigestObj}: a digest algorithm name and a certificate digest. */
      DIGEST,
      /** Something else found in real files (kept, matches nothing). */
      OTHER
    }

    private final Kind kind;
    private final String digestType;
    private final byte[] bytes;

    private Entry(Kind kind, String digestType, byte[] bytes) {
      this.kind = kind;
      this.digestType = digestType;
      this.bytes = bytes.clone();
    }

    /**
     * A certificate entry.
     *
     * @param der the certificate
     * @return the entry
     */
    public static Entry certificate(byte[] der) {
      return new Entry(Kind.CERTIFICATE, null, der);
    }

    /**
     * A digest entry.
     *
     * @param type the digest algorithm name as written ({@code "SM3"}, {@code "SHA1"}, …)
     * @param value the digest of the certificate's DER
     * @return the entry
     */
    public static Entry digest(String type, byte[] value) {
      return new Entry(Kind.DIGEST, Objects.requireNonNull(type, "type"), value);
    }

    /**
     * An entry of another kind, kept as found.
     *
     * @param encoded the element as encoded
     * @return the entry
     */
    public static Entry other(byte[] encoded) {
      return new Entry(Kind.OTHER, null, encoded);
    }

    /**
     * What the entry holds.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * The digest algorithm name, for DIGEST entries.
     *
     * @return the name as written in the seal
     */
    public Optional<String> digestType() {
      return Optional.ofNullable(digestType);
    }

    /**
     * The certificate (CERTIFICATE), the digest value (DIGEST) or the element (OTHER).
     *
     * @return a copy
     */
    public byte[] bytes() {
      return bytes.clone();
    }

    boolean matches(byte[] certificateDer) {
      switch (kind) {
        case CERTIFICATE:
          return Arrays.equals(bytes, certificateDer);
        case DIGEST:
          return digestOf(digestType, certificateDer)
              .map(d -> MessageDigest.isEqual(d, bytes)).orElse(false);
        default:
          return false;
      }
    }

    @Override
    public String toString() {
      return "Entry[" + kind + (digestType != null ? " " + digestType : "") + ", "
          + bytes.length + " bytes]";
    }
  }

  /**
   * The digest of a certificate with an algorithm named as seal systems write it.
   *
   * @param type {@code SM3}, {@code SHA1}/{@code SHA-1}, {@code SHA256}/{@code SHA-256} or their
   *     OIDs, case-insensitive
   * @param data the bytes
   * @return the digest, or empty if the name is unknown
   */
  static Optional<byte[]> digestOf(String type, byte[] data) {
    Digest d;
    switch (type.trim().toUpperCase(Locale.ROOT).replace("-", "")) {
      case "SM3":
      case "1.2.156.10197.1.401":
        d = Sm3.newDigest();
        break;
      case "SHA1":
      case "1.3.14.3.2.26":
        d = new SHA1Digest();
        break;
      case "SHA256":
      case "2.16.840.1.101.3.4.2.1":
        d = new SHA256Digest();
        break;
      default:
        return Optional.empty();
    }
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return Optional.of(out);
  }

  static boolean knownDigest(String type) {
    return digestOf(type, new byte[0]).isPresent();
  }
}
