/*
 * smoke.c: a C-level test of libukeygm.so through its function list, run by `make test` and,
 * under AddressSanitizer/UBSan, by `make asan-test`.
 *
 *   smoke LIB [--kat] [--production LIB2]
 *
 * LIB is dlopen'ed and exercised on a fresh token directory under $TMPDIR: configuration,
 * token and PIN life cycle, keys and objects, every signing mechanism of both vendor profiles
 * (signatures also checked by OpenSSL's EVP SM2 with the default ID), SM2 encryption, SM3, SM4,
 * random, removal and insertion with C_WaitForSlotEvent, persistence across
 * C_Finalize/C_Initialize, and signing from four threads (with OS locking and with the
 * application's mutex callbacks). --kat needs a -DUKEYGM_TEST_HOOKS build and checks the
 * standard's SM2 signature and encryption vectors with k fixed by UKEY_GM_TEST_K.
 * --production LIB2 then loads a normal build on the same directory and checks that it reads
 * the tokens the first build wrote and that it ignores UKEY_GM_TEST_K.
 *
 * Exit status 0 when every check passes; the first failed check is printed and exits 1.
 */
#define _XOPEN_SOURCE 700
#include <dlfcn.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "pkcs11.h"

static CK_FUNCTION_LIST *f;
static char tmpdir[256], tokdir[300], confpath[320];
static int checks;

static void die(int line, const char *what, const char *detail) {
  fprintf(stderr, "smoke: FAILED at smoke.c:%d: %s%s%s\n", line, what, detail ? ": " : "",
          detail ? detail : "");
  exit(1);
}

#define EXPECT(call, want)                                                        \
  do {                                                                            \
    CK_RV rv_ = (call);                                                           \
    checks++;                                                                     \
    if (rv_ != (CK_RV)(want)) {                                                   \
      char d_[96];                                                                \
      snprintf(d_, sizeof d_, "returned 0x%lX, expected 0x%lX", rv_, (CK_RV)(want)); \
      die(__LINE__, #call, d_);                                                   \
    }                                                                             \
  } while (0)
#define OK(call) EXPECT(call, CKR_OK)
#define CHECK(cond)                       \
  do {                                    \
    checks++;                             \
    if (!(cond)) die(__LINE__, #cond, NULL); \
  } while (0)

static size_t unhex(const char *h, uint8_t *out) {
  size_t n = 0;
  for (; h[0] && h[1]; h += 2) {
    while (*h == ' ') h++;
    unsigned v;
    sscanf(h, "%2x", &v);
    out[n++] = (uint8_t)v;
  }
  return n;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void write_file(const char *path, const char *text) {
  FILE *fp = fopen(path, "w");
  if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) die(__LINE__, "write", path);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(p);
}

static void load(const char *lib, void **handle) {
  *handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
  if (*handle == NULL) die(__LINE__, "dlopen", dlerror());
  CK_RV (*gfl)(CK_FUNCTION_LIST_PTR_PTR) = (CK_RV(*)(CK_FUNCTION_LIST_PTR_PTR))dlsym(*handle, "C_GetFunctionList");
  if (gfl == NULL) die(__LINE__, "dlsym C_GetFunctionList", dlerror());
  OK(gfl(&f));
  CHECK(f->version.major == 2 && f->version.minor == 40);
  CHECK((void *)f->C_Sign == dlsym(*handle, "C_Sign"));
}

static void init_os(void) {
  CK_C_INITIALIZE_ARGS a = {0};
  a.flags = CKF_OS_LOCKING_OK;
  OK(f->C_Initialize(&a));
}

/* ---- OpenSSL side ---- */

static EVP_PKEY *ossl_pub(const uint8_t pt[65]) {
  OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
  OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pt, 65);
  OSSL_PARAM *p = OSSL_PARAM_BLD_to_param(b);
  EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
  EVP_PKEY *k = NULL;
  if (c == NULL || EVP_PKEY_fromdata_init(c) != 1 ||
      EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, p) != 1)
    die(__LINE__, "OpenSSL SM2 public key", NULL);
  EVP_PKEY_CTX_free(c);
  OSSL_PARAM_free(p);
  OSSL_PARAM_BLD_free(b);
  return k;
}

static size_t raw_to_der(const uint8_t rs[64], uint8_t *der) {
  ECDSA_SIG *s = ECDSA_SIG_new();
  ECDSA_SIG_set0(s, BN_bin2bn(rs, 32, NULL), BN_bin2bn(rs + 32, 32, NULL));
  unsigned char *p = der;
  int n = i2d_ECDSA_SIG(s, &p);
  ECDSA_SIG_free(s);
  return n > 0 ? (size_t)n : 0;
}

/* OpenSSL verifies sig (DER or raw r|s) over msg with SM3 and the given ID: 1 if valid. */
static int ossl_verify_msg(const uint8_t pt[65], const char *id, const uint8_t *msg, size_t mlen,
                           const uint8_t *sig, size_t slen) {
  uint8_t der[80];
  if (slen == 64) {
    slen = raw_to_der(sig, der);
    sig = der;
  }
  EVP_PKEY *k = ossl_pub(pt);
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
  if (EVP_PKEY_CTX_set1_id(pc, id, strlen(id)) != 1) die(__LINE__, "set1_id", NULL);
  EVP_MD_CTX_set_pkey_ctx(m, pc);
  int ok = EVP_DigestVerifyInit(m, NULL, EVP_sm3(), NULL, k) == 1 &&
           EVP_DigestVerify(m, sig, slen, msg, mlen) == 1;
  EVP_MD_CTX_free(m);
  EVP_PKEY_CTX_free(pc);
  EVP_PKEY_free(k);
  return ok;
}

/* OpenSSL verifies sig over the digest e (the raw mechanisms). */
static int ossl_verify_e(const uint8_t pt[65], const uint8_t e[32], const uint8_t *sig, size_t slen) {
  uint8_t der[80];
  if (slen == 64) {
    slen = raw_to_der(sig, der);
    sig = der;
  }
  EVP_PKEY *k = ossl_pub(pt);
  EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
  int ok = EVP_PKEY_verify_init(pc) == 1 && EVP_PKEY_verify(pc, sig, slen, e, 32) == 1;
  EVP_PKEY_CTX_free(pc);
  EVP_PKEY_free(k);
  return ok;
}

/* ---- token helpers ---- */

static CK_BBOOL T = CK_TRUE, F = CK_FALSE;
static CK_ULONG CLS_PUB = CKO_PUBLIC_KEY, CLS_PRIV = CKO_PRIVATE_KEY, CLS_SECRET = CKO_SECRET_KEY;
static CK_ULONG KT_SM2 = CKK_VENDOR_SM2;
static const uint8_t SM2_OID[] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};
static const char SO_PIN[] = "so-pin-1234", PIN1[] = "1111", PIN2[] = "pin-2222";

static CK_SESSION_HANDLE open_rw(CK_SLOT_ID slot) {
  CK_SESSION_HANDLE h;
  OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &h));
  return h;
}

static CK_FLAGS token_flags(CK_SLOT_ID slot) {
  CK_TOKEN_INFO ti;
  OK(f->C_GetTokenInfo(slot, &ti));
  return ti.flags;
}

static void login(CK_SESSION_HANDLE h, CK_USER_TYPE u, const char *pin) {
  OK(f->C_Login(h, u, (CK_UTF8CHAR_PTR)pin, strlen(pin)));
}

/* InitToken + InitPIN (user PIN PIN1, to be changed) */
static void setup_token(CK_SLOT_ID slot, const char *label) {
  CK_UTF8CHAR lab[32];
  memset(lab, ' ', 32);
  memcpy(lab, label, strlen(label));
  OK(f->C_InitToken(slot, (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN), lab));
  CK_SESSION_HANDLE h = open_rw(slot);
  login(h, CKU_SO, SO_PIN);
  OK(f->C_InitPIN(h, (CK_UTF8CHAR_PTR)PIN1, strlen(PIN1)));
  OK(f->C_Logout(h));
  OK(f->C_CloseSession(h));
}

