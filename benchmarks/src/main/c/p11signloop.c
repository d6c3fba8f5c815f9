/*
 * p11signloop: the native floor of the PKCS#11 signing benchmarks. Loops C_SignInit + C_Sign
 * with one key of a token, from N threads (one session each), and prints signatures per second.
 *
 *   p11signloop LIBRARY TOKEN-LABEL PIN KEY-LABEL ecdsa|sha256-rsa THREADS SECONDS [WARMUP]
 *   p11signloop LIBRARY TOKEN-LABEL PIN KEY-LABEL ecdsa|sha256-rsa THREADS serve
 *
 * WARMUP seconds (default 2) of signing are not counted. With "serve" the program keeps its
 * sessions and reads one number of seconds per line on stdin, answering each with the rate of
 * a run that long, until end of input: the JMH suite pairs each of its iterations with such a
 * run in a process as old as its own (SoftHSM in a long-lived process signs measurably slower
 * than in a fresh one, so a fresh process per run would flatter the C loop).
 * ecdsa signs a 32-byte "hash" with CKM_ECDSA; sha256-rsa signs a 32-byte message with
 * CKM_SHA256_RSA_PKCS. The PIN comes from the command line: a test token only.
 *
 * The Cryptoki declarations below are written from OASIS pkcs11t.h / pkcs11f.h (2.40) for the
 * platform's natural alignment (Linux, macOS); the function list is reached through
 * C_GetFunctionList, as the Java SDK does.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_ULONG CK_SLOT_ID;
typedef unsigned char CK_BYTE;

typedef struct { CK_ULONG mechanism; void *pParameter; CK_ULONG ulParameterLen; } CK_MECHANISM;
typedef struct { CK_ULONG type; void *pValue; CK_ULONG ulValueLen; } CK_ATTRIBUTE;
typedef struct {
  CK_BYTE label[32], manufacturerID[32], model[16], serialNumber[16];
  CK_ULONG flags, counts[10];
  CK_BYTE hardwareVersion[2], firmwareVersion[2], utcTime[16];
} CK_TOKEN_INFO;

typedef struct CK_FUNCTION_LIST {
  CK_BYTE version[2];
  CK_RV (*C_Initialize)(void *);
  CK_RV (*C_Finalize)(void *);
  void *C_GetInfo, *C_GetFunctionList;
  CK_RV (*C_GetSlotList)(CK_BYTE, CK_SLOT_ID *, CK_ULONG *);
  void *C_GetSlotInfo;
  CK_RV (*C_GetTokenInfo)(CK_SLOT_ID, CK_TOKEN_INFO *);
  void *C_GetMechanismList, *C_GetMechanismInfo, *C_InitToken, *C_InitPIN, *C_SetPIN;
  CK_RV (*C_OpenSession)(CK_SLOT_ID, CK_ULONG, void *, void *, CK_SESSION_HANDLE *);
  CK_RV (*C_CloseSession)(CK_SESSION_HANDLE);
  void *C_CloseAllSessions, *C_GetSessionInfo, *C_GetOperationState, *C_SetOperationState;
  CK_RV (*C_Login)(CK_SESSION_HANDLE, CK_ULONG, CK_BYTE *, CK_ULONG);
  void *C_Logout, *C_CreateObject, *C_CopyObject, *C_DestroyObject, *C_GetObjectSize;
  void *C_GetAttributeValue, *C_SetAttributeValue;
  CK_RV (*C_FindObjectsInit)(CK_SESSION_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
  CK_RV (*C_FindObjects)(CK_SESSION_HANDLE, CK_OBJECT_HANDLE *, CK_ULONG, CK_ULONG *);
  CK_RV (*C_FindObjectsFinal)(CK_SESSION_HANDLE);
  void *C_EncryptInit, *C_Encrypt, *C_EncryptUpdate, *C_EncryptFinal;
  void *C_DecryptInit, *C_Decrypt, *C_DecryptUpdate, *C_DecryptFinal;
  void *C_DigestInit, *C_Digest, *C_DigestUpdate, *C_DigestKey, *C_DigestFinal;
  CK_RV (*C_SignInit)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
  CK_RV (*C_Sign)(CK_SESSION_HANDLE, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);
  /* ... the remaining 24 entries are not used. */
} CK_FUNCTION_LIST;

#define CKR_OK 0x0UL
#define CKR_USER_ALREADY_LOGGED_IN 0x100UL
#define CKF_RW_SESSION 0x2UL
#define CKF_SERIAL_SESSION 0x4UL
#define CKU_USER 1UL
#define CKA_CLASS 0x0UL
#define CKA_LABEL 0x3UL
#define CKO_PRIVATE_KEY 0x3UL
#define CKM_ECDSA 0x1041UL
#define CKM_SHA256_RSA_PKCS 0x40UL

static CK_FUNCTION_LIST *p11;
static CK_SLOT_ID slot;
static const char *pin, *key_label;
static CK_ULONG mechanism;
static volatile int phase; /* 0 warm-up, 1 measure, 2 stop */

/* One thread's session and key, opened once. */
typedef struct {
  CK_SESSION_HANDLE session;
  CK_OBJECT_HANDLE key;
  unsigned long count;
} worker;

