/**
 * PKCS#11 (Cryptoki) for the UKey SDK: a vendor's library loaded by path, its tokens offered as
 * {@link org.ukey.api.Token}s.
 *
 * <ul>
 *   <li>{@link org.ukey.pkcs11.Pkcs11}: {@code load(path)} and {@code load(path, options)}.</li>
 *   <li>{@link org.ukey.pkcs11.Pkcs11Provider} and {@link org.ukey.pkcs11.Pkcs11Token}: what only
 *       PKCS#11 has beyond the API (slots, mechanisms, the vendor profile, {@code C_InitToken}).</li>
 *   <li>{@link org.ukey.pkcs11.Pkcs11Options}: the vendor profile, profile files, the session
 *       pool, the watch interval, environment variables for the module.</li>
 *   <li>{@link org.ukey.pkcs11.Pkcs11Exception}: a {@code CKR_} code, its name and the function
 *       that returned it; the cause of every API exception that comes from a return code.</li>
 * </ul>
 *
 * <p>Vendor mechanism profiles are {@code .properties} resources under
 * {@code org/ukey/pkcs11/profiles/}; {@code standard.properties} documents the format.
 */
package org.ukey.pkcs11;