static void keygen(CK_SESSION_HANDLE h, const char *id, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv) {
  CK_MECHANISM m = {CKM_SM2_KEY_PAIR_GEN, NULL, 0};
  CK_ULONG idlen = strlen(id);
  CK_ATTRIBUTE pt[] = {{CKA_CLASS, &CLS_PUB, sizeof CLS_PUB}, {CKA_KEY_TYPE, &KT_SM2, sizeof KT_SM2},
                       {CKA_TOKEN, &T, 1}, {CKA_LABEL, (void *)id, idlen}, {CKA_ID, (void *)id, idlen},
                       {CKA_PRIVATE, &F, 1}, {CKA_VERIFY, &T, 1}, {CKA_ENCRYPT, &T, 1},
                       {CKA_EC_PARAMS, (void *)SM2_OID, sizeof SM2_OID}};
  CK_ATTRIBUTE vt[] = {{CKA_CLASS, &CLS_PRIV, sizeof CLS_PRIV}, {CKA_KEY_TYPE, &KT_SM2, sizeof KT_SM2},
                       {CKA_TOKEN, &T, 1}, {CKA_LABEL, (void *)id, idlen}, {CKA_ID, (void *)id, idlen},
                       {CKA_PRIVATE, &T, 1}, {CKA_SENSITIVE, &T, 1}, {CKA_EXTRACTABLE, &F, 1},
                       {CKA_SIGN, &T, 1}, {CKA_DECRYPT, &T, 1}};
  OK(f->C_GenerateKeyPair(h, &m, pt, sizeof pt / sizeof pt[0], vt, sizeof vt / sizeof vt[0], pub, priv));
}

static void ec_point(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, uint8_t pt[65]) {
  uint8_t der[67];
  CK_ATTRIBUTE a = {CKA_EC_POINT, der, sizeof der};
  OK(f->C_GetAttributeValue(h, o, &a, 1));
  CHECK(a.ulValueLen == 67 && der[0] == 0x04 && der[1] == 65 && der[2] == 0x04);
  memcpy(pt, der + 2, 65);
}

/* Signs msg (two-call), returns the length. */
static CK_ULONG sign(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key, const void *msg,
                     size_t len, uint8_t *sig) {
  CK_ULONG n = 0;
  OK(f->C_SignInit(h, m, key));
  OK(f->C_Sign(h, (CK_BYTE_PTR)msg, len, NULL, &n));
  CHECK(n == 64 || (n >= 8 && n <= 72));
  CK_ULONG small = n - 1;
  EXPECT(f->C_Sign(h, (CK_BYTE_PTR)msg, len, sig, &small), CKR_BUFFER_TOO_SMALL);
  CHECK(small == n);
  OK(f->C_Sign(h, (CK_BYTE_PTR)msg, len, sig, &n));
  /* the operation ended */
  EXPECT(f->C_Sign(h, (CK_BYTE_PTR)msg, len, sig, &n), CKR_OPERATION_NOT_INITIALIZED);
  return n;
}

static CK_ULONG sign_parts(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key,
                           const uint8_t *msg, size_t len, uint8_t *sig) {
  OK(f->C_SignInit(h, m, key));
  for (size_t off = 0; off < len; off += 5)
    OK(f->C_SignUpdate(h, (CK_BYTE_PTR)msg + off, len - off < 5 ? len - off : 5));
  CK_ULONG n = 0;
  OK(f->C_SignFinal(h, NULL, &n));
  OK(f->C_SignFinal(h, sig, &n));
  return n;
}

static CK_RV verify(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key, const void *msg,
                    size_t len, const uint8_t *sig, CK_ULONG slen) {
  OK(f->C_VerifyInit(h, m, key));
  return f->C_Verify(h, (CK_BYTE_PTR)msg, len, (CK_BYTE_PTR)sig, slen);
}

static CK_RV verify_parts(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key,
                          const uint8_t *msg, size_t len, const uint8_t *sig, CK_ULONG slen) {
  OK(f->C_VerifyInit(h, m, key));
  for (size_t off = 0; off < len; off += 7)
    OK(f->C_VerifyUpdate(h, (CK_BYTE_PTR)msg + off, len - off < 7 ? len - off : 7));
  return f->C_VerifyFinal(h, (CK_BYTE_PTR)sig, slen);
}

static int has_mech(CK_SLOT_ID slot, CK_MECHANISM_TYPE t) {
  CK_MECHANISM_TYPE list[32];
  CK_ULONG n = 0;
  OK(f->C_GetMechanismList(slot, NULL, &n));
  CHECK(n > 0 && n <= 32);
  OK(f->C_GetMechanismList(slot, list, &n));
  for (CK_ULONG i = 0; i < n; i++)
    if (list[i] == t) return 1;
  return 0;
}

static CK_OBJECT_HANDLE find_one(CK_SESSION_HANDLE h, CK_ULONG cls, const char *id) {
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, (void *)id, strlen(id)}};
  CK_OBJECT_HANDLE o[4];
  CK_ULONG n = 0;
  OK(f->C_FindObjectsInit(h, t, 2));
  OK(f->C_FindObjects(h, o, 4, &n));
  OK(f->C_FindObjectsFinal(h));
  return n == 1 ? o[0] : CK_INVALID_HANDLE;
}

/* ---- the checks ---- */

static void check_config_errors(void) {
  unsetenv("UKEY_GM_CONFIG");
  unsetenv("UKEY_GM_DIR");
  fprintf(stderr, "smoke: (the next ukeygm lines are expected)\n");
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  char bad[340];
  snprintf(bad, sizeof bad, "%s/bad.conf", tmpdir);
  write_file(bad, "slots = 4\ncolour = blue\n");
  setenv("UKEY_GM_CONFIG", bad, 1);
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  write_file(bad, "slots = 40\n");
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  write_file(bad, "slot.1.vendor = acme\n");
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  EXPECT(f->C_GetSlotList(CK_FALSE, NULL, &(CK_ULONG){0}), CKR_CRYPTOKI_NOT_INITIALIZED);
  setenv("UKEY_GM_CONFIG", confpath, 1);
}

static void check_info_and_slots(void) {
  CK_INFO info;
  OK(f->C_GetInfo(&info));
  CHECK(memcmp(info.manufacturerID, "UKey SDK ", 9) == 0);
  CHECK(memcmp(info.libraryDescription, "ukeygm GM soft token", 20) == 0);
  CHECK(info.cryptokiVersion.major == 2 && info.cryptokiVersion.minor == 40);
  CK_ULONG n = 0;
  OK(f->C_GetSlotList(CK_FALSE, NULL, &n));
  CHECK(n == 4);
  CK_SLOT_ID ids[4];
  CK_ULONG small = 2;
  EXPECT(f->C_GetSlotList(CK_TRUE, ids, &small), CKR_BUFFER_TOO_SMALL);
  CHECK(small == 4);
  OK(f->C_GetSlotList(CK_TRUE, ids, &n));
  CHECK(n == 4 && ids[0] == 0 && ids[3] == 3);
  CK_SLOT_INFO si;
  OK(f->C_GetSlotInfo(1, &si));
  CHECK(si.flags == (CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE));
  EXPECT(f->C_GetSlotInfo(4, &si), CKR_SLOT_ID_INVALID);
  CK_TOKEN_INFO ti;
  OK(f->C_GetTokenInfo(0, &ti));
  CHECK(memcmp(ti.manufacturerID, "Sansec ukeygm test token", 24) == 0);
  CHECK(memcmp(ti.model, "ukeygm          ", 16) == 0);
  CHECK(memcmp(ti.serialNumber, "GM00", 4) == 0);
  CHECK(!(ti.flags & CKF_TOKEN_INITIALIZED) && (ti.flags & CKF_RNG) && (ti.flags & CKF_LOGIN_REQUIRED));
  CHECK(ti.ulMaxSessionCount == 64 && ti.ulMinPinLen == 4 && ti.ulMaxPinLen == 32);
  OK(f->C_GetTokenInfo(1, &ti));
  CHECK(memcmp(ti.manufacturerID, "TASS ukeygm test token", 22) == 0);
  CHECK(memcmp(ti.serialNumber, "GM01", 4) == 0);
  /* mechanisms per vendor */
  CHECK(has_mech(0, CKM_SA_SM2_SIGN) && has_mech(0, CKM_SA_SM3_SM2_Z) && has_mech(0, CKM_SA_SM3_SM2_Z_DER) &&
        has_mech(0, CKM_SA_SM3_HASH) && !has_mech(0, CKM_TA_SM2));
  CHECK(has_mech(1, CKM_TA_SM2) && has_mech(1, CKM_TA_SM3_SM2) && has_mech(1, CKM_TA_VENDOR_SM3) &&
        !has_mech(1, CKM_SA_SM2_SIGN));
  CK_MECHANISM_INFO mi;
  OK(f->C_GetMechanismInfo(0, CKM_SM2_KEY_PAIR_GEN, &mi));
  CHECK(mi.ulMinKeySize == 256 && (mi.flags & CKF_GENERATE_KEY_PAIR));
  OK(f->C_GetMechanismInfo(1, CKM_TA_SM3_SM2, &mi));
  CHECK((mi.flags & (CKF_SIGN | CKF_VERIFY)) == (CKF_SIGN | CKF_VERIFY));
  EXPECT(f->C_GetMechanismInfo(1, CKM_SA_SM3_SM2_Z, &mi), CKR_MECHANISM_INVALID);
}

