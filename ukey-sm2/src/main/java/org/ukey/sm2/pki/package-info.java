/**
 * X.509 for SM2 and the other key types: certificates built and signed by any
 * {@link org.ukey.api.Signer}.
 */
package org.ukey.sm2.pki;
