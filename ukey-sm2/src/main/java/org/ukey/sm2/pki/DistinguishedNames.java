package org.ukey.sm2.pki;

import java.io.IOException;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.util.encoders.Hex;

/**
 * Distinguished names (DN, 可分辨名) as strings in RFC 4514 form, the one form the SDK reads and
 * prints: {@code "CN=张三,OU=国库支付中心,O=示范市财政局,C=CN"}.
 *
 * <p>RFC 4514 §2.1 writes the relative distinguished names (RDNs) last first: the string above
 * is encoded C, O, OU, CN — country first, as {@code openssl req -subj "/C=CN/O=…/CN=张三"}
 * and Chinese CAs encode their certificates, and as OpenSSL's {@code -nameopt oneline} and
 * {@code sep_comma_plus} print them. {@link #parse} reverses the string into that order and
 * {@link #format} reverses it back, so what a user typed is what the SDK shows.
 *
 * <p>Attribute names are BouncyCastle's (its {@code BCStyle}), case-insensitive when read:
 * the RFC 4514 names {@code CN, L, ST, O, OU, C, STREET, DC, UID}, also {@code E} (e-mail),
 * {@code SERIALNUMBER}, {@code T}, {@code SURNAME}, {@code GIVENNAME} and others; any other
 * type is written as its dotted OID ({@code 1.2.156.10260.4.1.1=…}). Values are encoded as
 * RFC 5280 asks: {@code C}, {@code SERIALNUMBER}, {@code DN} (dnQualifier) and
 * {@code TelephoneNumber} as PrintableString, {@code E} and {@code DC} as IA5String, others as
 * UTF8String (so CJK text survives); a value written {@code #hex} is the BER of the value
 * itself. Printing escapes only what RFC 4514
 * requires ({@code , + " \ < > ; =}, a leading {@code #} or space, a trailing space); CJK
 * characters are printed as themselves.
 *
 * <p>Comparing names is not done on these strings: compare {@link X500Principal}s (their
 * {@code equals} compares the encodings in canonical form).
 *
 * <p><b>Thread-safety:</b> stateless; safe from any thread. <b>Security:</b> a DN is public
 * data; the printed form is meant for people and logs, never for matching or access control.
 */
public final class DistinguishedNames {
  private DistinguishedNames() {}

  /**
   * Encodes a DN written in RFC 4514 form.
   *
   * @param rfc4514 for example {@code "CN=张三,O=示范市财政局,C=CN"}; the empty string is the
   *     empty name
   * @return the name, its RDNs encoded last-written first ({@code C} before {@code CN})
   * @throws IllegalArgumentException if the string is not a DN in that form, naming why
   */
  public static X500Principal parse(String rfc4514) {
    try {
      return new X500Principal(toX500Name(rfc4514).getEncoded("DER"));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode the distinguished name \"" + rfc4514
          + "\"", e);
    }
  }

  /**
   * Prints a DN in RFC 4514 form, the last encoded RDN first. A value that is not well-formed
   * text (a UTF8String that is not UTF-8, in a damaged certificate) is printed as RFC 4514
   * §2.4 prints any value: {@code #} and the hex of its BER encoding; printing never fails.
   *
   * @param name the name, such as {@code cert.getSubjectX500Principal()}
   * @return for example {@code "CN=张三,O=示范市财政局,C=CN"} for a name encoded C, O, CN
   */
  public static String format(X500Principal name) {
    Objects.requireNonNull(name, "name");
    X500Name parsed;
    try {
      parsed = X500Name.getInstance(name.getEncoded());
    } catch (RuntimeException e) {
      // An X500Principal holds a well-formed Name; should BouncyCastle still refuse one, the
      // JDK's RFC 2253 form is the same order, only rarer types print as OID=#hex.
      return name.getName();
    }
    return format(parsed);
  }

  /** {@link #parse}, as BouncyCastle's type, for the builders of this package. */
  static X500Name toX500Name(String rfc4514) {
    Objects.requireNonNull(rfc4514, "rfc4514");
    X500Name written;
    try {
      written = new X500Name(BCStyle.INSTANCE, rfc4514);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("\"" + rfc4514 + "\" is not a distinguished name in"
          + " RFC 4514 form such as \"CN=Zhang San,O=Finance,C=CN\" (" + e.getMessage() + ")", e);
    }
    for (RDN rdn : written.getRDNs()) {
      for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
        if (ava.getValue() instanceof DERPrintableString p
            && !DERPrintableString.isPrintableString(p.getString())) {
          throw new IllegalArgumentException("the distinguished name \"" + rfc4514 + "\" gives "
              + BCStyle.INSTANCE.oidToDisplayName(ava.getType()) + " the value \""
              + p.getString() + "\", which must be a PrintableString (letters, digits, space"
              + " and '()+,-./:=?), such as C=CN");
        }
      }
    }
    return new X500Name(BCStyle.INSTANCE, reversed(written.getRDNs()));
  }

  /** {@link #format(X500Principal)} of BouncyCastle's type. */
  static String format(X500Name name) {
    RDN[] rdns = name.getRDNs();
    StringBuilder sb = new StringBuilder();
    for (int i = rdns.length - 1; i >= 0; i--) {
      AttributeTypeAndValue[] avas = rdns[i].getTypesAndValues();
      for (int j = 0; j < avas.length; j++) {
        sb.append(j > 0 ? "+" : i < rdns.length - 1 ? "," : "");
        appendTypeAndValue(sb, avas[j]);
      }
    }
    return sb.toString();
  }

  private static void appendTypeAndValue(StringBuilder sb, AttributeTypeAndValue ava) {
    try {
      sb.append(BCStyle.INSTANCE.toString(new X500Name(new RDN[] {new RDN(ava)})));
    } catch (RuntimeException e) {
      // Names come from outside (a certificate in a seal, say) and may hold a value that is not
      // text, such as a UTF8String that is not UTF-8; RFC 4514 §2.4 prints any value as '#'
      // and the hex of its BER encoding, and printing must not fail.
      String type = BCStyle.INSTANCE.oidToDisplayName(ava.getType());
      sb.append(type != null ? type : ava.getType().getId()).append("=#");
      try {
        sb.append(Hex.toHexString(ava.getValue().toASN1Primitive().getEncoded(ASN1Encoding.DER)));
      } catch (IOException bug) {
        throw new IllegalStateException("cannot re-encode a value decoded from DER", bug);
      }
    }
  }

  private static RDN[] reversed(RDN[] rdns) {
    RDN[] out = new RDN[rdns.length];
    for (int i = 0; i < rdns.length; i++) {
      out[i] = rdns[rdns.length - 1 - i];
    }
    return out;
  }
}