static void check_pins(void) {
  CK_SESSION_HANDLE h;
  /* a fresh token cannot log in */
  OK(f->C_OpenSession(2, CKF_SERIAL_SESSION, NULL, NULL, &h));
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)PIN1, 4), CKR_USER_PIN_NOT_INITIALIZED);
  EXPECT(f->C_InitToken(2, (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN), (CK_UTF8CHAR_PTR) "x                               "),
         CKR_SESSION_EXISTS);
  OK(f->C_CloseSession(h));
  EXPECT(f->C_OpenSession(2, CKF_RW_SESSION, NULL, NULL, &h), CKR_SESSION_PARALLEL_NOT_SUPPORTED);
  EXPECT(f->C_InitToken(0, (CK_UTF8CHAR_PTR) "abc", 3, (CK_UTF8CHAR_PTR) "x                               "),
         CKR_PIN_LEN_RANGE);

  setup_token(0, "smoke-sansec");
  setup_token(1, "smoke-tass");
  setup_token(2, "smoke-lock");
  CK_TOKEN_INFO ti;
  OK(f->C_GetTokenInfo(0, &ti));
  CHECK(memcmp(ti.label, "smoke-sansec ", 13) == 0);
  CK_FLAGS want = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_USER_PIN_TO_BE_CHANGED;
  CHECK((ti.flags & want) == want);
  /* SO InitToken again with a wrong SO PIN */
  EXPECT(f->C_InitToken(0, (CK_UTF8CHAR_PTR) "wrong-so", 8, ti.label), CKR_PIN_INCORRECT);
  CHECK(token_flags(0) & CKF_SO_PIN_COUNT_LOW);

  h = open_rw(0);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "9999", 4), CKR_PIN_INCORRECT);
  CK_FLAGS fl = token_flags(0);
  CHECK((fl & CKF_USER_PIN_COUNT_LOW) && !(fl & CKF_USER_PIN_FINAL_TRY));
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "9999", 4), CKR_PIN_INCORRECT);
  fl = token_flags(0);
  CHECK((fl & CKF_USER_PIN_COUNT_LOW) && (fl & CKF_USER_PIN_FINAL_TRY) && !(fl & CKF_USER_PIN_LOCKED));
  login(h, CKU_USER, PIN1); /* works while TO_BE_CHANGED */
  fl = token_flags(0);
  CHECK(!(fl & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY)) && (fl & CKF_USER_PIN_TO_BE_CHANGED));
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)PIN1, 4), CKR_USER_ALREADY_LOGGED_IN);
  EXPECT(f->C_Login(h, CKU_SO, (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN)), CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
  EXPECT(f->C_SetPIN(h, (CK_UTF8CHAR_PTR)PIN1, 4, (CK_UTF8CHAR_PTR) "123", 3), CKR_PIN_LEN_RANGE);
  EXPECT(f->C_SetPIN(h, (CK_UTF8CHAR_PTR) "0000", 4, (CK_UTF8CHAR_PTR)PIN2, strlen(PIN2)), CKR_PIN_INCORRECT);
  OK(f->C_SetPIN(h, (CK_UTF8CHAR_PTR)PIN1, 4, (CK_UTF8CHAR_PTR)PIN2, strlen(PIN2)));
  CHECK(!(token_flags(0) & CKF_USER_PIN_TO_BE_CHANGED));
  CK_SESSION_INFO si;
  OK(f->C_GetSessionInfo(h, &si));
  CHECK(si.state == CKS_RW_USER_FUNCTIONS && si.slotID == 0);
  OK(f->C_Logout(h));
  EXPECT(f->C_Logout(h), CKR_USER_NOT_LOGGED_IN);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)PIN1, 4), CKR_PIN_INCORRECT);
  login(h, CKU_USER, PIN2);
  OK(f->C_CloseSession(h));
  /* slot 1: change the PIN too */
  h = open_rw(1);
  login(h, CKU_USER, PIN1);
  OK(f->C_SetPIN(h, (CK_UTF8CHAR_PTR)PIN1, 4, (CK_UTF8CHAR_PTR)PIN2, strlen(PIN2)));
  OK(f->C_CloseSession(h));

  /* slot 2: lock after max-tries (3) and unlock by the SO */
  h = open_rw(2);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "0000", 4), CKR_PIN_INCORRECT);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "0000", 4), CKR_PIN_INCORRECT);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "0000", 4), CKR_PIN_LOCKED);
  CHECK(token_flags(2) & CKF_USER_PIN_LOCKED);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)PIN1, 4), CKR_PIN_LOCKED);
  EXPECT(f->C_SetPIN(h, (CK_UTF8CHAR_PTR)PIN1, 4, (CK_UTF8CHAR_PTR)PIN2, strlen(PIN2)), CKR_PIN_LOCKED);
  CK_SESSION_HANDLE ro;
  OK(f->C_OpenSession(2, CKF_SERIAL_SESSION, NULL, NULL, &ro));
  EXPECT(f->C_Login(h, CKU_SO, (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN)), CKR_SESSION_READ_ONLY_EXISTS);
  OK(f->C_CloseSession(ro));
  login(h, CKU_SO, SO_PIN);
  OK(f->C_GetSessionInfo(h, &si));
  CHECK(si.state == CKS_RW_SO_FUNCTIONS);
  EXPECT(f->C_OpenSession(2, CKF_SERIAL_SESSION, NULL, NULL, &ro), CKR_SESSION_READ_WRITE_SO_EXISTS);
  OK(f->C_InitPIN(h, (CK_UTF8CHAR_PTR)PIN2, strlen(PIN2)));
  OK(f->C_Logout(h));
  CHECK(!(token_flags(2) & CKF_USER_PIN_LOCKED));
  login(h, CKU_USER, PIN2);
  OK(f->C_CloseSession(h));
}

