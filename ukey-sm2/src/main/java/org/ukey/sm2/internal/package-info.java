/**
 * Internals shared by the cipher, PKI and CMS packages: a strict DER reader, key conversions to
 * BouncyCastle's lightweight parameters, digest engines by typed id, and the adapter that lets
 * any {@link org.ukey.api.Signer} sign BouncyCastle structures. Not exported; not API.
 */
package org.ukey.sm2.internal;
