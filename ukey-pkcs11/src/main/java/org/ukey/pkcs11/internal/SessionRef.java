package org.ukey.pkcs11.internal;

/**
 * A session the SDK opened: its handle and the opening it belongs to. PKCS#11 lets a module hand
 * out the handle of a closed session again, so a handle alone does not say which session it
 * names once the module has dropped sessions by itself (a removed token, {@code C_Finalize} or
 * {@code C_CloseAllSessions} by another component). {@link ModuleCalls#closeSession} closes a
 * handle only while it still names this opening.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param handle the {@code CK_SESSION_HANDLE}
 * @param opening which {@code C_OpenSession} of the module returned it (1, 2, …)
 */
record SessionRef(long handle, long opening) {}
