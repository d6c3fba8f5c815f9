package org.ukey.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.InvalidEncodingException;
import org.ukey.seal.internal.BoundedCache;
import org.ukey.seal.internal.ByteKey;
import org.ukey.seal.internal.Der.Tlv;
import org.ukey.seal.internal.Der;

/**
 * Reads the seal structures of GM/T 0031-2014 and GB/T 38540-2020 (and ofdrw's v5) by shape,
 * accepting the dialects real files use, and keeping the received bytes of every signed part.
 *
 * <p>Dialects accepted (each seen in a real file, see the interop vectors' README): tagged
 * ({@code [0]} explicit or implicit) or untagged {@code extDatas}; UTCTime or GeneralizedTime in
 * either format; certificate lists of certificates, of digests, or holding an IA5String; a
 * {@code timeInfo} BIT STRING holding text or a DER time; OCTET STRING where GM/T 0031 has BIT
 * STRING for {@code timeInfo}/{@code dataHash}.
 */
final class SealCodec {
  /** China Standard Time: the zone of local times written by Chinese seal systems. */
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private SealCodec() {}

  static SESeal parseSeal(byte[] der) throws InvalidEncodingException {
    return parseSeal(Der.parse(der, "SESeal"));
  }

  /**
   * Seals parsed in this JVM, by their exact bytes: a verifier meets the same few seals inside
   * every signature, and a seal is most of a signature's bytes. Seals are immutable, so one
   * parsed object serves every caller; 256 entries bound what is held.
   */
  private static final BoundedCache<ByteKey, SESeal> PARSED = new BoundedCache<>(256);

  static SESeal parseSeal(Tlv top) throws InvalidEncodingException {
    ByteKey bytes = top.region();
    SESeal seal = PARSED.peek(bytes);
    if (seal == null) {
      seal = parseSealOnce(top);
      // Keyed by the seal's own array, which it never writes or hands out.
      PARSED.put(ByteKey.view(seal.encodedNoCopy()), seal);
    }
    return seal;
  }

  private static SESeal parseSealOnce(Tlv top) throws InvalidEncodingException {
    String w = top.what();
    top.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = top.children(w);
    if (f.size() == 2) {
      SESSealInfo info = parseSealInfo(f.get(0).named(w, ".esealInfo"));
      Tlv signInfo = f.get(1).named(w, ".signInfo").expect(Der.SEQUENCE, "SEQUENCE");
      List<Tlv> s = signInfo.children(signInfo.what());
      if (s.size() != 3) {
        throw new InvalidEncodingException(signInfo.what(), signInfo.offset(),
            "SES_SignInfo has " + s.size() + " fields, expected 3 (cert, signatureAlgorithm,"
                + " signData; GM/T 0031-2014 §6.1.1)");
      }
      Tlv cert = s.get(0).named(signInfo.what(), ".cert");
      Tlv alg = s.get(1).named(signInfo.what(), ".signatureAlgorithm");
      Tlv sig = s.get(2).named(signInfo.what(), ".signData");
      byte[] certDer = cert.octets();
      String algOid = alg.oidValue();
      byte[] sigValue = sig.bitStringBytes();
      // GM/T 0031-2014 §6.1.1: the maker signs SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }
      // built from the elements as received.
      byte[] signed = sequence(info.encodedNoCopy(), cert.encoded(), alg.encoded());
      return new SESeal(SealFormat.GMT_0031_2014, info, certDer, algOid, sigValue, null,
          top.encoded(), signed);
    }
    if (f.size() == 4 || f.size() == 5) {
      SESSealInfo info = parseSealInfo(f.get(0).named(w, ".eSealInfo"));
      byte[] certDer = f.get(1).named(w, ".cert").octets();
      String algOid = f.get(2).named(w, ".signAlgID").oidValue();
      byte[] sigValue = f.get(3).named(w, ".signedValue").bitStringBytes();
      byte[] timeStamp = f.size() == 5 ? timeStamp(f.get(4).named(w, ".timeStamp")) : null;
      SealFormat format = f.size() == 5 || info.header().version() == 5
          ? SealFormat.OFDRW_V5 : SealFormat.GBT_38540_2020;
      return new SESeal(format, info, certDer, algOid, sigValue, timeStamp, top.encoded(),
          info.encodedNoCopy());
    }
    throw new InvalidEncodingException(w, top.offset(), "SESeal has " + f.size()
        + " fields; expected 2 (GM/T 0031-2014) or 4 to 5 (GB/T 38540-2020)");
  }