/* Signs and verifies with every mechanism of the slot; returns after checking OpenSSL agrees. */
static void check_signing(CK_SLOT_ID slot, int tass) {
  CK_SESSION_HANDLE h = open_rw(slot);
  login(h, CKU_USER, PIN2);
  CK_OBJECT_HANDLE pub, priv;
  keygen(h, "key-1", &pub, &priv);
  uint8_t pt[65], buf[80];
  ec_point(h, pub, pt);
  /* attributes */
  CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof buf};
  EXPECT(f->C_GetAttributeValue(h, priv, &a, 1), CKR_ATTRIBUTE_SENSITIVE);
  CHECK(a.ulValueLen == CK_UNAVAILABLE_INFORMATION);
  a = (CK_ATTRIBUTE){CKA_EC_POINT, NULL, 0};
  if (tass) {
    OK(f->C_GetAttributeValue(h, priv, &a, 1));
    CHECK(a.ulValueLen == 67);
    uint8_t ppt[65];
    ec_point(h, priv, ppt);
    CHECK(memcmp(ppt, pt, 65) == 0);
  } else {
    EXPECT(f->C_GetAttributeValue(h, priv, &a, 1), CKR_ATTRIBUTE_TYPE_INVALID);
    CHECK(a.ulValueLen == CK_UNAVAILABLE_INFORMATION);
  }
  CK_ULONG kt = 0, cls = 0;
  CK_BBOOL local = 0, asens = 0;
  uint8_t params[16];
  CK_ATTRIBUTE ats[] = {{CKA_KEY_TYPE, &kt, sizeof kt}, {CKA_CLASS, &cls, sizeof cls},
                        {CKA_LOCAL, &local, 1}, {CKA_ALWAYS_SENSITIVE, &asens, 1},
                        {CKA_EC_PARAMS, params, sizeof params}};
  OK(f->C_GetAttributeValue(h, priv, ats, 5));
  CHECK(kt == CKK_VENDOR_SM2 && cls == CKO_PRIVATE_KEY && local && asens);
  CHECK(ats[4].ulValueLen == sizeof SM2_OID && memcmp(params, SM2_OID, sizeof SM2_OID) == 0);
  uint8_t tiny[4];
  CK_ATTRIBUTE small = {CKA_EC_PARAMS, tiny, sizeof tiny};
  EXPECT(f->C_GetAttributeValue(h, pub, &small, 1), CKR_BUFFER_TOO_SMALL);
  CHECK(small.ulValueLen == CK_UNAVAILABLE_INFORMATION);
  CHECK(find_one(h, CKO_PRIVATE_KEY, "key-1") == priv && find_one(h, CKO_PUBLIC_KEY, "key-1") == pub);

  const uint8_t msg[] = "message digest, and some more text to make several parts";
  size_t mlen = sizeof msg - 1;
  uint8_t sig[80], sig2[80], e[32];
  memset(e, 0x5A, 32);
  CK_ULONG n, n2;
  if (!tass) {
    CK_MECHANISM raw = {CKM_SA_SM2_SIGN, NULL, 0}, z = {CKM_SA_SM3_SM2_Z, NULL, 0},
                 zder = {CKM_SA_SM3_SM2_Z_DER, NULL, 0};
    n = sign(h, &raw, priv, e, 32, sig);
    CHECK(n == 64);
    OK(verify(h, &raw, pub, e, 32, sig, n));
    CHECK(ossl_verify_e(pt, e, sig, n));
    OK(f->C_SignInit(h, &raw, priv));
    n = sizeof sig;
    EXPECT(f->C_Sign(h, e, 31, sig2, &n), CKR_DATA_LEN_RANGE);
    n = sign(h, &z, priv, msg, mlen, sig);
    CHECK(n == 64);
    OK(verify(h, &z, pub, msg, mlen, sig, n));
    OK(verify_parts(h, &z, pub, msg, mlen, sig, n));
    CHECK(ossl_verify_msg(pt, "1234567812345678", msg, mlen, sig, n));
    n2 = sign_parts(h, &z, priv, msg, mlen, sig2);
    CHECK(n2 == 64 && memcmp(sig, sig2, 64) != 0); /* fresh k each time */
    CHECK(ossl_verify_msg(pt, "1234567812345678", msg, mlen, sig2, n2));
    n = sign(h, &zder, priv, msg, mlen, sig);
    CHECK(n != 64 && sig[0] == 0x30);
    OK(verify(h, &zder, pub, msg, mlen, sig, n));
    CHECK(ossl_verify_msg(pt, "1234567812345678", msg, mlen, sig, n));
    EXPECT(verify(h, &z, pub, msg, mlen, sig, n), CKR_SIGNATURE_LEN_RANGE);
    sig[n - 1] ^= 1;
    EXPECT(verify(h, &zder, pub, msg, mlen, sig, n), CKR_SIGNATURE_INVALID);
    n = sign_parts(h, &zder, priv, msg, mlen, sig);
    OK(verify_parts(h, &zder, pub, msg, mlen, sig, n));
    EXPECT(verify(h, &zder, pub, msg, mlen - 1, sig, n), CKR_SIGNATURE_INVALID);
    CK_MECHANISM ta = {CKM_TA_SM2, NULL, 0};
    EXPECT(f->C_SignInit(h, &ta, priv), CKR_MECHANISM_INVALID);
    EXPECT(f->C_SignInit(h, &z, pub), CKR_KEY_TYPE_INCONSISTENT);
    char id[] = "ALICE";
    CK_MECHANISM zp = {CKM_SA_SM3_SM2_Z, id, 5};
    EXPECT(f->C_SignInit(h, &zp, priv), CKR_MECHANISM_PARAM_INVALID);
  } else {
    CK_MECHANISM raw = {CKM_TA_SM2, NULL, 0}, z = {CKM_TA_SM3_SM2, NULL, 0};
    char alice[] = "ALICE123@YAHOO.COM";
    CK_MECHANISM zid = {CKM_TA_SM3_SM2, alice, strlen(alice)};
    n = sign(h, &raw, priv, e, 32, sig);
    CHECK(sig[0] == 0x30 && n >= 8 && n <= 72);
    OK(verify(h, &raw, pub, e, 32, sig, n));
    CHECK(ossl_verify_e(pt, e, sig, n));
    n = sign(h, &z, priv, msg, mlen, sig);
    CHECK(sig[0] == 0x30);
    OK(verify(h, &z, pub, msg, mlen, sig, n));
    CHECK(ossl_verify_msg(pt, "1234567812345678", msg, mlen, sig, n));
    n = sign_parts(h, &zid, priv, msg, mlen, sig);
    OK(verify_parts(h, &zid, pub, msg, mlen, sig, n));
    CHECK(ossl_verify_msg(pt, alice, msg, mlen, sig, n));
    CHECK(!ossl_verify_msg(pt, "1234567812345678", msg, mlen, sig, n));
    EXPECT(verify(h, &z, pub, msg, mlen, sig, n), CKR_SIGNATURE_INVALID);
    EXPECT(verify(h, &raw, pub, e, 32, sig, 64), CKR_SIGNATURE_INVALID); /* raw r|s is not DER */
    CK_MECHANISM sa = {CKM_SA_SM2_SIGN, NULL, 0};
    EXPECT(f->C_SignInit(h, &sa, priv), CKR_MECHANISM_INVALID);
  }
  /* sign needs login: a logged-out session cannot see the private key */
  OK(f->C_Logout(h));
  CK_MECHANISM any = {tass ? CKM_TA_SM3_SM2 : CKM_SA_SM3_SM2_Z, NULL, 0};
  EXPECT(f->C_SignInit(h, &any, priv), CKR_KEY_HANDLE_INVALID);
  CHECK(find_one(h, CKO_PRIVATE_KEY, "key-1") == CK_INVALID_HANDLE);
  OK(f->C_CloseSession(h));
}

