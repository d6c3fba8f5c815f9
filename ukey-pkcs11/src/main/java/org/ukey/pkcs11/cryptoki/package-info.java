/**
 * The raw Cryptoki binding (internal): spec-named constants ({@code CKR}, {@code CKM},
 * {@code CKA}, ...), structure layouts for both ABIs ({@link org.ukey.pkcs11.cryptoki.CkAbi},
 * {@link org.ukey.pkcs11.cryptoki.StructLayout}, {@code CK_*}), and the functions of a loaded
 * library ({@link org.ukey.pkcs11.cryptoki.Cryptoki},
 * {@link org.ukey.pkcs11.cryptoki.CkFunctions}) with primitive arguments, through the
 * {@code CK_FUNCTION_LIST} and, on LP64, JNA direct mapping. Not exported.
 */
package org.ukey.pkcs11.cryptoki;