  static SESSealInfo parseSealInfo(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = t.children(w);
    if (f.size() < 4 || f.size() > 5) {
      throw new InvalidEncodingException(w, t.offset(), "SES_SealInfo has " + f.size()
          + " fields, expected 4 or 5 (header, esID, property, picture[, extDatas])");
    }
    SESHeader header = parseHeader(f.get(0).named(w, ".header"));
    String esId = f.get(1).named(w, ".esID").stringValue();
    SESPropertyInfo property = parseProperty(f.get(2).named(w, ".property"));
    SESPictureInfo picture = parsePicture(f.get(3).named(w, ".picture"));
    List<ExtData> ext = f.size() == 5 ? parseExtDatas(f.get(4).named(w, ".extDatas"))
        : List.of();
    return new SESSealInfo(header, esId, property, picture, ext, t.encoded());
  }

  static SESHeader parseHeader(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = t.children(w);
    if (f.size() != 3) {
      throw new InvalidEncodingException(w, t.offset(),
          "SES_Header has " + f.size() + " fields, expected 3 (ID, version, Vid)");
    }
    return new SESHeader(f.get(0).named(w, ".ID").stringValue(),
        f.get(1).named(w, ".version").intValue(), f.get(2).named(w, ".Vid").stringValue());
  }

  static SESPropertyInfo parseProperty(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = t.children(w);
    if (f.size() == 6) {
      // GM/T 0031-2014: type, name, certList, createDate, validStart, validEnd
      int type = f.get(0).named(w, ".type").intValue();
      String name = f.get(1).named(w, ".name").stringValue();
      SESCertList list = parseCertList(f.get(2).named(w, ".certList"), 1);
      return new SESPropertyInfo(type, name, list, f.get(3).named(w, ".createDate").timeValue(),
          f.get(4).named(w, ".validStart").timeValue(),
          f.get(5).named(w, ".validEnd").timeValue());
    }
    if (f.size() == 7) {
      // GB/T 38540-2020: type, name, certListType, certList, createDate, validStart, validEnd
      int type = f.get(0).named(w, ".type").intValue();
      String name = f.get(1).named(w, ".name").stringValue();
      int listType = f.get(2).named(w, ".certListType").intValue();
      SESCertList list = parseCertList(f.get(3).named(w, ".certList"), listType);
      return new SESPropertyInfo(type, name, list, f.get(4).named(w, ".createDate").timeValue(),
          f.get(5).named(w, ".validStart").timeValue(),
          f.get(6).named(w, ".validEnd").timeValue());
    }
    throw new InvalidEncodingException(w, t.offset(), "SES_ESPropertyInfo has " + f.size()
        + " fields, expected 6 (GM/T 0031-2014) or 7 (GB/T 38540-2020)");
  }

