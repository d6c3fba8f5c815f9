package org.ukey.sm2.pki;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.internal.KeyParameters;
import org.ukey.sm2.internal.Pem;

/**
 * Reads keys and certificates from the files counterparties hand over: PKCS#12
 * ({@code .p12}/{@code .pfx}, including legacy files encrypted with pbeWithSHAAnd40BitRC2-CBC,
 * and OpenSSL 3's PBES2/AES), PEM (a private key in PKCS#8, encrypted PKCS#8, SEC1
 * {@code EC PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}, legacy OpenSSL-encrypted PEM, plus
 * certificates), and DER PKCS#8, plain or encrypted (PBES2 with AES or SM4, PKCS#12 PBE).
 * SM2 keys are read whether their algorithm is {@code id-ecPublicKey} + 1.2.156.10197.1.301 or
 * the SM2 OID itself.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 *
 * <p><b>Security:</b> passwords are taken as {@code char[]} and never kept; the caller wipes
 * them. Keys returned are in memory; import them into a token and drop them.
 */
public final class KeyFileReader {
  private KeyFileReader() {}

  /**
   * Reads a key file of any supported kind, recognised by its content.
   *
   * @param file the bytes of the file
   * @param password the password, or {@code null} for an unencrypted file
   * @return the key with its certificates
   * @throws PasswordIncorrectException if the password is wrong or missing
   * @throws InvalidEncodingException if the file is not a readable key file
   * @throws UKeyException if the key type is not supported
   */
  public static KeyAndCertificates read(byte[] file, char[] password) throws UKeyException {
    Objects.requireNonNull(file, "file");
    if (Pem.looksLikePem(file)) {
      return readPem(file, password);
    }
    if (isPkcs12(file)) {
      return readPkcs12(file, password);
    }
    PrivateKey key = readPrivateKey(file, password);
    return new KeyAndCertificates(key, SoftKeys.publicKeyOf(key), null, List.of());
  }