static void check_encryption(CK_SLOT_ID slot) {
  CK_SESSION_HANDLE h = open_rw(slot);
  login(h, CKU_USER, PIN2);
  CK_OBJECT_HANDLE pub = find_one(h, CKO_PUBLIC_KEY, "key-1"), priv = find_one(h, CKO_PRIVATE_KEY, "key-1");
  CHECK(pub != CK_INVALID_HANDLE && priv != CK_INVALID_HANDLE);
  CK_MECHANISM m = {CKM_SA_SM2_RAW, NULL, 0};
  const uint8_t msg[] = "encryption standard";
  uint8_t ct[200], pt2[200];
  CK_ULONG n = 0, k;
  OK(f->C_EncryptInit(h, &m, pub));
  OK(f->C_Encrypt(h, (CK_BYTE_PTR)msg, 19, NULL, &n));
  CHECK(n == 19 + 97);
  OK(f->C_Encrypt(h, (CK_BYTE_PTR)msg, 19, ct, &n));
  CHECK(ct[0] == 0x04);
  OK(f->C_DecryptInit(h, &m, priv));
  k = 0;
  OK(f->C_Decrypt(h, ct, n, NULL, &k));
  CHECK(k == 19);
  k = 5;
  EXPECT(f->C_Decrypt(h, ct, n, pt2, &k), CKR_BUFFER_TOO_SMALL);
  k = sizeof pt2;
  OK(f->C_Decrypt(h, ct, n, pt2, &k));
  CHECK(k == 19 && memcmp(pt2, msg, 19) == 0);
  /* wrong C3 */
  ct[70] ^= 1;
  OK(f->C_DecryptInit(h, &m, priv));
  k = sizeof pt2;
  EXPECT(f->C_Decrypt(h, ct, n, pt2, &k), CKR_ENCRYPTED_DATA_INVALID);
  ct[70] ^= 1;
  /* C1 not on the curve */
  ct[10] ^= 1;
  OK(f->C_DecryptInit(h, &m, priv));
  k = sizeof pt2;
  EXPECT(f->C_Decrypt(h, ct, n, pt2, &k), CKR_ENCRYPTED_DATA_INVALID);
  ct[10] ^= 1;
  OK(f->C_DecryptInit(h, &m, priv));
  k = sizeof pt2;
  EXPECT(f->C_Decrypt(h, ct, 97, pt2, &k), CKR_ENCRYPTED_DATA_LEN_RANGE);
  /* multi-part */
  OK(f->C_DecryptInit(h, &m, priv));
  k = sizeof pt2;
  OK(f->C_DecryptUpdate(h, ct, 50, pt2, &k));
  CHECK(k == 0);
  k = sizeof pt2;
  OK(f->C_DecryptUpdate(h, ct + 50, n - 50, pt2, &k));
  k = sizeof pt2;
  OK(f->C_DecryptFinal(h, pt2, &k));
  CHECK(k == 19 && memcmp(pt2, msg, 19) == 0);
  OK(f->C_CloseSession(h));
}

static void check_digest(CK_SLOT_ID slot, CK_MECHANISM_TYPE mt) {
  CK_SESSION_HANDLE h;
  OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h));
  uint8_t want[32], got[32];
  unhex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", want);
  CK_MECHANISM m = {mt, NULL, 0};
  CK_ULONG n = 0;
  OK(f->C_DigestInit(h, &m));
  OK(f->C_Digest(h, (CK_BYTE_PTR) "abc", 3, NULL, &n));
  CHECK(n == 32);
  OK(f->C_Digest(h, (CK_BYTE_PTR) "abc", 3, got, &n));
  CHECK(memcmp(got, want, 32) == 0);
  OK(f->C_DigestInit(h, &m));
  OK(f->C_DigestUpdate(h, (CK_BYTE_PTR) "a", 1));
  OK(f->C_DigestUpdate(h, (CK_BYTE_PTR) "bc", 2));
  n = 31;
  EXPECT(f->C_DigestFinal(h, got, &n), CKR_BUFFER_TOO_SMALL);
  n = 32;
  OK(f->C_DigestFinal(h, got, &n));
  CHECK(memcmp(got, want, 32) == 0);
  CK_MECHANISM other = {mt == CKM_SA_SM3_HASH ? CKM_TA_VENDOR_SM3 : CKM_SA_SM3_HASH, NULL, 0};
  EXPECT(f->C_DigestInit(h, &other), CKR_MECHANISM_INVALID);
  /* random */
  uint8_t r1[32] = {0}, r2[32] = {0};
  OK(f->C_GenerateRandom(h, r1, 32));
  OK(f->C_GenerateRandom(h, r2, 32));
  CHECK(memcmp(r1, r2, 32) != 0);
  OK(f->C_CloseSession(h));
}

static void check_sm4(CK_SLOT_ID slot, CK_KEY_TYPE kt) {
  CK_SESSION_HANDLE h = open_rw(slot);
  login(h, CKU_USER, PIN2);
  uint8_t key[16], want[16], out[64], back[64];
  unhex("0123456789abcdeffedcba9876543210", key);
  unhex("681edf34d206965e86b3e94f536e4246", want);
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &CLS_SECRET, sizeof CLS_SECRET}, {CKA_KEY_TYPE, &kt, sizeof kt},
                      {CKA_VALUE, key, 16}, {CKA_ENCRYPT, &T, 1}, {CKA_DECRYPT, &T, 1},
                      {CKA_EXTRACTABLE, &T, 1}, {CKA_SENSITIVE, &F, 1}};
  CK_OBJECT_HANDLE k;
  OK(f->C_CreateObject(h, t, 7, &k));
  CK_ATTRIBUTE rd = {CKA_VALUE, out, sizeof out};
  OK(f->C_GetAttributeValue(h, k, &rd, 1)); /* not sensitive, extractable: readable */
  CHECK(rd.ulValueLen == 16 && memcmp(out, key, 16) == 0);
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE harden = {CKA_SENSITIVE, &yes, 1};
  OK(f->C_SetAttributeValue(h, k, &harden, 1));
  EXPECT(f->C_GetAttributeValue(h, k, &rd, 1), CKR_ATTRIBUTE_SENSITIVE);
  CK_MECHANISM ecb = {CKM_SM4_ECB, NULL, 0};
  CK_ULONG n = sizeof out;
  OK(f->C_EncryptInit(h, &ecb, k));
  OK(f->C_Encrypt(h, key, 16, out, &n));
  CHECK(n == 16 && memcmp(out, want, 16) == 0);
  OK(f->C_DecryptInit(h, &ecb, k));
  n = sizeof back;
  OK(f->C_Decrypt(h, out, 16, back, &n));
  CHECK(n == 16 && memcmp(back, key, 16) == 0);
  OK(f->C_EncryptInit(h, &ecb, k));
  n = sizeof out;
  EXPECT(f->C_Encrypt(h, key, 15, out, &n), CKR_DATA_LEN_RANGE);
  /* generated key, CBC multi-part vs single-part */
  CK_MECHANISM gen = {CKM_SM4_KEY_GEN, NULL, 0};
  CK_ULONG vlen = 16;
  CK_ATTRIBUTE gt[] = {{CKA_VALUE_LEN, &vlen, sizeof vlen}, {CKA_TOKEN, &F, 1}};
  CK_OBJECT_HANDLE g;
  OK(f->C_GenerateKey(h, &gen, gt, 2, &g));
  rd.pValue = out;
  rd.ulValueLen = sizeof out;
  EXPECT(f->C_GetAttributeValue(h, g, &rd, 1), CKR_ATTRIBUTE_SENSITIVE);
  uint8_t iv[16], data[48], c1[48], c2[48];
  memset(iv, 7, 16);
  for (int i = 0; i < 48; i++) data[i] = (uint8_t)i;
  CK_MECHANISM cbc = {CKM_SM4_CBC, iv, 16};
  n = sizeof c1;
  OK(f->C_EncryptInit(h, &cbc, g));
  OK(f->C_Encrypt(h, data, 48, c1, &n));
  CHECK(n == 48);
  OK(f->C_EncryptInit(h, &cbc, g));
  CK_ULONG total = 0, part;
  part = sizeof c2;
  OK(f->C_EncryptUpdate(h, data, 10, c2, &part));
  CHECK(part == 0);
  part = 0;
  OK(f->C_EncryptUpdate(h, data + 10, 30, NULL, &part));
  CHECK(part == 32);
  OK(f->C_EncryptUpdate(h, data + 10, 30, c2, &part));
  total += part;
  part = sizeof c2 - total;
  OK(f->C_EncryptUpdate(h, data + 40, 8, c2 + total, &part));
  total += part;
  part = 0;
  OK(f->C_EncryptFinal(h, c2 + total, &part));
  CHECK(total == 48 && part == 0 && memcmp(c1, c2, 48) == 0);
  OK(f->C_DecryptInit(h, &cbc, g));
  n = sizeof back;
  OK(f->C_Decrypt(h, c1, 48, back, &n));
  CHECK(n == 48 && memcmp(back, data, 48) == 0);
  CK_MECHANISM badiv = {CKM_SM4_CBC, iv, 8};
  EXPECT(f->C_EncryptInit(h, &badiv, g), CKR_MECHANISM_PARAM_INVALID);
  CK_KEY_TYPE wrong = kt == CKK_SA_SM4 ? CKK_TA_SM4 : CKK_SA_SM4;
  t[1].pValue = &wrong;
  EXPECT(f->C_CreateObject(h, t, 7, &k), CKR_ATTRIBUTE_VALUE_INVALID);
  OK(f->C_CloseSession(h));
}

