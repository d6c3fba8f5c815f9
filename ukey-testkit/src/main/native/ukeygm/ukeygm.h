/*
 * ukeygm.h: the internal state of the ukeygm soft token (see README.md for its behaviour).
 *
 * Thread-safety: every field below is guarded by the module lock (lock_module/unlock_module in
 * ukeygm.c) except `g_initialized` and `g_waiters`, which are atomics read without it.
 */
#ifndef UKEYGM_INTERNAL_H
#define UKEYGM_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "gm.h"
#include "pkcs11.h"

#define UKEYGM_MAX_SLOTS 16
#define UKEYGM_MAX_SESSIONS 64
#define UKEYGM_PIN_MIN 4
#define UKEYGM_PIN_MAX 32

enum vendor { VENDOR_SANSEC = 0, VENDOR_TASS = 1 };

typedef struct attr {
  CK_ATTRIBUTE_TYPE type;
  CK_ULONG len;
  uint8_t *val; /* malloc'd (len may be 0, val then NULL); wiped on free */
} attr;

typedef struct object {
  struct object *next;
  CK_OBJECT_HANDLE handle;
  uint64_t uid;            /* token objects: persistent identity in token.db */
  int token;               /* CKA_TOKEN */
  CK_SESSION_HANDLE owner; /* session objects: the creating session */
  size_t nattrs;
  attr *attrs;
} object;

/* The persisted state of one token (besides its objects). */
typedef struct tokstate {
  uint32_t initialized;
  uint8_t label[32];
  uint8_t serial[16];
  uint32_t so_set;
  uint8_t so_salt[16], so_hash[32];
  uint32_t user_set;
  uint8_t user_salt[16], user_hash[32];
  uint32_t so_fail, user_fail, user_to_be_changed;
  uint64_t next_uid;
} tokstate;

typedef struct slot {
  CK_SLOT_ID id;
  int vendor;
  char dir[PATH_MAX];    /* <dir>/slotN */
  char db[PATH_MAX];     /* <dir>/slotN/token.db */
  char removed[PATH_MAX];/* <dir>/slotN/removed */
  int present;           /* as last observed */
  int event;             /* a presence change not yet reported by C_WaitForSlotEvent */
  tokstate st;
  object *objects;       /* token objects and this slot's session objects */
  int logged_in;
  CK_USER_TYPE login;
  CK_SESSION_HANDLE *gone; /* sessions closed by a removal, not yet told CKR_DEVICE_REMOVED */
  size_t ngone, capgone;
  struct stat dbstat;    /* token.db as last read or written, to notice other processes */
  int have_dbstat;
} slot;

/* An active cryptographic operation of a session. */
typedef struct op {
  int active;
  CK_MECHANISM_TYPE mech;
  int kind;              /* OP_SIGN_E, OP_SIGN_Z, OP_SM2_CIPHER, OP_SM4, OP_DIGEST */
  int der;               /* sign/verify: DER output */
  int updated;           /* a multi-part update happened */
  uint8_t key[32];       /* SM2 d or SM4 key */
  uint8_t pub[65];       /* SM2 public point */
  uint8_t iv[16];
  int cbc;
  gm_sm3_ctx *md;
  uint8_t *buf;          /* accumulated input */
  size_t buflen, bufcap;
  int overflow;
  uint8_t partial[16];   /* SM4 multi-part remainder */
  size_t plen;
  uint8_t *out;          /* a computed result kept for the second call of the two-call rule */
  size_t outlen;
  int have_out;
} op;

typedef struct session {
  struct session *next;
  CK_SESSION_HANDLE handle;
  slot *sl;
  CK_FLAGS flags;
  op sign, verify, enc, dec, digest;
  int find_active;
  CK_OBJECT_HANDLE *found;
  size_t nfound, findpos;
} session;

/* Configuration (store.c), read by C_Initialize. */
typedef struct config {
  char dir[PATH_MAX];
  int nslots;
  int vendor[UKEYGM_MAX_SLOTS];
  unsigned max_tries;
} config;

extern config g_cfg;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int config_load(void);

/* Object primitives (store.c). */
attr *obj_attr(const object *o, CK_ATTRIBUTE_TYPE t);
int obj_set(object *o, CK_ATTRIBUTE_TYPE t, const void *v, CK_ULONG len);
int obj_set_bool(object *o, CK_ATTRIBUTE_TYPE t, int v);
int obj_set_ulong(object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG v);
int obj_bool(const object *o, CK_ATTRIBUTE_TYPE t, int def);
CK_ULONG obj_ulong(const object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG def);
void obj_free(object *o);

/* token.db (store.c): 0 ok, 1 missing, -1 unreadable or corrupt (logged). */
int store_load(const slot *sl, tokstate *st, object **objs, struct stat *sb);
/* 0 ok, -1 failed (logged). Writes sl->st and sl's token objects atomically. */
int store_save(slot *sl);
int make_dirs(const char *path);

#endif
