/**
 * The SM2 engine behind {@code org.ukey.sm2}: per-key state computed once, and the group
 * arithmetic (a fast path for sm2p256v1 on BouncyCastle's optimized field, a generic path for
 * any other prime curve). Not exported from the module: the only way to choose an SM2 nonce k
 * (for known-answer tests) lives here, package-private.
 */
package org.ukey.sm2.engine;