static void check_objects(CK_SLOT_ID slot) {
  CK_SESSION_HANDLE h = open_rw(slot), h2;
  CK_ULONG cert = CKO_CERTIFICATE, x509 = CKC_X_509, data = CKO_DATA;
  uint8_t value[] = {0x30, 0x03, 0x02, 0x01, 0x01}, subject[] = {0x30, 0x00};
  CK_ATTRIBUTE ct[] = {{CKA_CLASS, &cert, sizeof cert}, {CKA_CERTIFICATE_TYPE, &x509, sizeof x509},
                       {CKA_TOKEN, &T, 1}, {CKA_VALUE, value, sizeof value}, {CKA_SUBJECT, subject, 2},
                       {CKA_ID, "key-1", 5}, {CKA_LABEL, "cert", 4}};
  CK_OBJECT_HANDLE c, d, sess;
  OK(f->C_CreateObject(h, ct, 7, &c));
  EXPECT(f->C_CreateObject(h, ct, 4, &d), CKR_TEMPLATE_INCOMPLETE);
  CHECK(find_one(h, CKO_CERTIFICATE, "key-1") == c);
  CK_ATTRIBUTE lab = {CKA_LABEL, "renamed", 7};
  OK(f->C_SetAttributeValue(h, c, &lab, 1));
  CK_ATTRIBUTE val = {CKA_VALUE, value, 1};
  EXPECT(f->C_SetAttributeValue(h, c, &val, 1), CKR_ATTRIBUTE_READ_ONLY);
  char buf[16];
  CK_ATTRIBUTE rl = {CKA_LABEL, buf, sizeof buf};
  OK(f->C_GetAttributeValue(h, c, &rl, 1));
  CHECK(rl.ulValueLen == 7 && memcmp(buf, "renamed", 7) == 0);
  CK_ATTRIBUTE dt[] = {{CKA_CLASS, &data, sizeof data}, {CKA_TOKEN, &F, 1}, {CKA_VALUE, "hello", 5},
                       {CKA_LABEL, "session-data", 12}};
  OK(f->C_CreateObject(h, dt, 4, &sess));
  CK_ATTRIBUTE bogus[] = {{CKA_CLASS, &data, sizeof data}, {CKA_EC_POINT, "x", 1}};
  EXPECT(f->C_CreateObject(h, bogus, 2, &d), CKR_ATTRIBUTE_TYPE_INVALID);
  dt[1].pValue = &T;
  CK_SESSION_HANDLE ro;
  OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro));
  EXPECT(f->C_CreateObject(ro, dt, 4, &d), CKR_SESSION_READ_ONLY);
  EXPECT(f->C_DestroyObject(ro, c), CKR_SESSION_READ_ONLY);
  /* a session object is seen by other sessions and vanishes with its session */
  h2 = open_rw(slot);
  CK_ATTRIBUTE q = {CKA_LABEL, "session-data", 12};
  CK_OBJECT_HANDLE found[4];
  CK_ULONG n;
  OK(f->C_FindObjectsInit(h2, &q, 1));
  OK(f->C_FindObjects(h2, found, 4, &n));
  OK(f->C_FindObjectsFinal(h2));
  CHECK(n == 1 && found[0] == sess);
  OK(f->C_CloseSession(h));
  OK(f->C_FindObjectsInit(h2, &q, 1));
  OK(f->C_FindObjects(h2, found, 4, &n));
  OK(f->C_FindObjectsFinal(h2));
  CHECK(n == 0);
  OK(f->C_DestroyObject(h2, c));
  CHECK(find_one(h2, CKO_CERTIFICATE, "key-1") == CK_INVALID_HANDLE);
  EXPECT(f->C_DestroyObject(h2, c), CKR_OBJECT_HANDLE_INVALID);
  OK(f->C_CloseAllSessions(slot));
  EXPECT(f->C_CloseSession(ro), CKR_SESSION_HANDLE_INVALID);
}

/* ---- removal and events ---- */

typedef struct waiter {
  pthread_t t;
  CK_SLOT_ID slot;
  CK_RV rv;
} waiter;

static void *wait_thread(void *p) {
  waiter *w = p;
  w->slot = 99;
  w->rv = f->C_WaitForSlotEvent(0, &w->slot, NULL);
  return NULL;
}

static void *reinsert_thread(void *p) {
  sleep_ms(150);
  if (unlink((const char *)p) != 0) perror("unlink");
  return NULL;
}

static void check_removal(void) {
  char removed[400];
  snprintf(removed, sizeof removed, "%s/slot0/removed", tokdir);
  CK_SLOT_ID ev;
  EXPECT(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_NO_EVENT);
  CK_SESSION_HANDLE h = open_rw(0), h2 = open_rw(0);
  login(h, CKU_USER, PIN2);
  CK_OBJECT_HANDLE priv = find_one(h, CKO_PRIVATE_KEY, "key-1");
  CK_MECHANISM z = {CKM_SA_SM3_SM2_Z, NULL, 0};
  uint8_t sig[80];
  CK_ULONG n = sign(h, &z, priv, "abc", 3, sig);
  CHECK(n == 64);

  write_file(removed, "");
  /* sessions fail: the first call says removed, later ones invalid handle */
  EXPECT(f->C_SignInit(h2, &z, priv), CKR_DEVICE_REMOVED);
  EXPECT(f->C_SignInit(h, &z, priv), CKR_DEVICE_REMOVED);
  EXPECT(f->C_SignInit(h, &z, priv), CKR_SESSION_HANDLE_INVALID);
  EXPECT(f->C_CloseSession(h2), CKR_SESSION_HANDLE_INVALID);
  CK_SLOT_INFO si;
  OK(f->C_GetSlotInfo(0, &si));
  CHECK(si.flags == CKF_REMOVABLE_DEVICE);
  CK_TOKEN_INFO ti;
  EXPECT(f->C_GetTokenInfo(0, &ti), CKR_TOKEN_NOT_PRESENT);
  EXPECT(f->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &h), CKR_TOKEN_NOT_PRESENT);
  CK_ULONG count = 0;
  OK(f->C_GetSlotList(CK_TRUE, NULL, &count));
  CHECK(count == 3);
  OK(f->C_GetSlotList(CK_FALSE, NULL, &count));
  CHECK(count == 4);
  ev = 99;
  OK(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL));
  CHECK(ev == 0);
  EXPECT(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_NO_EVENT);

  /* blocking wait sees the re-insertion */
  pthread_t t;
  pthread_create(&t, NULL, reinsert_thread, removed);
  ev = 99;
  OK(f->C_WaitForSlotEvent(0, &ev, NULL));
  CHECK(ev == 0);
  pthread_join(t, NULL);
  OK(f->C_GetSlotInfo(0, &si));
  CHECK(si.flags & CKF_TOKEN_PRESENT);
  /* login was lost; a new session logs in again and signs */
  h = open_rw(0);
  CK_SESSION_INFO sinfo;
  OK(f->C_GetSessionInfo(h, &sinfo));
  CHECK(sinfo.state == CKS_RW_PUBLIC_SESSION);
  login(h, CKU_USER, PIN2);
  priv = find_one(h, CKO_PRIVATE_KEY, "key-1");
  n = sign(h, &z, priv, "abc", 3, sig);
  CHECK(n == 64);
  OK(f->C_CloseSession(h));

  /* a blocked waiter in another thread sees removal */
  waiter w;
  pthread_create(&w.t, NULL, wait_thread, &w);
  sleep_ms(60);
  char removed3[400];
  snprintf(removed3, sizeof removed3, "%s/slot3/removed", tokdir);
  write_file(removed3, "");
  pthread_join(w.t, NULL);
  CHECK(w.rv == CKR_OK && w.slot == 3);
  unlink(removed3);
  OK(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL));
  CHECK(ev == 3);
}