  /**
   * Reads a PKCS#12 file: the private key, the certificate that matches it, and the others.
   *
   * @param p12 the file
   * @param password the password (integrity and privacy share it, as every tool writes them)
   * @return the key with its certificates
   * @throws PasswordIncorrectException if the MAC does not verify or decryption fails
   * @throws InvalidEncodingException if it is not a PKCS#12 file with exactly one private key
   * @throws UKeyException if the key type is not supported
   */
  public static KeyAndCertificates readPkcs12(byte[] p12, char[] password) throws UKeyException {
    Objects.requireNonNull(p12, "p12");
    char[] pw = password == null ? new char[0] : password;
    PKCS12PfxPdu pfx;
    try {
      pfx = new PKCS12PfxPdu(p12);
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("PKCS#12 PFX", -1, "not a PKCS#12 file: "
          + e.getMessage(), e);
    }
    checkWork(pfx);
    try {
      if (pfx.hasMac() && !pfx.isMacValid(
          new JcePKCS12MacCalculatorBuilderProvider().setProvider(Certificates.BC), pw)) {
        throw new PasswordIncorrectException("PKCS#12 password is wrong (or the file was"
            + " altered: its MAC does not verify)", null);
      }
    } catch (PKCSException e) {
      throw new InvalidEncodingException("PKCS#12 PFX.macData", -1,
          "cannot check the MAC: " + e.getMessage(), e);
    }
    InputDecryptorProvider decryptor;
    try {
      decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Certificates.BC)
          .build(pw);
    } catch (RuntimeException e) {
      throw new UKeyException("cannot set up PKCS#12 decryption", e);
    }
    List<PrivateKeyInfo> keys = new ArrayList<>();
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (org.bouncycastle.asn1.pkcs.ContentInfo ci : pfx.getContentInfos()) {
        PKCS12SafeBagFactory bags = ci.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
            ? new PKCS12SafeBagFactory(ci, decryptor) : new PKCS12SafeBagFactory(ci);
        for (PKCS12SafeBag bag : bags.getSafeBags()) {
          Object value = bag.getBagValue();
          if (value instanceof X509CertificateHolder) {
            certs.add(Certificates.fromDer(((X509CertificateHolder) value).getEncoded(),
                "PKCS#12 certBag"));
          } else if (value instanceof PKCS8EncryptedPrivateKeyInfo) {
            keys.add(((PKCS8EncryptedPrivateKeyInfo) value).decryptPrivateKeyInfo(decryptor));
          } else if (value instanceof PrivateKeyInfo) {
            keys.add((PrivateKeyInfo) value);
          }
        }
      }
    } catch (PKCSException e) {
      throw new PasswordIncorrectException("PKCS#12 content does not decrypt: wrong password or"
          + " damaged file", e);
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("PKCS#12 PFX.authSafe", -1,
          "unreadable content: " + e.getMessage(), e);
    }
    if (keys.size() != 1) {
      throw new InvalidEncodingException("PKCS#12 PFX", -1, "expected one private key, found "
          + keys.size());
    }
    return withCertificates(toPrivateKey(keys.get(0)), certs);
  }

  /**
   * Reads a PEM file: one private key (in any of the PEM forms) and any certificates.
   *
   * @param pem the file
   * @param password the password of an encrypted key, or {@code null}
   * @return the key with its certificates
   * @throws PasswordIncorrectException if the key is encrypted and the password wrong or missing
   * @throws InvalidEncodingException if there is not exactly one private key
   * @throws UKeyException if the key type is not supported
   */
  public static KeyAndCertificates readPem(byte[] pem, char[] password) throws UKeyException {
    Objects.requireNonNull(pem, "pem");
    PrivateKey key = readPrivateKey(pem, password);
    return withCertificates(key, Certificates.parseAll(pem));
  }

  /**
   * Reads one private key from PEM or DER (PKCS#8 plain or encrypted; in PEM also SEC1, PKCS#1
   * and legacy OpenSSL-encrypted forms).
   *
   * @param pemOrDer the bytes
   * @param password the password of an encrypted key, or {@code null}
   * @return the key
   * @throws PasswordIncorrectException if the key is encrypted and the password wrong or missing
   * @throws InvalidEncodingException if there is not exactly one readable private key
   * @throws UKeyException if the key type is not supported
   */
  public static PrivateKey readPrivateKey(byte[] pemOrDer, char[] password) throws UKeyException {
    Objects.requireNonNull(pemOrDer, "pemOrDer");
    if (!Pem.looksLikePem(pemOrDer)) {
      return toPrivateKey(derPrivateKey(pemOrDer, password));
    }
    List<PrivateKeyInfo> keys = new ArrayList<>();
    try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(pemOrDer),
        StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
      for (Object o; (o = parser.readObject()) != null; ) {
        if (o instanceof PrivateKeyInfo) {
          keys.add((PrivateKeyInfo) o);
        } else if (o instanceof PEMKeyPair) {
          keys.add(((PEMKeyPair) o).getPrivateKeyInfo());
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
          keys.add(decrypt((PKCS8EncryptedPrivateKeyInfo) o, password));
        } else if (o instanceof PEMEncryptedKeyPair) {
          if (password == null) {
            throw new PasswordIncorrectException("the PEM key is encrypted; a password is"
                + " needed", null);
          }
          try {
            keys.add(((PEMEncryptedKeyPair) o).decryptKeyPair(
                new JcePEMDecryptorProviderBuilder().setProvider(Certificates.BC)
                    .build(password)).getPrivateKeyInfo());
          } catch (IOException e) {
            throw new PasswordIncorrectException("the PEM key does not decrypt: wrong password"
                + " or damaged file", e);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("PEM key file", -1, "unreadable: " + e.getMessage(), e);
    }
    if (keys.size() != 1) {
      throw new InvalidEncodingException("PEM key file", -1,
          "expected one private key, found " + keys.size());
    }
    return toPrivateKey(keys.get(0));
  }

  /**
   * Reads a public key: PEM {@code PUBLIC KEY} or DER {@code SubjectPublicKeyInfo}, or the key of
   * a certificate (PEM or DER).
   *
   * @param pemOrDer the bytes
   * @return the key
   * @throws InvalidEncodingException if no public key can be read
   */
  public static PublicKey readPublicKey(byte[] pemOrDer) throws InvalidEncodingException {
    Objects.requireNonNull(pemOrDer, "pemOrDer");
    if (Pem.looksLikePem(pemOrDer)) {
      for (Pem.Block b : Pem.decode(pemOrDer, "PEM public key file")) {
        if (b.label().equals("PUBLIC KEY")) {
          return SoftKeys.publicKey(b.der());
        }
        if (b.label().equals("CERTIFICATE")) {
          return Certificates.fromDer(b.der(), "Certificate (PEM block at offset " + b.offset()
              + ")").getPublicKey();
        }
      }
      throw new InvalidEncodingException("PEM public key file", -1,
          "no PUBLIC KEY or CERTIFICATE block");
    }
    try {
      SubjectPublicKeyInfo.getInstance(pemOrDer).getAlgorithm();
      return SoftKeys.publicKey(pemOrDer);
    } catch (RuntimeException e) {
      return Certificates.parse(pemOrDer).getPublicKey();
    }
  }

  /** Refuses a PFX whose MAC or encryption asks for unbounded work, before any is done. */
  private static void checkWork(PKCS12PfxPdu pfx) throws InvalidEncodingException {
    try {
      org.bouncycastle.asn1.pkcs.MacData mac = pfx.toASN1Structure().getMacData();
      if (mac != null) {
        PbeLimits.iterations(mac.getIterationCount(), "PKCS#12 PFX.macData");
      }
      for (org.bouncycastle.asn1.pkcs.ContentInfo ci : pfx.getContentInfos()) {
        if (ci.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
          PbeLimits.check(org.bouncycastle.asn1.pkcs.EncryptedData.getInstance(ci.getContent())
              .getEncryptionAlgorithm(), "PKCS#12 encryptedData");
        } else if (ci.getContentType().equals(PKCSObjectIdentifiers.data)) {
          for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(ci).getSafeBags()) {
            if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo) {
              PbeLimits.check(((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue())
                  .getEncryptionAlgorithm(), "PKCS#12 pkcs8ShroudedKeyBag");
            }
          }
        }
      }
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("PKCS#12 PFX", -1, "unreadable structure: "
          + e.getMessage(), e);
    }
  }

  private static boolean isPkcs12(byte[] der) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(der);
      return seq.size() >= 2 && seq.getObjectAt(0) instanceof ASN1Integer
          && ((ASN1Integer) seq.getObjectAt(0)).hasValue(3)
          && seq.getObjectAt(1) instanceof ASN1Sequence;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static PrivateKeyInfo derPrivateKey(byte[] der, char[] password) throws UKeyException {
    ASN1Sequence seq;
    try {
      seq = ASN1Sequence.getInstance(der);
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("PKCS#8 private key", -1, "not DER: " + e.getMessage(),
          e);
    }
    try {
      if (seq.size() >= 3 && seq.getObjectAt(0) instanceof ASN1Integer) {
        return PrivateKeyInfo.getInstance(seq);
      }
      return decrypt(new PKCS8EncryptedPrivateKeyInfo(
          org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo.getInstance(seq)), password);
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("PKCS#8 private key", -1,
          "neither PrivateKeyInfo nor EncryptedPrivateKeyInfo: " + e.getMessage(), e);
    }
  }

  private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo info, char[] password)
      throws UKeyException {
    if (password == null) {
      throw new PasswordIncorrectException("the private key is encrypted; a password is needed",
          null);
    }
    PbeLimits.check(info.getEncryptionAlgorithm(), "EncryptedPrivateKeyInfo");
    try {
      return info.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
          .setProvider(Certificates.BC).build(password));
    } catch (PKCSException e) {
      throw new PasswordIncorrectException("the encrypted private key does not decrypt: wrong"
          + " password or damaged file", e);
    } catch (OperatorCreationException e) {
      throw new UnsupportedAlgorithmException("unsupported private key encryption "
          + info.getEncryptionAlgorithm().getAlgorithm(), e);
    }
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info) throws UKeyException {
    try {
      PrivateKeyInfo normalized = info;
      if (GMObjectIdentifiers.sm2p256v1.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
        // GmSSL-style PKCS#8 with the SM2 OID as the algorithm: rewrite as EC on sm2p256v1.
        normalized = new PrivateKeyInfo(new AlgorithmIdentifier(
            X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1),
            info.parsePrivateKey());
      }
      return SoftKeys.privateKey(normalized.getEncoded());
    } catch (IOException e) {
      throw new InvalidEncodingException("PrivateKeyInfo", -1, "unreadable: " + e.getMessage(), e);
    }
  }

  private static KeyAndCertificates withCertificates(PrivateKey key, List<X509Certificate> certs)
      throws UKeyException {
    PublicKey pub = SoftKeys.publicKeyOf(key);
    X509Certificate own = null;
    List<X509Certificate> others = new ArrayList<>();
    for (X509Certificate c : certs) {
      if (own == null && sameKey(pub, c.getPublicKey())) {
        own = c;
      } else {
        others.add(c);
      }
    }
    return new KeyAndCertificates(key, pub, own, others);
  }

  static boolean sameKey(PublicKey a, PublicKey b) throws UnsupportedAlgorithmException {
    if (b == null) {
      return false;
    }
    AsymmetricKeyParameter x = KeyParameters.of(a);
    AsymmetricKeyParameter y;
    try {
      y = KeyParameters.of(b);
    } catch (UnsupportedAlgorithmException e) {
      return false;
    }
    if (x instanceof ECPublicKeyParameters && y instanceof ECPublicKeyParameters) {
      ECPublicKeyParameters ex = (ECPublicKeyParameters) x;
      ECPublicKeyParameters ey = (ECPublicKeyParameters) y;
      return ex.getParameters().getCurve().equals(ey.getParameters().getCurve())
          && ex.getQ().equals(ey.getQ());
    }
    if (x instanceof RSAKeyParameters && y instanceof RSAKeyParameters) {
      return ((RSAKeyParameters) x).getModulus().equals(((RSAKeyParameters) y).getModulus())
          && ((RSAKeyParameters) x).getExponent().equals(((RSAKeyParameters) y).getExponent());
    }
    return false;
  }
}
