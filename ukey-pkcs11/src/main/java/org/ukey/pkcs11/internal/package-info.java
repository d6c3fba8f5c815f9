/**
 * The provider over the raw binding (internal): the module registry, tokens and their login
 * state, the session pool, keys, signers, vendor profiles and their parser, the slot watcher,
 * and the mapping of return codes to the API's exceptions. Not exported.
 */
package org.ukey.pkcs11.internal;