/* ---- threads ---- */

typedef struct worker {
  pthread_t t;
  CK_OBJECT_HANDLE priv;
  uint8_t pt[65];
  int failures;
} worker;

static void *sign_thread(void *p) {
  worker *w = p;
  CK_SESSION_HANDLE h;
  if (f->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &h) != CKR_OK) {
    w->failures++;
    return NULL;
  }
  CK_MECHANISM m = {CKM_SA_SM3_SM2_Z_DER, NULL, 0};
  for (int i = 0; i < 20; i++) {
    char msg[32];
    int len = snprintf(msg, sizeof msg, "thread message %d", i);
    uint8_t sig[80];
    CK_ULONG n = sizeof sig;
    if (f->C_SignInit(h, &m, w->priv) != CKR_OK || f->C_Sign(h, (CK_BYTE_PTR)msg, (CK_ULONG)len, sig, &n) != CKR_OK ||
        !ossl_verify_msg(w->pt, "1234567812345678", (uint8_t *)msg, (size_t)len, sig, n))
      w->failures++;
  }
  if (f->C_CloseSession(h) != CKR_OK) w->failures++;
  return NULL;
}

static void sign_in_threads(void) {
  CK_SESSION_HANDLE h = open_rw(0);
  login(h, CKU_USER, PIN2);
  worker w[4];
  memset(w, 0, sizeof w);
  CK_OBJECT_HANDLE priv = find_one(h, CKO_PRIVATE_KEY, "key-1"), pub = find_one(h, CKO_PUBLIC_KEY, "key-1");
  uint8_t pt[65];
  ec_point(h, pub, pt);
  for (int i = 0; i < 4; i++) {
    w[i].priv = priv;
    memcpy(w[i].pt, pt, 65);
    pthread_create(&w[i].t, NULL, sign_thread, &w[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(w[i].t, NULL);
    CHECK(w[i].failures == 0);
  }
  OK(f->C_CloseSession(h));
}

static atomic_int cb_creates, cb_locks;
static CK_RV cb_create(CK_VOID_PTR_PTR pp) {
  pthread_mutex_t *m = malloc(sizeof *m);
  pthread_mutex_init(m, NULL);
  *pp = m;
  atomic_fetch_add(&cb_creates, 1);
  return CKR_OK;
}
static CK_RV cb_destroy(CK_VOID_PTR p) {
  pthread_mutex_destroy(p);
  free(p);
  return CKR_OK;
}
static CK_RV cb_lock(CK_VOID_PTR p) {
  atomic_fetch_add(&cb_locks, 1);
  return pthread_mutex_lock(p) == 0 ? CKR_OK : CKR_MUTEX_BAD;
}
static CK_RV cb_unlock(CK_VOID_PTR p) {
  return pthread_mutex_unlock(p) == 0 ? CKR_OK : CKR_MUTEX_NOT_LOCKED;
}

static void check_finalize_wakes_waiter(void) {
  waiter w;
  pthread_create(&w.t, NULL, wait_thread, &w);
  sleep_ms(60);
  OK(f->C_Finalize(NULL));
  pthread_join(w.t, NULL);
  CHECK(w.rv == CKR_CRYPTOKI_NOT_INITIALIZED);
}

/* Another process changes slot 0 (a new token object) and slot 1 (a wrong PIN); this one sees
 * both without re-initialising. */
static void check_other_process(void) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) die(__LINE__, "fork", NULL);
  if (pid == 0) {
    /* the child re-initialises its copy of the library, as a new process would */
    CK_ULONG data = CKO_DATA;
    CK_ATTRIBUTE t[] = {{CKA_CLASS, &data, sizeof data}, {CKA_TOKEN, &T, 1},
                        {CKA_LABEL, "from-child", 10}, {CKA_VALUE, "x", 1}};
    CK_SESSION_HANDLE h;
    CK_OBJECT_HANDLE o;
    int ok = f->C_Finalize(NULL) == CKR_OK && f->C_Initialize(NULL) == CKR_OK &&
             f->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &h) == CKR_OK &&
             f->C_CreateObject(h, t, 4, &o) == CKR_OK &&
             f->C_OpenSession(1, CKF_SERIAL_SESSION, NULL, NULL, &h) == CKR_OK &&
             f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "0000", 4) == CKR_PIN_INCORRECT &&
             f->C_Finalize(NULL) == CKR_OK;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CK_SESSION_HANDLE h = open_rw(0);
  CK_ATTRIBUTE q = {CKA_LABEL, "from-child", 10};
  CK_OBJECT_HANDLE found[2];
  CK_ULONG n = 0;
  OK(f->C_FindObjectsInit(h, &q, 1));
  OK(f->C_FindObjects(h, found, 2, &n));
  OK(f->C_FindObjectsFinal(h));
  CHECK(n == 1);
  OK(f->C_DestroyObject(h, found[0]));
  OK(f->C_CloseSession(h));
  CHECK(token_flags(1) & CKF_USER_PIN_COUNT_LOW);
  h = open_rw(1);
  login(h, CKU_USER, PIN2);
  CHECK(!(token_flags(1) & CKF_USER_PIN_COUNT_LOW));
  OK(f->C_CloseSession(h));
}

/* A damaged token.db fails C_Initialize with a message naming the file; restored, it works. */
static void check_corrupt_file(void) {
  char db[400];
  snprintf(db, sizeof db, "%s/slot3/token.db", tokdir);
  FILE *fp = fopen(db, "rb");
  CHECK(fp != NULL);
  static unsigned char saved[1 << 16];
  size_t n = fread(saved, 1, sizeof saved, fp);
  fclose(fp);
  CHECK(n > 40 && n < sizeof saved);
  fprintf(stderr, "smoke: (two 'is corrupt' lines are expected)\n");
  fp = fopen(db, "wb");
  CHECK(fp != NULL && fwrite(saved, 1, 40, fp) == 40 && fclose(fp) == 0); /* truncated */
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  fp = fopen(db, "wb");
  CHECK(fp != NULL && fwrite("not a token", 1, 11, fp) == 11 && fclose(fp) == 0);
  EXPECT(f->C_Initialize(NULL), CKR_GENERAL_ERROR);
  /* damaged copies (a byte changed, or cut short) never crash the reader */
  static unsigned char bad[1 << 16];
  unsigned seed = 12345;
  char logpath[400];
  snprintf(logpath, sizeof logpath, "%s/corrupt.log", tmpdir);
  fprintf(stderr, "smoke: 300 damaged token files; stderr goes to %s meanwhile\n", logpath);
  fflush(stderr);
  int saved_err = dup(2), logfd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(saved_err >= 0 && logfd >= 0 && dup2(logfd, 2) == 2);
  close(logfd);
  for (int i = 0; i < 300; i++) {
    memcpy(bad, saved, n);
    seed = seed * 1103515245u + 12345u;
    size_t len = n, at = (seed >> 8) % n;
    if (i % 3 == 0) {
      len = at;
    } else {
      bad[at] ^= (unsigned char)(1u << (seed % 8));
    }
    fp = fopen(db, "wb");
    CHECK(fp != NULL && fwrite(bad, 1, len, fp) == len && fclose(fp) == 0);
    CK_RV rv = f->C_Initialize(NULL);
    CHECK(rv == CKR_OK || rv == CKR_GENERAL_ERROR);
    if (rv == CKR_OK) OK(f->C_Finalize(NULL));
  }
  fflush(stderr);
  CHECK(dup2(saved_err, 2) == 2);
  close(saved_err);
  fp = fopen(db, "wb");
  CHECK(fp != NULL && fwrite(saved, 1, n, fp) == n && fclose(fp) == 0);
}

/* ---- known answers (test-hooks build) ---- */

