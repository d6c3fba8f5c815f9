/**
 * CMS SignedData (RFC 5652) with the GM/T 0010 / GB/T 35275 object identifiers for SM2: signed
 * with any {@link org.ukey.api.Signer} ({@link org.ukey.sm2.cms.CmsSigner}), verified with
 * optional chain validation ({@link org.ukey.sm2.cms.CmsVerifier}); BouncyCastle operators over the
 * SDK's signers and verifiers for CMS built with BouncyCastle's generators
 * ({@link org.ukey.sm2.cms.CmsOperators}).
 */
package org.ukey.sm2.cms;
