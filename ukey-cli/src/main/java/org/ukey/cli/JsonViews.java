package org.ukey.cli;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.ukey.api.PinStatus;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenKey;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * How tokens, keys and certificates look in {@code --json} output; the text output uses the same
 * fields. The names here are part of the CLI contract: add, do not rename.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class JsonViews {
  private JsonViews() {}

  /**
   * A token: label, serial, manufacturer, model, PIN status.
   *
   * @param info what the token says about itself
   * @return the object
   */
  static Json token(TokenInfo info) {
    return Json.object()
        .put("label", info.label())
        .put("serial", info.serialNumber())
        .put("manufacturer", info.manufacturer())
        .put("model", info.model())
        .put("pinStatus", pinStatus(info.pinStatus()));
  }

  /**
   * A PIN status: its one-line summary and every flag.
   *
   * @param s the status
   * @return the object
   */
  static Json pinStatus(PinStatus s) {
    return Json.object()
        .put("summary", s.describe())
        .put("retriesLeft", s.retriesLeft().isPresent() ? s.retriesLeft().getAsInt() : null)
        .put("countLow", s.countLow())
        .put("finalTry", s.finalTry())
        .put("locked", s.locked())
        .put("mustChange", s.mustChange())
        .put("soLocked", s.soLocked());
  }

  /**
   * A key: label, id in hex, type, certificate or {@code null}.
   *
   * @param key the key
   * @return the object
   */
  static Json key(TokenKey key) {
    return Json.object()
        .put("label", key.label())
        .put("id", hex(key.id()))
        .put("type", key.spec().name())
        .put("certificate", key.certificate().map(JsonViews::certificate).orElse(null));
  }

  /**
   * A certificate: subject, issuer, serial in hex, validity in ISO-8601 UTC.
   *
   * @param cert the certificate
   * @return the object
   */
  static Json certificate(X509Certificate cert) {
    return Json.object()
        .put("subject", dn(cert.getSubjectX500Principal()))
        .put("issuer", dn(cert.getIssuerX500Principal()))
        .put("serial", cert.getSerialNumber().toString(16))
        .put("notBefore", cert.getNotBefore().toInstant().toString())
        .put("notAfter", cert.getNotAfter().toInstant().toString());
  }

  /**
   * A distinguished name in RFC 4514 form, the form {@code --self-signed} and {@code --subject}
   * take: what was typed is what is shown. Every command prints names through here.
   *
   * @param name the name
   * @return for example {@code CN=张三,O=财政局,C=CN} for a name encoded C, O, CN
   * @see DistinguishedNames#format(X500Principal)
   */
  static String dn(X500Principal name) {
    return DistinguishedNames.format(name);
  }

  /**
   * Lower-case hex.
   *
   * @param bytes the bytes
   * @return the hex digits
   */
  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