static void check_kat(void) {
  /* GM/T 0003.5-2012 = GB/T 32918.5-2016 Annex A (signature) and Annex C (encryption) on
   * sm2p256v1, quoted from OpenSSL test/sm2_internal_test.c and other public test suites (the
   * project reference notes on GM standards, §5.4 and §5.5). */
  uint8_t d[32], x[32], y[32], want[64], ct_want[116], pt[65];
  unhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", d);
  unhex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020", x);
  unhex("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13", y);
  unhex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
        "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", want);
  unhex("04" "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
        "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
        "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"
        "21886CA989CA9C7D58087307CA93092D651EFA", ct_want);
  uint8_t point[67] = {0x04, 65, 0x04};
  memcpy(point + 3, x, 32);
  memcpy(point + 35, y, 32);
  memcpy(pt, point + 2, 65);
  setenv("UKEY_GM_TEST_K", "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 1);
  for (CK_SLOT_ID slot = 0; slot < 2; slot++) {
    CK_SESSION_HANDLE h = open_rw(slot);
    login(h, CKU_USER, PIN2);
    CK_ATTRIBUTE vt[] = {{CKA_CLASS, &CLS_PRIV, sizeof CLS_PRIV}, {CKA_KEY_TYPE, &KT_SM2, sizeof KT_SM2},
                         {CKA_TOKEN, &F, 1}, {CKA_PRIVATE, &T, 1}, {CKA_SENSITIVE, &T, 1},
                         {CKA_SIGN, &T, 1}, {CKA_DECRYPT, &T, 1}, {CKA_VALUE, d, 32},
                         {CKA_EC_PARAMS, (void *)SM2_OID, sizeof SM2_OID}, {CKA_ID, "kat", 3}};
    CK_ATTRIBUTE pt_[] = {{CKA_CLASS, &CLS_PUB, sizeof CLS_PUB}, {CKA_KEY_TYPE, &KT_SM2, sizeof KT_SM2},
                          {CKA_TOKEN, &F, 1}, {CKA_EC_POINT, point, sizeof point}, {CKA_ID, "kat", 3}};
    CK_OBJECT_HANDLE priv, pub;
    OK(f->C_CreateObject(h, vt, 10, &priv));
    OK(f->C_CreateObject(h, pt_, 5, &pub));
    uint8_t v[40];
    CK_ATTRIBUTE rv = {CKA_VALUE, v, sizeof v};
    EXPECT(f->C_GetAttributeValue(h, priv, &rv, 1), CKR_ATTRIBUTE_SENSITIVE);
    CK_BBOOL asens = 1;
    CK_ATTRIBUTE as = {CKA_ALWAYS_SENSITIVE, &asens, 1};
    OK(f->C_GetAttributeValue(h, priv, &as, 1));
    CHECK(asens == CK_FALSE); /* imported, so never "always sensitive" */
    const char *msg = "message digest";
    uint8_t sig[80], der[80];
    CK_MECHANISM m = {slot == 0 ? CKM_SA_SM3_SM2_Z : CKM_TA_SM3_SM2, NULL, 0};
    CK_ULONG n = sign(h, &m, priv, msg, strlen(msg), sig);
    if (slot == 0) {
      CHECK(n == 64 && memcmp(sig, want, 64) == 0);
    } else {
      size_t dn = raw_to_der(want, der);
      CHECK(n == dn && memcmp(sig, der, dn) == 0);
    }
    OK(verify(h, &m, pub, msg, strlen(msg), sig, n));
    CHECK(ossl_verify_msg(pt, "1234567812345678", (const uint8_t *)msg, strlen(msg), sig, n));
    /* encryption with the fixed k gives the standard's C1|C3|C2 */
    CK_MECHANISM em = {CKM_SA_SM2_RAW, NULL, 0};
    uint8_t ct[200];
    n = sizeof ct;
    OK(f->C_EncryptInit(h, &em, pub));
    OK(f->C_Encrypt(h, (CK_BYTE_PTR) "encryption standard", 19, ct, &n));
    CHECK(n == 116 && memcmp(ct, ct_want, 116) == 0);
    OK(f->C_CloseSession(h));
  }
  unsetenv("UKEY_GM_TEST_K");
}

/* A normal build must ignore UKEY_GM_TEST_K: two signatures differ. */
static void check_production(const char *lib) {
  void *handle;
  load(lib, &handle);
  init_os();
  setenv("UKEY_GM_TEST_K", "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 1);
  CK_SESSION_HANDLE h = open_rw(0);
  login(h, CKU_USER, PIN2);
  CK_OBJECT_HANDLE priv = find_one(h, CKO_PRIVATE_KEY, "key-1");
  CHECK(priv != CK_INVALID_HANDLE);
  CK_MECHANISM m = {CKM_SA_SM3_SM2_Z, NULL, 0};
  uint8_t s1[80], s2[80];
  sign(h, &m, priv, "abc", 3, s1);
  sign(h, &m, priv, "abc", 3, s2);
  CHECK(memcmp(s1, s2, 64) != 0);
  unsetenv("UKEY_GM_TEST_K");
  OK(f->C_Finalize(NULL));
  dlclose(handle);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: smoke LIB [--kat] [--production LIB2]\n");
    return 2;
  }
  const char *lib = argv[1], *production = NULL;
  int kat = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--kat") == 0) {
      kat = 1;
    } else if (strcmp(argv[i], "--production") == 0 && i + 1 < argc) {
      production = argv[++i];
    } else {
      fprintf(stderr, "smoke: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/ukeygm-smoke-XXXXXX", base && *base ? base : "/tmp");
  if (mkdtemp(tmpdir) == NULL) die(__LINE__, "mkdtemp", tmpdir);
  snprintf(tokdir, sizeof tokdir, "%s/tokens", tmpdir);
  snprintf(confpath, sizeof confpath, "%s/ukeygm.conf", tmpdir);
  write_file(confpath, "# smoke test\ndir = tokens\nslots = 4\nslot.2.vendor = sansec\n"
                       "slot.3.vendor = tass\npin.max-tries = 3\n");

  void *handle;
  load(lib, &handle);
  check_config_errors();
  init_os();
  EXPECT(f->C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED);
  check_info_and_slots();
  check_pins();
  check_signing(0, 0);
  check_signing(1, 1);
  check_encryption(0);
  check_encryption(1);
  check_digest(0, CKM_SA_SM3_HASH);
  check_digest(1, CKM_TA_VENDOR_SM3);
  check_sm4(0, CKK_SA_SM4);
  check_sm4(1, CKK_TA_SM4);
  check_objects(0);
  check_removal();
  sign_in_threads();
  if (kat) check_kat();
  check_finalize_wakes_waiter();
  check_corrupt_file();

  /* persistence: a new C_Initialize sees the tokens, keys and PINs; with mutex callbacks */
  CK_C_INITIALIZE_ARGS cb = {cb_create, cb_destroy, cb_lock, cb_unlock, 0, NULL};
  OK(f->C_Initialize(&cb));
  CHECK(atomic_load(&cb_creates) >= 1);
  CK_TOKEN_INFO ti;
  OK(f->C_GetTokenInfo(0, &ti));
  CHECK(memcmp(ti.label, "smoke-sansec", 12) == 0 && (ti.flags & CKF_TOKEN_INITIALIZED) &&
        !(ti.flags & CKF_USER_PIN_TO_BE_CHANGED));
  sign_in_threads();
  CHECK(atomic_load(&cb_locks) > 80);
  CK_SESSION_HANDLE h = open_rw(1);
  EXPECT(f->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)PIN1, 4), CKR_PIN_INCORRECT);
  login(h, CKU_USER, PIN2);
  CHECK(find_one(h, CKO_PRIVATE_KEY, "key-1") != CK_INVALID_HANDLE);
  CHECK(find_one(h, CKO_PRIVATE_KEY, "kat") == CK_INVALID_HANDLE); /* session objects gone */
  OK(f->C_CloseSession(h));
  check_other_process();
  OK(f->C_Finalize(NULL));
  EXPECT(f->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
  dlclose(handle);

  if (production) check_production(production);

  nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("smoke: all %d checks passed (%s%s%s)\n", checks, lib, kat ? ", known answers" : "",
         production ? ", production build" : "");
  return 0;
}