static void check(const char *what, CK_RV rv) {
  if (rv != CKR_OK) {
    fprintf(stderr, "%s returned 0x%08lX\n", what, rv);
    exit(2);
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void open_worker(worker *w) {
  CK_SESSION_HANDLE s;
  check("C_OpenSession", p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL,
      NULL, &s));
  CK_RV rv = p11->C_Login(s, CKU_USER, (CK_BYTE *) pin, strlen(pin));
  if (rv != CKR_USER_ALREADY_LOGGED_IN) {
    check("C_Login", rv);
  }
  CK_ULONG cls = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls},
      {CKA_LABEL, (void *) key_label, strlen(key_label)}};
  CK_OBJECT_HANDLE key;
  CK_ULONG n;
  check("C_FindObjectsInit", p11->C_FindObjectsInit(s, t, 2));
  check("C_FindObjects", p11->C_FindObjects(s, &key, 1, &n));
  check("C_FindObjectsFinal", p11->C_FindObjectsFinal(s));
  if (n != 1) {
    fprintf(stderr, "no private key labelled %s\n", key_label);
    exit(2);
  }
  w->session = s;
  w->key = key;
}

static void *run(void *arg) {
  worker *w = arg;
  CK_MECHANISM m = {mechanism, NULL, 0};
  CK_BYTE data[32], sig[512];
  memset(data, 0x5A, sizeof data);
  unsigned long count = 0;
  while (phase < 2) {
    CK_ULONG len = sizeof sig;
    check("C_SignInit", p11->C_SignInit(w->session, &m, w->key));
    check("C_Sign", p11->C_Sign(w->session, data, sizeof data, sig, &len));
    if (phase == 1) {
      count++;
    }
  }
  w->count = count;
  return NULL;
}

static void pause_for(double seconds) {
  struct timespec t = {(time_t) seconds, (long) ((seconds - (time_t) seconds) * 1e9)};
  nanosleep(&t, NULL);
}

/* Signs from every worker for WARMUP then SECONDS, and returns the rate over SECONDS. */
static double measure(worker *workers, int threads, double seconds, double warmup) {
  pthread_t tid[64];
  phase = 0;
  for (int i = 0; i < threads; i++) {
    pthread_create(&tid[i], NULL, run, &workers[i]);
  }
  pause_for(warmup);
  phase = 1;
  double start = now();
  pause_for(seconds);
  phase = 2;
  double elapsed = now() - start;
  unsigned long total = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(tid[i], NULL);
    total += workers[i].count;
  }
  return total / elapsed;
}

int main(int argc, char **argv) {
  if (argc != 8 && argc != 9) {
    fprintf(stderr, "usage: %s LIBRARY TOKEN-LABEL PIN KEY-LABEL ecdsa|sha256-rsa THREADS"
        " SECONDS [WARMUP]\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "%s\n", dlerror());
    return 2;
  }
  CK_RV (*get_list)(CK_FUNCTION_LIST **) =
      (CK_RV (*)(CK_FUNCTION_LIST **)) dlsym(lib, "C_GetFunctionList");
  check("C_GetFunctionList", get_list(&p11));
  pin = argv[3];
  key_label = argv[4];
  mechanism = strcmp(argv[5], "ecdsa") == 0 ? CKM_ECDSA : CKM_SHA256_RSA_PKCS;
  int threads = atoi(argv[6]);
  int serve = strcmp(argv[7], "serve") == 0;
  double seconds = serve ? 1 : atof(argv[7]);
  double warmup = argc == 9 ? atof(argv[8]) : 2.0;
  if (threads < 1 || threads > 64 || seconds <= 0 || warmup < 0) {
    fprintf(stderr, "bad THREADS, SECONDS or WARMUP\n");
    return 2;
  }
  /* CKF_OS_LOCKING_OK, as the SDK initializes. */
  struct { void *m[4]; CK_ULONG flags; void *reserved; } args = {{0}, 0x2UL, NULL};
  check("C_Initialize", p11->C_Initialize(&args));
  CK_SLOT_ID slots[64];
  CK_ULONG count = 64;
  check("C_GetSlotList", p11->C_GetSlotList(1, slots, &count));
  int found = 0;
  for (CK_ULONG i = 0; i < count && !found; i++) {
    CK_TOKEN_INFO info;
    if (p11->C_GetTokenInfo(slots[i], &info) != CKR_OK) {
      continue;
    }
    size_t l = strlen(argv[2]);
    if (l <= 32 && memcmp(info.label, argv[2], l) == 0
        && (l == 32 || info.label[l] == ' ')) {
      slot = slots[i];
      found = 1;
    }
  }
  if (!found) {
    fprintf(stderr, "no token labelled %s\n", argv[2]);
    return 2;
  }
  worker workers[64];
  for (int i = 0; i < threads; i++) {
    open_worker(&workers[i]);
  }
  if (serve) {
    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
      double s = atof(line);
      if (s <= 0) {
        fprintf(stderr, "bad seconds: %s", line);
        return 2;
      }
      printf("%.1f\n", measure(workers, threads, s, 0));
      fflush(stdout);
    }
  } else {
    printf("%.1f\n", measure(workers, threads, seconds, warmup));
  }
  for (int i = 0; i < threads; i++) {
    p11->C_CloseSession(workers[i].session);
  }
  p11->C_Finalize(NULL);
  return 0;
}
