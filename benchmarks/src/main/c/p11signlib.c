/*
 * p11signlib: the C loop of the PKCS#11 signing benchmarks as a function, for
 * org.ukey.bench.Pkcs11Paired to call inside the JVM (through JNA) on a session it opened.
 * The same C_SignInit + C_Sign as p11signloop, over function pointers the caller looked up:
 * called with n = 1 it is "one native call per signature" (what a C shim around the two
 * calls would cost), with a large n the native floor measured in the same process.
 *
 * Declarations written from OASIS pkcs11t.h (2.40), natural alignment (Linux, macOS).
 */
typedef unsigned long CK_ULONG;
typedef struct { CK_ULONG mechanism; void *pParameter; CK_ULONG ulParameterLen; } CK_MECHANISM;
typedef CK_ULONG (*sign_init_fn)(CK_ULONG, CK_MECHANISM *, CK_ULONG);
typedef CK_ULONG (*sign_fn)(CK_ULONG, unsigned char *, CK_ULONG, unsigned char *, CK_ULONG *);

/* Signs a 32-byte "hash" n times; returns n, or minus the first CK_RV that was not CKR_OK. */
long ukey_bench_sign_loop(void *sign_init, void *sign, CK_ULONG session, CK_ULONG key,
    CK_ULONG mechanism, int n) {
  sign_init_fn init = (sign_init_fn) sign_init;
  sign_fn sig = (sign_fn) sign;
  CK_MECHANISM m = {mechanism, 0, 0};
  unsigned char data[32], out[512];
  for (int i = 0; i < 32; i++) {
    data[i] = 0x5A;
  }
  for (int i = 0; i < n; i++) {
    CK_ULONG len = sizeof out;
    CK_ULONG rv = init(session, &m, key);
    if (rv != 0) {
      return -(long) rv;
    }
    rv = sig(session, data, sizeof data, out, &len);
    if (rv != 0) {
      return -(long) rv;
    }
  }
  return n;
}
