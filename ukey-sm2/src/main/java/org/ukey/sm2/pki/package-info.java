/**
 * X.509 for SM2 (GM/T 0015) and the other key types: certificates read strictly and verified
 * ({@link org.ukey.sm2.pki.Certificates}), built and signed by any {@link org.ukey.api.Signer}
 * ({@link org.ukey.sm2.pki.CertificateBuilder}), PKCS#10 requests
 * ({@link org.ukey.sm2.pki.CertificateRequest}), CRLs
 * ({@link org.ukey.sm2.pki.CertificateRevocationList}, {@link org.ukey.sm2.pki.CrlBuilder}),
 * chain validation at a given instant ({@link org.ukey.sm2.pki.ChainValidator}), and key files:
 * PKCS#12, PEM and PKCS#8 ({@link org.ukey.sm2.pki.KeyFileReader}). Distinguished names are
 * read and printed in RFC 4514 form, the last RDN first
 * ({@link org.ukey.sm2.pki.DistinguishedNames}).
 */
package org.ukey.sm2.pki;
