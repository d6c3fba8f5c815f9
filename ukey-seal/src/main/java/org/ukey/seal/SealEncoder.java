package org.ukey.seal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * Writes the seal structures in DER. Parts that are embedded unchanged (a seal inside
 * {@code TBS_Sign}, a {@code SES_SealInfo} inside its seal) are spliced in as the exact bytes
 * that were signed, never re-encoded.
 */
final class SealEncoder {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SealEncoder() {}

  static byte[] der(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static byte[] integer(long v) {
    return der(new ASN1Integer(v));
  }

  static byte[] ia5(String s) {
    return der(new DERIA5String(s, true));
  }

  static byte[] utf8(String s) {
    return der(new DERUTF8String(s));
  }

  static byte[] octets(byte[] b) {
    return der(new DEROctetString(b));
  }

  static byte[] bits(byte[] b) {
    return der(new DERBitString(b));
  }

  static byte[] oid(String dotted) {
    return der(new ASN1ObjectIdentifier(dotted));
  }

  /** GeneralizedTime to the second, {@code YYYYMMDDhhmmssZ}: the form every real v4 seal uses. */
  static byte[] generalizedTime(Instant t) {
    java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0,
        ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      throw new IllegalArgumentException("year out of range for GeneralizedTime: " + t);
    }
    byte[] out = new byte[17];
    out[0] = 0x18;
    out[1] = 15;
    digits(out, 2, d.getYear(), 4);
    digits(out, 6, d.getMonthValue(), 2);
    digits(out, 8, d.getDayOfMonth(), 2);
    digits(out, 10, d.getHour(), 2);
    digits(out, 12, d.getMinute(), 2);
    digits(out, 14, d.getSecond(), 2);
    out[16] = 'Z';
    return out;
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[at + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** UTCTime, {@code YYMMDDhhmmssZ}; only for 1950–2049 (RFC 5280 §4.1.2.5.1). */
  static byte[] utcTime(Instant t) {
    int year = t.atZone(ZoneOffset.UTC).getYear();
    if (year < 1950 || year > 2049) {
      throw new IllegalArgumentException(
          "GM/T 0031-2014 dates are UTCTime, which holds 1950 to 2049 only: " + t);
    }
    return der(new DERUTCTime(UTC.format(t.truncatedTo(ChronoUnit.SECONDS))));
  }

  static byte[] header(SESHeader h) {
    return SealCodec.sequence(ia5(h.id()), integer(h.version()), ia5(h.vendorId()));
  }

  static byte[] picture(SESPictureInfo p) {
    return SealCodec.sequence(ia5(p.type()), octets(p.data()), integer(p.widthMm()),
        integer(p.heightMm()));
  }

  static byte[] certList(SESCertList list) {
    byte[][] items = new byte[list.entries().size()][];
    int i = 0;
    for (SESCertList.Entry e : list.entries()) {
      switch (e.kind()) {
        case CERTIFICATE:
          items[i++] = octets(e.bytes());
          break;
        case DIGEST:
          items[i++] = SealCodec.sequence(der(new DERPrintableString(e.digestType().get(), true)),
              octets(e.bytes()));
          break;
        default:
          items[i++] = e.bytes();
      }
    }
    return SealCodec.sequence(items);
  }

  static byte[] property(SESPropertyInfo p, SealFormat format) {
    if (format == SealFormat.GMT_0031_2014) {
      return SealCodec.sequence(integer(p.type()), utf8(p.name()), certList(p.certList()),
          utcTime(p.createDate()), utcTime(p.validStart()), utcTime(p.validEnd()));
    }
    return SealCodec.sequence(integer(p.type()), utf8(p.name()),
        integer(p.certList().listType()), certList(p.certList()),
        generalizedTime(p.createDate()), generalizedTime(p.validStart()),
        generalizedTime(p.validEnd()));
  }

  static byte[] extDatas(List<ExtData> ext) {
    byte[][] items = new byte[ext.size()][];
    for (int i = 0; i < items.length; i++) {
      ExtData e = ext.get(i);
      items[i] = e.critical()
          ? SealCodec.sequence(oid(e.oid()), der(ASN1Boolean.TRUE), octets(e.value()))
          // DEFAULT FALSE is omitted in DER (X.690 §11.5).
          : SealCodec.sequence(oid(e.oid()), octets(e.value()));
    }
    return SealCodec.sequence(items);
  }

  /** {@code [0] EXPLICIT} around an encoded element. */
  static byte[] explicit0(byte[] inner) {
    byte[] seq = SealCodec.sequence(inner);
    seq[0] = (byte) 0xa0;
    return seq;
  }
}