  static SESCertList parseCertList(Tlv t, int listType) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<SESCertList.Entry> entries = new ArrayList<>();
    for (Tlv e : t.children(w)) {
      if (listType == SESCertList.TYPE_DIGESTS && e.tag() == Der.SEQUENCE) {
        List<Tlv> d = e.children(e.what());
        if (d.size() != 2) {
          throw new InvalidEncodingException(e.what(), e.offset(),
              "CertDigestObj has " + d.size() + " fields, expected 2 (type, value)");
        }
        entries.add(SESCertList.Entry.digest(d.get(0).named(e.what(), ".type").stringValue(),
            d.get(1).named(e.what(), ".value").octets()));
      } else if (e.tag() == Der.OCTET_STRING) {
        entries.add(SESCertList.Entry.certificate(e.value()));
      } else if (e.tag() == Der.SEQUENCE && listType == SESCertList.TYPE_CERTIFICATES) {
        // A certificate written as itself rather than wrapped in an OCTET STRING.
        entries.add(SESCertList.Entry.certificate(e.encoded()));
      } else {
        entries.add(SESCertList.Entry.other(e.encoded()));
      }
    }
    return new SESCertList(listType, entries);
  }

  static SESPictureInfo parsePicture(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = t.children(w);
    if (f.size() != 4) {
      throw new InvalidEncodingException(w, t.offset(), "SES_ESPictrueInfo has " + f.size()
          + " fields, expected 4 (type, data, width, height)");
    }
    return new SESPictureInfo(f.get(0).named(w, ".type").stringValue(),
        f.get(1).named(w, ".data").octets(), f.get(2).named(w, ".width").intValue(),
        f.get(3).named(w, ".height").intValue());
  }

  /**
   * ExtensionDatas: untagged {@code SEQUENCE OF ExtData}, {@code [0]} explicit around it, or
   * {@code [0]} implicit (the ExtData elements directly inside the tag).
   */
  static List<ExtData> parseExtDatas(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    List<Tlv> items;
    if (t.tag() == Der.SEQUENCE) {
      items = t.children(w);
    } else if (t.tag() == Der.CONTEXT_0_CONSTRUCTED) {
      List<Tlv> inner = t.children(w);
      boolean explicit = inner.size() == 1 && inner.get(0).tag() == Der.SEQUENCE
          && firstChildTag(inner.get(0)) != Der.OID;
      items = explicit ? inner.get(0).children(w) : inner;
    } else {
      throw new InvalidEncodingException(w, t.offset(), String.format(
          "expected ExtensionDatas (SEQUENCE or [0]), found tag 0x%02x", t.tag()));
    }
    List<ExtData> out = new ArrayList<>();
    for (Tlv e : items) {
      e.expect(Der.SEQUENCE, "SEQUENCE");
      List<Tlv> x = e.children(e.what());
      if (x.size() < 2 || x.size() > 3) {
        throw new InvalidEncodingException(e.what(), e.offset(),
            "ExtData has " + x.size() + " fields, expected 2 or 3 (extnID, critical, extnValue)");
      }
      String oid = x.get(0).named(e.what(), ".extnID").oidValue();
      boolean critical = x.size() == 3 && x.get(1).named(e.what(), ".critical").booleanValue();
      byte[] value = x.get(x.size() - 1).named(e.what(), ".extnValue").octets();
      out.add(new ExtData(oid, critical, value));
    }
    return out;
  }

  private static int firstChildTag(Tlv seq) throws InvalidEncodingException {
    List<Tlv> c = seq.children(seq.what());
    return c.isEmpty() ? -1 : c.get(0).tag();
  }

  /** A time-stamp: {@code [0]} explicit around a BIT STRING, {@code [0]} implicit, or bare. */
  static byte[] timeStamp(Tlv t) throws InvalidEncodingException {
    if (t.tag() == Der.CONTEXT_0_CONSTRUCTED) {
      List<Tlv> inner = t.children(t.what());
      if (inner.size() == 1 && inner.get(0).tag() == Der.BIT_STRING) {
        return inner.get(0).bitStringBytes();
      }
      if (inner.size() == 1 && inner.get(0).tag() == Der.OCTET_STRING) {
        return inner.get(0).octets();
      }
      // [0] IMPLICIT of a constructed token: keep the content.
      return t.value();
    }
    if (t.tag() == Der.CONTEXT_0_PRIMITIVE) {
      byte[] v = t.value();
      if (v.length == 0) {
        throw new InvalidEncodingException(t.what(), t.offset(), "empty time-stamp");
      }
      byte[] out = new byte[v.length - 1];
      System.arraycopy(v, 1, out, 0, out.length);
      return out;
    }
    if (t.tag() == Der.BIT_STRING) {
      return t.bitStringBytes();
    }
    throw new InvalidEncodingException(t.what(), t.offset(),
        String.format("expected time-stamp [0] BIT STRING, found tag 0x%02x", t.tag()));
  }

  /**
   * Parses a seal signature over {@code der} itself, without a copy: the signature and its
   * {@code TBS_Sign} keep ranges of the array, so it must not be written while they are in use
   * ({@link SESSignature#parse} hands a private copy; the verifier, whose parsed signature
   * lives for one call, the caller's array).
   */
  static SESSignature parseSignature(byte[] der) throws InvalidEncodingException {
    Tlv top = Der.parse(der, "SES_Signature").expect(Der.SEQUENCE, "SEQUENCE");
    String w = top.what();
    List<Tlv> f = top.children(w);
    if (f.size() == 2) {
      TBSSign tbs = parseTbs(f.get(0).named(w, ".toSign"));
      if (tbs.signerCertificate().isEmpty()) {
        throw new InvalidEncodingException(w + ".toSign", f.get(0).offset(),
            "a two-field SES_Signature (GM/T 0031-2014) needs the signer cert inside TBS_Sign");
      }
      byte[] sig = f.get(1).named(w, ".signature").bitStringBytes();
      return new SESSignature(SealFormat.GMT_0031_2014, tbs, tbs.signerCertificate().get(),
          tbs.signatureAlgorithmOid().orElseThrow(), sig, null, der);
    }
    if (f.size() == 4 || f.size() == 5) {
      TBSSign tbs = parseTbs(f.get(0).named(w, ".toSign"));
      byte[] cert = f.get(1).named(w, ".cert").octets();
      String alg = f.get(2).named(w, ".signatureAlgID").oidValue();
      byte[] sig = f.get(3).named(w, ".signature").bitStringBytes();
      byte[] ts = f.size() == 5 ? timeStamp(f.get(4).named(w, ".timeStamp")) : null;
      SealFormat format = tbs.version() == 5 || tbs.seal().format() == SealFormat.OFDRW_V5
          ? SealFormat.OFDRW_V5 : SealFormat.GBT_38540_2020;
      return new SESSignature(format, tbs, cert, alg, sig, ts, der);
    }
    throw new InvalidEncodingException(w, top.offset(), "SES_Signature has " + f.size()
        + " fields; expected 2 (GM/T 0031-2014) or 4 to 5 (GB/T 38540-2020)");
  }

  static TBSSign parseTbs(Tlv t) throws InvalidEncodingException {
    String w = t.what();
    t.expect(Der.SEQUENCE, "SEQUENCE");
    List<Tlv> f = t.children(w);
    if (f.size() < 5) {
      throw new InvalidEncodingException(w, t.offset(),
          "TBS_Sign has " + f.size() + " fields, expected at least 5");
    }
    int version = f.get(0).named(w, ".version").intValue();
    SESeal seal = parseSeal(f.get(1).named(w, ".eseal"));
    Tlv time = f.get(2).named(w, ".timeInfo");
    Tlv hash = f.get(3).named(w, ".dataHash");
    String property = f.get(4).named(w, ".propertyInfo").stringValue();
    if (time.tag() == Der.GENERALIZED_TIME || time.tag() == Der.UTC_TIME) {
      // GB/T 38540-2020: ..., propertyInfo, extDatas [0] OPTIONAL
      if (f.size() > 6) {
        throw new InvalidEncodingException(w, t.offset(), "TBS_Sign (GB/T 38540-2020) has "
            + f.size() + " fields, expected 5 or 6");
      }
      List<ExtData> ext = f.size() == 6 ? parseExtDatas(f.get(5).named(w, ".extDatas"))
          : List.of();
      return new TBSSign(version, seal, time.value(), time.timeValue(), bitsOrOctets(hash),
          property, null, null, ext, t.source(), t.offset(), t.end() - t.offset());
    }
    // GM/T 0031-2014: ..., propertyInfo, cert OCTET STRING, signatureAlgorithm OID
    if (f.size() != 7) {
      throw new InvalidEncodingException(w, t.offset(), "TBS_Sign (GM/T 0031-2014) has "
          + f.size() + " fields, expected 7");
    }
    byte[] timeInfo = bitsOrOctets(time);
    byte[] cert = f.get(5).named(w, ".cert").octets();
    String alg = f.get(6).named(w, ".signatureAlgorithm").oidValue();
    return new TBSSign(version, seal, timeInfo, readLooseTime(timeInfo), bitsOrOctets(hash),
        property, cert, alg, List.of(), t.source(), t.offset(), t.end() - t.offset());
  }

  private static byte[] bitsOrOctets(Tlv t) throws InvalidEncodingException {
    if (t.tag() == Der.OCTET_STRING) {
      return t.octets();
    }
    return t.bitStringBytes();
  }

  /**
   * Reads a GM/T 0031 {@code timeInfo}, which the standard leaves open ("可以是时间戳，也可以是
   * UTCTIME 时间"): a DER UTCTime/GeneralizedTime, ISO-8601 text with a zone, or local text
   * ({@code yyyy-MM-dd HH:mm:ss}, {@code yyyyMMddHHmmss}) read as China Standard Time.
   */
  static Instant readLooseTime(byte[] b) {
    if (b.length > 2 && (b[0] == Der.UTC_TIME || b[0] == Der.GENERALIZED_TIME)) {
      try {
        return Der.parse(b, "timeInfo").timeValue();
      } catch (InvalidEncodingException e) {
        // not a DER time: try text below
      }
    }
    String s = new String(b, StandardCharsets.US_ASCII).trim();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
          .toInstant(CHINA);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      if (s.matches("\\d{14}(\\.\\d{1,9})?Z")) {
        return Der.parse(derTime(Der.GENERALIZED_TIME, s), "timeInfo").timeValue();
      }
      if (s.matches("\\d{14}")) {
        return LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
            .toInstant(CHINA);
      }
    } catch (InvalidEncodingException | DateTimeParseException e) {
      return null;
    }
    return null;
  }

  static byte[] derTime(int tag, String text) {
    byte[] v = text.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[2 + v.length];
    out[0] = (byte) tag;
    out[1] = (byte) v.length;
    System.arraycopy(v, 0, out, 2, v.length);
    return out;
  }

  /** DER {@code SEQUENCE} around already-encoded elements. */
  static byte[] sequence(byte[]... elements) {
    int len = 0;
    for (byte[] e : elements) {
      len += e.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
    out.write(0x30);
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len);
    } else if (len < 0x1000000) {
      out.write(0x83);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    } else {
      out.write(0x84);
      out.write(len >>> 24);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    }
    for (byte[] e : elements) {
      out.write(e, 0, e.length);
    }
    return out.toByteArray();
  }
}
