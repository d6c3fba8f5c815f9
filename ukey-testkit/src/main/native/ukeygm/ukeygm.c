/*
 * ukeygm.c: the PKCS#11 2.40 entry points of the ukeygm GM soft token.
 *
 * Locking: one module lock guards all state; every entry point takes it for its whole run
 * (the token is a test device, so one operation at a time is realistic and simple).
 * C_WaitForSlotEvent takes it only to poll, and sleeps without it. The lock is a pthread mutex,
 * or the application's mutex callbacks when C_Initialize asks for those without
 * CKF_OS_LOCKING_OK. C_Initialize/C_Finalize are further serialised by a private mutex.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "ukeygm.h"

#define EXPORT __attribute__((visibility("default")))

/* ---- module state ---- */

static pthread_mutex_t g_life = PTHREAD_MUTEX_INITIALIZER; /* C_Initialize / C_Finalize */
static pthread_mutex_t g_os_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int g_initialized;
static atomic_int g_waiters;
static CK_C_INITIALIZE_ARGS g_cb; /* application mutex callbacks, when used */
static void *g_cb_mutex;
static int g_use_cb;

static slot g_slots[UKEYGM_MAX_SLOTS];
static session *g_sessions;
static CK_SESSION_HANDLE g_next_session = 1;
static CK_OBJECT_HANDLE g_next_object = 1;

static void lock_module(void) {
  if (g_use_cb) {
    g_cb.LockMutex(g_cb_mutex);
  } else {
    pthread_mutex_lock(&g_os_lock);
  }
}

static void unlock_module(void) {
  if (g_use_cb) {
    g_cb.UnlockMutex(g_cb_mutex);
  } else {
    pthread_mutex_unlock(&g_os_lock);
  }
}

/* Entry: fails fast when not initialised, else holds the module lock until LEAVE. */
#define ENTER()                                                     \
  do {                                                              \
    if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED; \
    lock_module();                                                  \
    if (!atomic_load(&g_initialized)) {                             \
      unlock_module();                                              \
      return CKR_CRYPTOKI_NOT_INITIALIZED;                          \
    }                                                               \
  } while (0)
#define LEAVE(rv)     \
  do {                \
    CK_RV rv_ = (rv); \
    unlock_module();  \
    return rv_;       \
  } while (0)

static void pad(CK_UTF8CHAR *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n > cap) n = cap;
  memset(dst, ' ', cap);
  memcpy(dst, src, n);
}

static CK_RV put_out(const uint8_t *src, CK_ULONG n, CK_BYTE_PTR dst, CK_ULONG_PTR dlen) {
  if (dst == NULL) {
    *dlen = n;
    return CKR_OK;
  }
  if (*dlen < n) {
    *dlen = n;
    return CKR_BUFFER_TOO_SMALL;
  }
  if (n) memcpy(dst, src, n);
  *dlen = n;
  return CKR_OK;
}

/* ---- operations ---- */

enum { OP_SIGN_E = 1, OP_SIGN_Z, OP_SM2_CIPHER, OP_SM4, OP_DIGEST };

static void op_reset(op *o) {
  gm_sm3_free(o->md);
  if (o->buf) gm_wipe(o->buf, o->bufcap);
  free(o->buf);
  if (o->out) gm_wipe(o->out, o->outlen);
  free(o->out);
  gm_wipe(o, sizeof *o);
  memset(o, 0, sizeof *o);
}

static int op_append(op *o, const uint8_t *p, size_t n, size_t limit) {
  if (n == 0) return 0;
  if (o->buflen + n > limit) {
    o->overflow = 1;
    return 0;
  }
  if (o->buflen + n > o->bufcap) {
    size_t cap = o->bufcap ? o->bufcap : 64;
    while (cap < o->buflen + n) cap *= 2;
    uint8_t *b = malloc(cap);
    if (b == NULL) return -1;
    if (o->buflen) memcpy(b, o->buf, o->buflen);
    if (o->buf) gm_wipe(o->buf, o->bufcap);
    free(o->buf);
    o->buf = b;
    o->bufcap = cap;
  }
  memcpy(o->buf + o->buflen, p, n);
  o->buflen += n;
  return 0;
}

static void session_free(session *s) {
  op_reset(&s->sign);
  op_reset(&s->verify);
  op_reset(&s->enc);
  op_reset(&s->dec);
  op_reset(&s->digest);
  free(s->found);
  free(s);
}

/* ---- slots ---- */

static int session_count(const slot *sl, int rw_only) {
  int n = 0;
  for (session *s = g_sessions; s; s = s->next)
    if (s->sl == sl && (!rw_only || (s->flags & CKF_RW_SESSION))) n++;
  return n;
}

static void destroy_session_objects(slot *sl, CK_SESSION_HANDLE owner, int private_only) {
  object **pp = &sl->objects;
  while (*pp) {
    object *o = *pp;
    if (!o->token && (owner == 0 || o->owner == owner) &&
        (!private_only || obj_bool(o, CKA_PRIVATE, 0))) {
      *pp = o->next;
      obj_free(o);
    } else {
      pp = &o->next;
    }
  }
}

static void remember_gone(slot *sl, CK_SESSION_HANDLE h) {
  if (sl->ngone == sl->capgone) {
    size_t cap = sl->capgone ? sl->capgone * 2 : 16;
    CK_SESSION_HANDLE *n = realloc(sl->gone, cap * sizeof *n);
    if (n == NULL) return; /* the session then just reads as invalid */
    sl->gone = n;
    sl->capgone = cap;
  }
  sl->gone[sl->ngone++] = h;
}

/* The token left: its sessions close (remembered for CKR_DEVICE_REMOVED), login is lost. */
static void token_gone(slot *sl) {
  session **pp = &g_sessions;
  while (*pp) {
    session *s = *pp;
    if (s->sl == sl) {
      *pp = s->next;
      remember_gone(sl, s->handle);
      session_free(s);
    } else {
      pp = &s->next;
    }
  }
  destroy_session_objects(sl, 0, 0);
  sl->logged_in = 0;
}

static void free_token_objects(slot *sl) {
  object **pp = &sl->objects;
  while (*pp) {
    object *o = *pp;
    if (o->token) {
      *pp = o->next;
      obj_free(o);
    } else {
      pp = &o->next;
    }
  }
}

/* Replaces sl's token state and objects with token.db's, keeping handles of known objects. */
static int slot_reload(slot *sl) {
  tokstate st;
  object *objs;
  struct stat sb;
  memset(&st, 0, sizeof st);
  int rc = store_load(sl, &st, &objs, &sb);
  if (rc != 0) {
    gm_wipe(&st, sizeof st);
    return -1; /* missing (deleted under us) or corrupt */
  }
  for (object *o = objs; o; o = o->next) {
    o->handle = 0;
    for (object *old = sl->objects; old; old = old->next)
      if (old->token && old->uid == o->uid) o->handle = old->handle;
    if (o->handle == 0) o->handle = g_next_object++;
  }
  free_token_objects(sl);
  object **tail = &sl->objects;
  while (*tail) tail = &(*tail)->next;
  *tail = objs;
  gm_wipe(&sl->st, sizeof sl->st);
  sl->st = st;
  gm_wipe(&st, sizeof st);
  sl->dbstat = sb;
  sl->have_dbstat = 1;
  /* If the user PIN went away (re-initialised elsewhere), a login here is void. */
  if (sl->logged_in && ((sl->login == CKU_USER && !sl->st.user_set) || !sl->st.initialized))
    sl->logged_in = 0;
  return 0;
}

static int same_stat(const struct stat *a, const struct stat *b) {
  return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Notices removal/insertion and changes made by other processes. */
static CK_RV slot_refresh(slot *sl) {
  struct stat sb;
  int present = stat(sl->removed, &sb) != 0;
  if (present != sl->present) {
    sl->present = present;
    sl->event = 1;
    if (!present) token_gone(sl);
  }
  if (!present) return CKR_OK;
  if (stat(sl->db, &sb) == 0) {
    if (!sl->have_dbstat || !same_stat(&sb, &sl->dbstat)) {
      if (slot_reload(sl) != 0) return CKR_DEVICE_ERROR;
    }
  } else if (store_save(sl) != 0) { /* token.db deleted: write it back from memory */
    return CKR_DEVICE_ERROR;
  }
  return CKR_OK;
}

static CK_RV get_slot(CK_SLOT_ID id, slot **out) {
  if (id >= (CK_SLOT_ID)g_cfg.nslots) return CKR_SLOT_ID_INVALID;
  *out = &g_slots[id];
  return slot_refresh(*out);
}

static CK_RV get_present_slot(CK_SLOT_ID id, slot **out) {
  CK_RV rv = get_slot(id, out);
  if (rv == CKR_OK && !(*out)->present) rv = CKR_TOKEN_NOT_PRESENT;
  return rv;
}

static int take_gone(CK_SESSION_HANDLE h) {
  for (int i = 0; i < g_cfg.nslots; i++) {
    slot *sl = &g_slots[i];
    for (size_t j = 0; j < sl->ngone; j++) {
      if (sl->gone[j] == h) {
        sl->gone[j] = sl->gone[--sl->ngone];
        return 1;
      }
    }
  }
  return 0;
}

static CK_RV get_session(CK_SESSION_HANDLE h, session **out) {
  session *s = g_sessions;
  while (s && s->handle != h) s = s->next;
  if (s == NULL) return take_gone(h) ? CKR_DEVICE_REMOVED : CKR_SESSION_HANDLE_INVALID;
  slot *sl = s->sl;
  CK_RV rv = slot_refresh(sl);
  if (!sl->present) { /* the refresh closed it (s is freed) */
    take_gone(h);
    return CKR_DEVICE_REMOVED;
  }
  if (rv != CKR_OK) return rv;
  *out = s;
  return CKR_OK;
}

static int is_user(const session *s) {
  return s->sl->logged_in && s->sl->login == CKU_USER;
}

static CK_STATE session_state(const session *s) {
  int rw = (s->flags & CKF_RW_SESSION) != 0;
  if (s->sl->logged_in && s->sl->login == CKU_SO) return CKS_RW_SO_FUNCTIONS;
  if (is_user(s)) return rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
  return rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
}

static CK_RV save(slot *sl) {
  return store_save(sl) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}

/* ---- mechanisms ---- */

typedef struct mech {
  CK_MECHANISM_TYPE type;
  CK_ULONG min, max;
  CK_FLAGS flags;
} mech;

static const mech SANSEC_MECHS[] = {
    {CKM_SM2_KEY_PAIR_GEN, 256, 256, CKF_HW | CKF_GENERATE_KEY_PAIR},
    {CKM_SA_SM2_SIGN, 256, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_SA_SM3_SM2_Z, 256, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_SA_SM3_SM2_Z_DER, 256, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_SA_SM2_RAW, 256, 256, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
    {CKM_SA_SM3_HASH, 0, 0, CKF_HW | CKF_DIGEST},
    {CKM_SM4_KEY_GEN, 16, 16, CKF_HW | CKF_GENERATE},
    {CKM_SM4_ECB, 16, 16, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
    {CKM_SM4_CBC, 16, 16, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
};

static const mech TASS_MECHS[] = {
    {CKM_SM2_KEY_PAIR_GEN, 256, 256, CKF_HW | CKF_GENERATE_KEY_PAIR},
    {CKM_TA_SM2, 256, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_TA_SM3_SM2, 256, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_TA_SM2_RAW, 256, 256, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
    {CKM_TA_VENDOR_SM3, 0, 0, CKF_HW | CKF_DIGEST},
    {CKM_SM4_KEY_GEN, 16, 16, CKF_HW | CKF_GENERATE},
    {CKM_SM4_ECB, 16, 16, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
    {CKM_SM4_CBC, 16, 16, CKF_HW | CKF_ENCRYPT | CKF_DECRYPT},
};

static const mech *mechs_of(const slot *sl, size_t *n) {
  if (sl->vendor == VENDOR_TASS) {
    *n = sizeof TASS_MECHS / sizeof TASS_MECHS[0];
    return TASS_MECHS;
  }
  *n = sizeof SANSEC_MECHS / sizeof SANSEC_MECHS[0];
  return SANSEC_MECHS;
}

static const mech *find_mech(const slot *sl, CK_MECHANISM_TYPE t, CK_FLAGS need) {
  size_t n;
  const mech *m = mechs_of(sl, &n);
  for (size_t i = 0; i < n; i++)
    if (m[i].type == t && (m[i].flags & need) == need) return &m[i];
  return NULL;
}

static CK_KEY_TYPE sm4_key_type(const slot *sl) {
  return sl->vendor == VENDOR_TASS ? CKK_TA_SM4 : CKK_SA_SM4;
}

/* DER OID 1.2.156.10197.1.301 (sm2p256v1) */
static const uint8_t SM2_OID[] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};

/* ---- objects ---- */

enum { K_BYTES, K_BOOL, K_ULONG, K_DATE };

static int attr_kind(CK_ATTRIBUTE_TYPE t) {
  switch (t) {
    case CKA_TOKEN: case CKA_PRIVATE: case CKA_MODIFIABLE: case CKA_COPYABLE:
    case CKA_DESTROYABLE: case CKA_TRUSTED: case CKA_SENSITIVE: case CKA_ENCRYPT:
    case CKA_DECRYPT: case CKA_WRAP: case CKA_UNWRAP: case CKA_SIGN: case CKA_SIGN_RECOVER:
    case CKA_VERIFY: case CKA_VERIFY_RECOVER: case CKA_DERIVE: case CKA_EXTRACTABLE:
    case CKA_LOCAL: case CKA_NEVER_EXTRACTABLE: case CKA_ALWAYS_SENSITIVE:
    case CKA_WRAP_WITH_TRUSTED: case CKA_ALWAYS_AUTHENTICATE:
      return K_BOOL;
    case CKA_CLASS: case CKA_CERTIFICATE_TYPE: case CKA_CERTIFICATE_CATEGORY: case CKA_KEY_TYPE:
    case CKA_VALUE_LEN: case CKA_KEY_GEN_MECHANISM:
      return K_ULONG;
    case CKA_START_DATE: case CKA_END_DATE:
      return K_DATE;
    default:
      return K_BYTES;
  }
}

static int in_list(CK_ATTRIBUTE_TYPE t, const CK_ATTRIBUTE_TYPE *l, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (l[i] == t) return 1;
  return 0;
}
#define IN(t, ...) \
  in_list((t), (const CK_ATTRIBUTE_TYPE[]){__VA_ARGS__}, \
          sizeof((const CK_ATTRIBUTE_TYPE[]){__VA_ARGS__}) / sizeof(CK_ATTRIBUTE_TYPE))

enum { MODE_CREATE, MODE_GENERATE };

/* Whether attribute t may appear in a template for an object of class cls. */
static CK_RV attr_allowed(const slot *sl, CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE t, int mode) {
  if (IN(t, CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_MODIFIABLE, CKA_COPYABLE,
         CKA_DESTROYABLE))
    return CKR_OK;
  int key = cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY;
  if (key && IN(t, CKA_KEY_TYPE, CKA_ID, CKA_START_DATE, CKA_END_DATE, CKA_DERIVE)) return CKR_OK;
  if (key && IN(t, CKA_LOCAL, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_KEY_GEN_MECHANISM))
    return CKR_ATTRIBUTE_READ_ONLY;
  switch (cls) {
    case CKO_DATA:
      if (IN(t, CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE)) return CKR_OK;
      break;
    case CKO_CERTIFICATE:
      if (IN(t, CKA_CERTIFICATE_TYPE, CKA_TRUSTED, CKA_CERTIFICATE_CATEGORY, CKA_START_DATE,
             CKA_END_DATE, CKA_SUBJECT, CKA_ID, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_VALUE, CKA_URL,
             CKA_HASH_OF_SUBJECT_PUBLIC_KEY, CKA_HASH_OF_ISSUER_PUBLIC_KEY, CKA_CHECK_VALUE))
        return CKR_OK;
      break;
    case CKO_PUBLIC_KEY:
      if (IN(t, CKA_SUBJECT, CKA_ENCRYPT, CKA_VERIFY, CKA_VERIFY_RECOVER, CKA_WRAP, CKA_TRUSTED,
             CKA_EC_PARAMS))
        return CKR_OK;
      if (t == CKA_EC_POINT) return mode == MODE_CREATE ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
      break;
    case CKO_PRIVATE_KEY:
      if (IN(t, CKA_SUBJECT, CKA_SENSITIVE, CKA_DECRYPT, CKA_SIGN, CKA_SIGN_RECOVER, CKA_UNWRAP,
             CKA_EXTRACTABLE, CKA_WRAP_WITH_TRUSTED, CKA_ALWAYS_AUTHENTICATE, CKA_EC_PARAMS))
        return CKR_OK;
      if (t == CKA_VALUE) return mode == MODE_CREATE ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
      if (t == CKA_EC_POINT && sl->vendor == VENDOR_TASS)
        return mode == MODE_CREATE ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
      break;
    case CKO_SECRET_KEY:
      if (IN(t, CKA_SENSITIVE, CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_VERIFY, CKA_WRAP,
             CKA_UNWRAP, CKA_EXTRACTABLE, CKA_WRAP_WITH_TRUSTED, CKA_TRUSTED))
        return CKR_OK;
      if (t == CKA_VALUE) return mode == MODE_CREATE ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
      if (t == CKA_VALUE_LEN) return mode == MODE_GENERATE ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
      break;
    default:
      break;
  }
  return CKR_ATTRIBUTE_TYPE_INVALID;
}

static CK_RV attr_value_ok(const CK_ATTRIBUTE *a) {
  if (a->ulValueLen > 0 && a->pValue == NULL) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (a->ulValueLen > (1u << 20)) return CKR_ATTRIBUTE_VALUE_INVALID;
  switch (attr_kind(a->type)) {
    case K_BOOL:
      if (a->ulValueLen != 1 || *(CK_BBOOL *)a->pValue > 1) return CKR_ATTRIBUTE_VALUE_INVALID;
      break;
    case K_ULONG:
      if (a->ulValueLen != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
      break;
    case K_DATE:
      if (a->ulValueLen != 0 && a->ulValueLen != 8) return CKR_ATTRIBUTE_VALUE_INVALID;
      break;
    default:
      break;
  }
  return CKR_OK;
}

static const CK_ATTRIBUTE *tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type) {
  for (CK_ULONG i = 0; i < n; i++)
    if (t[i].type == type) return &t[i];
  return NULL;
}

static CK_RV tmpl_ulong(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type, CK_ULONG *v,
                        int *present) {
  const CK_ATTRIBUTE *a = tmpl_find(t, n, type);
  *present = a != NULL;
  if (a == NULL) return CKR_OK;
  if (a->pValue == NULL || a->ulValueLen != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
  memcpy(v, a->pValue, sizeof *v);
  return CKR_OK;
}

/* A new object of class cls with the defaults, then the template applied (validated). */
static CK_RV object_from_template(const slot *sl, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt,
                                  const CK_ATTRIBUTE *t, CK_ULONG n, int mode, object **out) {
  if (n > 0 && t == NULL) return CKR_ARGUMENTS_BAD;
  object *o = calloc(1, sizeof *o);
  if (o == NULL) return CKR_HOST_MEMORY;
  int key = cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY;
  int secret = cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY;
  int fail = obj_set_ulong(o, CKA_CLASS, cls) | obj_set_bool(o, CKA_TOKEN, 0) |
             obj_set_bool(o, CKA_PRIVATE, secret) | obj_set(o, CKA_LABEL, NULL, 0) |
             obj_set_bool(o, CKA_MODIFIABLE, 1) | obj_set_bool(o, CKA_DESTROYABLE, 1);
  if (cls == CKO_DATA)
    fail |= obj_set(o, CKA_APPLICATION, NULL, 0) | obj_set(o, CKA_OBJECT_ID, NULL, 0) |
            obj_set(o, CKA_VALUE, NULL, 0);
  if (cls == CKO_CERTIFICATE)
    fail |= obj_set_bool(o, CKA_TRUSTED, 0) | obj_set_ulong(o, CKA_CERTIFICATE_CATEGORY, 0) |
            obj_set(o, CKA_ID, NULL, 0) | obj_set(o, CKA_ISSUER, NULL, 0) |
            obj_set(o, CKA_SERIAL_NUMBER, NULL, 0) | obj_set(o, CKA_START_DATE, NULL, 0) |
            obj_set(o, CKA_END_DATE, NULL, 0);
  if (key)
    fail |= obj_set_ulong(o, CKA_KEY_TYPE, kt) | obj_set(o, CKA_ID, NULL, 0) |
            obj_set(o, CKA_START_DATE, NULL, 0) | obj_set(o, CKA_END_DATE, NULL, 0) |
            obj_set_bool(o, CKA_DERIVE, 0) | obj_set_bool(o, CKA_LOCAL, mode == MODE_GENERATE);
  if (cls == CKO_PUBLIC_KEY)
    fail |= obj_set(o, CKA_SUBJECT, NULL, 0) | obj_set_bool(o, CKA_ENCRYPT, 1) |
            obj_set_bool(o, CKA_VERIFY, 1) | obj_set_bool(o, CKA_VERIFY_RECOVER, 0) |
            obj_set_bool(o, CKA_WRAP, 0) | obj_set_bool(o, CKA_TRUSTED, 0) |
            obj_set(o, CKA_EC_PARAMS, SM2_OID, sizeof SM2_OID);
  if (cls == CKO_PRIVATE_KEY)
    fail |= obj_set(o, CKA_SUBJECT, NULL, 0) | obj_set_bool(o, CKA_DECRYPT, 1) |
            obj_set_bool(o, CKA_SIGN, 1) | obj_set_bool(o, CKA_SIGN_RECOVER, 0) |
            obj_set_bool(o, CKA_UNWRAP, 0) | obj_set_bool(o, CKA_ALWAYS_AUTHENTICATE, 0) |
            obj_set(o, CKA_EC_PARAMS, SM2_OID, sizeof SM2_OID);
  if (cls == CKO_SECRET_KEY)
    fail |= obj_set_bool(o, CKA_ENCRYPT, 1) | obj_set_bool(o, CKA_DECRYPT, 1) |
            obj_set_bool(o, CKA_SIGN, 0) | obj_set_bool(o, CKA_VERIFY, 0) |
            obj_set_bool(o, CKA_WRAP, 0) | obj_set_bool(o, CKA_UNWRAP, 0) |
            obj_set_bool(o, CKA_TRUSTED, 0) | obj_set_ulong(o, CKA_VALUE_LEN, 16);
  if (secret)
    fail |= obj_set_bool(o, CKA_SENSITIVE, 1) | obj_set_bool(o, CKA_EXTRACTABLE, 0) |
            obj_set_bool(o, CKA_WRAP_WITH_TRUSTED, 0);
  if (fail) {
    obj_free(o);
    return CKR_HOST_MEMORY;
  }
  for (CK_ULONG i = 0; i < n; i++) {
    CK_RV rv = attr_allowed(sl, cls, t[i].type, mode);
    if (rv == CKR_OK) rv = attr_value_ok(&t[i]);
    if (rv == CKR_OK) {
      for (CK_ULONG j = 0; j < i; j++)
        if (t[j].type == t[i].type) rv = CKR_TEMPLATE_INCONSISTENT;
    }
    if (rv == CKR_OK && (t[i].type == CKA_CLASS || t[i].type == CKA_KEY_TYPE)) {
      CK_ULONG v;
      memcpy(&v, t[i].pValue, sizeof v);
      if (v != (t[i].type == CKA_CLASS ? cls : kt)) rv = CKR_TEMPLATE_INCONSISTENT;
    }
    if (rv == CKR_OK && obj_set(o, t[i].type, t[i].pValue, t[i].ulValueLen) != 0)
      rv = CKR_HOST_MEMORY;
    if (rv != CKR_OK) {
      obj_free(o);
      return rv;
    }
  }
  o->token = obj_bool(o, CKA_TOKEN, 0);
  if (cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY) {
    attr *p = obj_attr(o, CKA_EC_PARAMS);
    if (p->len != sizeof SM2_OID || memcmp(p->val, SM2_OID, sizeof SM2_OID) != 0) {
      obj_free(o);
      return CKR_CURVE_NOT_SUPPORTED;
    }
  }
  *out = o;
  return CKR_OK;
}

/* Whether the session may see o. */
static int visible(const session *s, const object *o) {
  return !obj_bool(o, CKA_PRIVATE, 0) || is_user(s);
}

static object *find_object(const session *s, CK_OBJECT_HANDLE h) {
  for (object *o = s->sl->objects; o; o = o->next)
    if (o->handle == h) return visible(s, o) ? o : NULL;
  return NULL;
}

/* May the session create/change/destroy an object with these token/private values? */
static CK_RV may_write(const session *s, int token, int priv) {
  if (token && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
  if (priv && !is_user(s)) return CKR_USER_NOT_LOGGED_IN;
  return CKR_OK;
}

static void add_object(session *s, object *o) {
  o->handle = g_next_object++;
  if (o->token) {
    o->uid = ++s->sl->st.next_uid;
  } else {
    o->owner = s->handle;
  }
  object **tail = &s->sl->objects;
  while (*tail) tail = &(*tail)->next;
  *tail = o;
}

static void unlink_object(slot *sl, object *o) {
  for (object **pp = &sl->objects; *pp; pp = &(*pp)->next) {
    if (*pp == o) {
      *pp = o->next;
      return;
    }
  }
}

/* Adds o (and o2 if not NULL) to the session's slot; saves when token objects were added. */
static CK_RV commit_objects(session *s, object *o, object *o2) {
  add_object(s, o);
  if (o2) add_object(s, o2);
  if (o->token || (o2 && o2->token)) {
    if (store_save(s->sl) != 0) {
      unlink_object(s->sl, o);
      obj_free(o);
      if (o2) {
        unlink_object(s->sl, o2);
        obj_free(o2);
      }
      return CKR_DEVICE_ERROR;
    }
  }
  return CKR_OK;
}

/* Whether the value of attribute a of o may not leave the token. */
static int is_sensitive(const object *o, CK_ATTRIBUTE_TYPE t) {
  CK_ULONG cls = obj_ulong(o, CKA_CLASS, ~0UL);
  if (t != CKA_VALUE || (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY)) return 0;
  return obj_bool(o, CKA_SENSITIVE, 1) || !obj_bool(o, CKA_EXTRACTABLE, 0);
}

/* The SM2 point 04|x|y of a CKA_EC_POINT value (DER OCTET STRING, or bare for leniency). */
static int ec_point_of(const uint8_t *v, CK_ULONG len, uint8_t pub[65]) {
  if (len == 67 && v[0] == 0x04 && v[1] == 65) {
    memcpy(pub, v + 2, 65);
  } else if (len == 65) {
    memcpy(pub, v, 65);
  } else {
    return -1;
  }
  return gm_sm2_point_valid(pub) ? 0 : -1;
}

static int set_ec_point(object *o, const uint8_t pub[65]) {
  uint8_t der[67] = {0x04, 65};
  memcpy(der + 2, pub, 65);
  return obj_set(o, CKA_EC_POINT, der, sizeof der);
}

/* ---- general ---- */

static void cb_cleanup(void) {
  if (g_use_cb && g_cb_mutex) g_cb.DestroyMutex(g_cb_mutex);
  g_cb_mutex = NULL;
  g_use_cb = 0;
}

static void teardown(void) {
  while (g_sessions) {
    session *s = g_sessions;
    g_sessions = s->next;
    session_free(s);
  }
  for (int i = 0; i < UKEYGM_MAX_SLOTS; i++) {
    slot *sl = &g_slots[i];
    while (sl->objects) {
      object *o = sl->objects;
      sl->objects = o->next;
      obj_free(o);
    }
    free(sl->gone);
    gm_wipe(sl, sizeof *sl);
    memset(sl, 0, sizeof *sl);
  }
  gm_cleanup();
}

static int init_slot(int i) {
  slot *sl = &g_slots[i];
  sl->id = (CK_SLOT_ID)i;
  sl->vendor = g_cfg.vendor[i];
  if (snprintf(sl->dir, sizeof sl->dir, "%s/slot%d", g_cfg.dir, i) >= (int)sizeof sl->dir ||
      snprintf(sl->db, sizeof sl->db, "%s/token.db", sl->dir) >= (int)sizeof sl->db ||
      snprintf(sl->removed, sizeof sl->removed, "%s/removed", sl->dir) >= (int)sizeof sl->removed) {
    log_error("token directory path too long: %s", g_cfg.dir);
    return -1;
  }
  if (make_dirs(sl->dir) != 0) {
    log_error("cannot create %s: %s", sl->dir, strerror(errno));
    return -1;
  }
  struct stat sb;
  sl->present = stat(sl->removed, &sb) != 0;
  object *objs;
  int rc = store_load(sl, &sl->st, &objs, &sb);
  if (rc < 0) return -1;
  if (rc == 1) { /* a fresh slot: not initialised, with its serial number */
    memset(&sl->st, 0, sizeof sl->st);
    memset(sl->st.label, ' ', 32);
    static const char HEX[] = "0123456789ABCDEF";
    uint8_t r[6], *serial = sl->st.serial;
    if (gm_random(r, sizeof r) != 0) return -1;
    serial[0] = 'G'; /* "GM", the slot number, 12 random hex digits */
    serial[1] = 'M';
    serial[2] = (uint8_t)('0' + i / 10);
    serial[3] = (uint8_t)('0' + i % 10);
    for (int j = 0; j < 6; j++) {
      serial[4 + 2 * j] = (uint8_t)HEX[r[j] >> 4];
      serial[5 + 2 * j] = (uint8_t)HEX[r[j] & 15];
    }
    return store_save(sl);
  }
  for (object *o = objs; o; o = o->next) o->handle = g_next_object++;
  sl->objects = objs;
  sl->dbstat = sb;
  sl->have_dbstat = 1;
  return 0;
}

EXPORT CK_RV C_Initialize(CK_VOID_PTR pInitArgs) {
  if (pInitArgs != NULL) {
    CK_C_INITIALIZE_ARGS *a = pInitArgs;
    if (a->pReserved != NULL) return CKR_ARGUMENTS_BAD;
    int some = a->CreateMutex || a->DestroyMutex || a->LockMutex || a->UnlockMutex;
    int all = a->CreateMutex && a->DestroyMutex && a->LockMutex && a->UnlockMutex;
    if (some && !all) return CKR_ARGUMENTS_BAD;
  }
  pthread_mutex_lock(&g_life);
  if (atomic_load(&g_initialized)) {
    pthread_mutex_unlock(&g_life);
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  }
  CK_RV rv = CKR_OK;
  g_use_cb = 0;
  if (pInitArgs != NULL) {
    CK_C_INITIALIZE_ARGS *a = pInitArgs;
    if (a->CreateMutex && !(a->flags & CKF_OS_LOCKING_OK)) {
      /* The application wants its own mutexes used. */
      g_cb = *a;
      if (g_cb.CreateMutex(&g_cb_mutex) != CKR_OK || g_cb_mutex == NULL) {
        pthread_mutex_unlock(&g_life);
        return CKR_CANT_LOCK;
      }
      g_use_cb = 1;
    }
  }
  if (config_load() != 0) {
    rv = CKR_GENERAL_ERROR;
  } else if (gm_init() != 0) {
    log_error("OpenSSL has no SM2/SM3 (OpenSSL 3 libcrypto is needed)");
    rv = CKR_GENERAL_ERROR;
  } else {
    for (int i = 0; i < g_cfg.nslots && rv == CKR_OK; i++)
      if (init_slot(i) != 0) rv = CKR_GENERAL_ERROR;
  }
  if (rv != CKR_OK) {
    teardown();
    cb_cleanup();
  } else {
    atomic_store(&g_initialized, 1);
  }
  pthread_mutex_unlock(&g_life);
  return rv;
}

EXPORT CK_RV C_Finalize(CK_VOID_PTR pReserved) {
  if (pReserved != NULL) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&g_life);
  if (!atomic_load(&g_initialized)) {
    pthread_mutex_unlock(&g_life);
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  lock_module();
  atomic_store(&g_initialized, 0);
  unlock_module();
  /* Blocked C_WaitForSlotEvent calls see the flag within one poll and leave. */
  while (atomic_load(&g_waiters) > 0) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  lock_module();
  teardown();
  unlock_module();
  cb_cleanup();
  pthread_mutex_unlock(&g_life);
  return CKR_OK;
}

EXPORT CK_RV C_GetInfo(CK_INFO_PTR pInfo) {
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (pInfo == NULL) return CKR_ARGUMENTS_BAD;
  memset(pInfo, 0, sizeof *pInfo);
  pInfo->cryptokiVersion.major = 2;
  pInfo->cryptokiVersion.minor = 40;
  pad(pInfo->manufacturerID, 32, "UKey SDK");
  pad(pInfo->libraryDescription, 32, "ukeygm GM soft token");
  pInfo->libraryVersion.major = 0;
  pInfo->libraryVersion.minor = 1;
  return CKR_OK;
}

EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount) {
  ENTER();
  if (pulCount == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  CK_SLOT_ID ids[UKEYGM_MAX_SLOTS];
  CK_ULONG n = 0;
  for (int i = 0; i < g_cfg.nslots; i++) {
    slot *sl = &g_slots[i];
    CK_RV rv = slot_refresh(sl);
    (void)rv; /* a device error is reported by the calls that use the slot */
    if (!tokenPresent || sl->present) ids[n++] = sl->id;
  }
  if (pSlotList == NULL) {
    *pulCount = n;
    LEAVE(CKR_OK);
  }
  if (*pulCount < n) {
    *pulCount = n;
    LEAVE(CKR_BUFFER_TOO_SMALL);
  }
  memcpy(pSlotList, ids, n * sizeof ids[0]);
  *pulCount = n;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo) {
  ENTER();
  if (pInfo == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_slot(slotID, &sl);
  if (rv == CKR_SLOT_ID_INVALID) LEAVE(rv);
  memset(pInfo, 0, sizeof *pInfo);
  char desc[80];
  snprintf(desc, sizeof desc, "ukeygm slot %lu (%s)", (unsigned long)slotID,
           sl->vendor == VENDOR_TASS ? "tass" : "sansec");
  pad(pInfo->slotDescription, 64, desc);
  pad(pInfo->manufacturerID, 32, "UKey SDK");
  pInfo->flags = CKF_REMOVABLE_DEVICE | (sl->present ? CKF_TOKEN_PRESENT : 0);
  pInfo->hardwareVersion.major = 1;
  pInfo->firmwareVersion.major = 1;
  LEAVE(CKR_OK);
}

static CK_FLAGS token_flags(const slot *sl) {
  CK_FLAGS f = CKF_RNG | CKF_LOGIN_REQUIRED;
  const tokstate *st = &sl->st;
  unsigned max = g_cfg.max_tries;
  if (st->initialized) f |= CKF_TOKEN_INITIALIZED;
  if (st->user_set) f |= CKF_USER_PIN_INITIALIZED;
  if (st->user_to_be_changed) f |= CKF_USER_PIN_TO_BE_CHANGED;
  if (st->user_fail >= max) {
    f |= CKF_USER_PIN_LOCKED;
  } else {
    if (st->user_fail > 0) f |= CKF_USER_PIN_COUNT_LOW;
    if (max - st->user_fail == 1) f |= CKF_USER_PIN_FINAL_TRY;
  }
  if (st->so_fail >= max) {
    f |= CKF_SO_PIN_LOCKED;
  } else {
    if (st->so_fail > 0) f |= CKF_SO_PIN_COUNT_LOW;
    if (max - st->so_fail == 1) f |= CKF_SO_PIN_FINAL_TRY;
  }
  return f;
}

EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo) {
  ENTER();
  if (pInfo == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_present_slot(slotID, &sl);
  if (rv != CKR_OK) LEAVE(rv);
  memset(pInfo, 0, sizeof *pInfo);
  memcpy(pInfo->label, sl->st.label, 32);
  pad(pInfo->manufacturerID, 32,
      sl->vendor == VENDOR_TASS ? "TASS ukeygm test token" : "Sansec ukeygm test token");
  pad(pInfo->model, 16, "ukeygm");
  memcpy(pInfo->serialNumber, sl->st.serial, 16);
  pInfo->flags = token_flags(sl);
  pInfo->ulMaxSessionCount = UKEYGM_MAX_SESSIONS;
  pInfo->ulSessionCount = (CK_ULONG)session_count(sl, 0);
  pInfo->ulMaxRwSessionCount = UKEYGM_MAX_SESSIONS;
  pInfo->ulRwSessionCount = (CK_ULONG)session_count(sl, 1);
  pInfo->ulMaxPinLen = UKEYGM_PIN_MAX;
  pInfo->ulMinPinLen = UKEYGM_PIN_MIN;
  pInfo->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->hardwareVersion.major = 1;
  pInfo->firmwareVersion.major = 1;
  memset(pInfo->utcTime, ' ', 16);
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList,
                                CK_ULONG_PTR pulCount) {
  ENTER();
  if (pulCount == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_present_slot(slotID, &sl);
  if (rv != CKR_OK) LEAVE(rv);
  size_t n;
  const mech *m = mechs_of(sl, &n);
  if (pMechanismList == NULL) {
    *pulCount = n;
    LEAVE(CKR_OK);
  }
  if (*pulCount < n) {
    *pulCount = n;
    LEAVE(CKR_BUFFER_TOO_SMALL);
  }
  for (size_t i = 0; i < n; i++) pMechanismList[i] = m[i].type;
  *pulCount = n;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type,
                                CK_MECHANISM_INFO_PTR pInfo) {
  ENTER();
  if (pInfo == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_present_slot(slotID, &sl);
  if (rv != CKR_OK) LEAVE(rv);
  const mech *m = find_mech(sl, type, 0);
  if (m == NULL) LEAVE(CKR_MECHANISM_INVALID);
  pInfo->ulMinKeySize = m->min;
  pInfo->ulMaxKeySize = m->max;
  pInfo->flags = m->flags;
  LEAVE(CKR_OK);
}

/* ---- PINs ---- */

static int pin_len_ok(CK_ULONG len) {
  return len >= UKEYGM_PIN_MIN && len <= UKEYGM_PIN_MAX;
}

static CK_RV set_pin(slot *sl, int so, const uint8_t *pin, CK_ULONG len) {
  uint8_t *salt = so ? sl->st.so_salt : sl->st.user_salt;
  uint8_t *hash = so ? sl->st.so_hash : sl->st.user_hash;
  if (gm_random(salt, 16) != 0 || gm_pin_hash(salt, pin, len, hash) != 0) return CKR_GENERAL_ERROR;
  if (so) {
    sl->st.so_set = 1;
    sl->st.so_fail = 0;
  } else {
    sl->st.user_set = 1;
    sl->st.user_fail = 0;
  }
  return CKR_OK;
}

/* Checks a PIN against the stored hash, counting failures (persisted). */
static CK_RV check_pin(slot *sl, int so, const uint8_t *pin, CK_ULONG len) {
  uint32_t *fail = so ? &sl->st.so_fail : &sl->st.user_fail;
  if (*fail >= g_cfg.max_tries) return CKR_PIN_LOCKED;
  uint8_t h[32];
  int match = 0;
  if (len <= 1024) {
    if (gm_pin_hash(so ? sl->st.so_salt : sl->st.user_salt, pin, len, h) != 0)
      return CKR_GENERAL_ERROR;
    match = CRYPTO_memcmp(h, so ? sl->st.so_hash : sl->st.user_hash, 32) == 0;
    gm_wipe(h, sizeof h);
  }
  if (match) {
    if (*fail != 0) {
      *fail = 0;
      if (store_save(sl) != 0) return CKR_DEVICE_ERROR;
    }
    return CKR_OK;
  }
  (*fail)++;
  if (store_save(sl) != 0) return CKR_DEVICE_ERROR;
  return *fail >= g_cfg.max_tries ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
}

EXPORT CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
                         CK_UTF8CHAR_PTR pLabel) {
  ENTER();
  if (pLabel == NULL || pPin == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_present_slot(slotID, &sl);
  if (rv != CKR_OK) LEAVE(rv);
  if (session_count(sl, 0) > 0) LEAVE(CKR_SESSION_EXISTS);
  if (sl->st.initialized && sl->st.so_set) {
    rv = check_pin(sl, 1, pPin, ulPinLen);
    if (rv != CKR_OK) LEAVE(rv);
  } else if (!pin_len_ok(ulPinLen)) {
    LEAVE(CKR_PIN_LEN_RANGE);
  }
  free_token_objects(sl);
  destroy_session_objects(sl, 0, 0);
  uint8_t serial[16];
  memcpy(serial, sl->st.serial, 16);
  uint64_t next_uid = sl->st.next_uid;
  gm_wipe(&sl->st, sizeof sl->st);
  memset(&sl->st, 0, sizeof sl->st);
  memcpy(sl->st.serial, serial, 16);
  sl->st.next_uid = next_uid;
  memcpy(sl->st.label, pLabel, 32);
  sl->st.initialized = 1;
  rv = set_pin(sl, 1, pPin, ulPinLen);
  if (rv == CKR_OK) rv = save(sl);
  LEAVE(rv);
}

EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pPin == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (session_state(s) != CKS_RW_SO_FUNCTIONS)
    LEAVE(s->flags & CKF_RW_SESSION ? CKR_USER_NOT_LOGGED_IN : CKR_SESSION_READ_ONLY);
  if (!pin_len_ok(ulPinLen)) LEAVE(CKR_PIN_LEN_RANGE);
  rv = set_pin(s->sl, 0, pPin, ulPinLen);
  if (rv == CKR_OK) {
    s->sl->st.user_to_be_changed = 1;
    rv = save(s->sl);
  }
  LEAVE(rv);
}

EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen,
                      CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pOldPin == NULL || pNewPin == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (!(s->flags & CKF_RW_SESSION)) LEAVE(CKR_SESSION_READ_ONLY);
  slot *sl = s->sl;
  int so = sl->logged_in && sl->login == CKU_SO;
  if (!so && !sl->st.user_set) LEAVE(CKR_USER_PIN_NOT_INITIALIZED);
  if ((so ? sl->st.so_fail : sl->st.user_fail) >= g_cfg.max_tries) LEAVE(CKR_PIN_LOCKED);
  if (!pin_len_ok(ulNewLen)) LEAVE(CKR_PIN_LEN_RANGE);
  rv = check_pin(sl, so, pOldPin, ulOldLen);
  if (rv != CKR_OK) LEAVE(rv);
  rv = set_pin(sl, so, pNewPin, ulNewLen);
  if (rv == CKR_OK) {
    if (!so) sl->st.user_to_be_changed = 0;
    rv = save(sl);
  }
  LEAVE(rv);
}

/* ---- sessions ---- */

EXPORT CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
                           CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession) {
  (void)pApplication;
  (void)Notify;
  ENTER();
  if (phSession == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  slot *sl;
  CK_RV rv = get_present_slot(slotID, &sl);
  if (rv != CKR_OK) LEAVE(rv);
  if (!(flags & CKF_SERIAL_SESSION)) LEAVE(CKR_SESSION_PARALLEL_NOT_SUPPORTED);
  if (session_count(sl, 0) >= UKEYGM_MAX_SESSIONS) LEAVE(CKR_SESSION_COUNT);
  if (!(flags & CKF_RW_SESSION) && sl->logged_in && sl->login == CKU_SO)
    LEAVE(CKR_SESSION_READ_WRITE_SO_EXISTS);
  session *s = calloc(1, sizeof *s);
  if (s == NULL) LEAVE(CKR_HOST_MEMORY);
  s->handle = g_next_session++;
  s->sl = sl;
  s->flags = flags & (CKF_RW_SESSION | CKF_SERIAL_SESSION);
  s->next = g_sessions;
  g_sessions = s;
  *phSession = s->handle;
  LEAVE(CKR_OK);
}

static void close_session(session *s) {
  slot *sl = s->sl;
  for (session **pp = &g_sessions; *pp; pp = &(*pp)->next) {
    if (*pp == s) {
      *pp = s->next;
      break;
    }
  }
  destroy_session_objects(sl, s->handle, 0);
  session_free(s);
  if (session_count(sl, 0) == 0) sl->logged_in = 0; /* the last session logs out */
}

EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE hSession) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  close_session(s);
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slotID) {
  ENTER();
  slot *sl;
  CK_RV rv = get_slot(slotID, &sl);
  if (rv == CKR_SLOT_ID_INVALID) LEAVE(rv);
  session *s = g_sessions;
  while (s) {
    session *next = s->next;
    if (s->sl == sl) close_session(s);
    s = next;
  }
  sl->ngone = 0;
  sl->logged_in = 0;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pInfo == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  pInfo->slotID = s->sl->id;
  pInfo->state = session_state(s);
  pInfo->flags = s->flags;
  pInfo->ulDeviceError = 0;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin,
                     CK_ULONG ulPinLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  slot *sl = s->sl;
  if (userType == CKU_CONTEXT_SPECIFIC) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (userType != CKU_SO && userType != CKU_USER) LEAVE(CKR_USER_TYPE_INVALID);
  if (pPin == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (sl->logged_in)
    LEAVE(sl->login == userType ? CKR_USER_ALREADY_LOGGED_IN : CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
  int so = userType == CKU_SO;
  if (!sl->st.initialized || (so ? !sl->st.so_set : !sl->st.user_set))
    LEAVE(CKR_USER_PIN_NOT_INITIALIZED);
  if (so && session_count(sl, 0) != session_count(sl, 1)) LEAVE(CKR_SESSION_READ_ONLY_EXISTS);
  rv = check_pin(sl, so, pPin, ulPinLen);
  if (rv == CKR_OK) {
    sl->logged_in = 1;
    sl->login = userType;
  }
  LEAVE(rv);
}

EXPORT CK_RV C_Logout(CK_SESSION_HANDLE hSession) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (!s->sl->logged_in) LEAVE(CKR_USER_NOT_LOGGED_IN);
  s->sl->logged_in = 0;
  destroy_session_objects(s->sl, 0, 1);
  LEAVE(CKR_OK);
}

/* ---- objects ---- */

/* Class-specific checks and derived attributes of an object made by C_CreateObject. */
static CK_RV finish_created(const slot *sl, object *o) {
  CK_ULONG cls = obj_ulong(o, CKA_CLASS, ~0UL);
  uint8_t pub[65];
  attr *a;
  if ((cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY) &&
      obj_set_ulong(o, CKA_KEY_GEN_MECHANISM, CK_UNAVAILABLE_INFORMATION) != 0)
    return CKR_HOST_MEMORY;
  switch (cls) {
    case CKO_DATA:
      return CKR_OK;
    case CKO_CERTIFICATE:
      if (obj_attr(o, CKA_CERTIFICATE_TYPE) == NULL || obj_attr(o, CKA_VALUE) == NULL ||
          obj_attr(o, CKA_SUBJECT) == NULL)
        return CKR_TEMPLATE_INCOMPLETE;
      if (obj_ulong(o, CKA_CERTIFICATE_TYPE, ~0UL) != CKC_X_509) return CKR_ATTRIBUTE_VALUE_INVALID;
      if (obj_attr(o, CKA_VALUE)->len == 0) return CKR_ATTRIBUTE_VALUE_INVALID;
      return CKR_OK;
    case CKO_PUBLIC_KEY:
      a = obj_attr(o, CKA_EC_POINT);
      if (a == NULL) return CKR_TEMPLATE_INCOMPLETE;
      if (ec_point_of(a->val, a->len, pub) != 0) return CKR_ATTRIBUTE_VALUE_INVALID;
      return set_ec_point(o, pub) == 0 ? CKR_OK : CKR_HOST_MEMORY;
    case CKO_PRIVATE_KEY: {
      a = obj_attr(o, CKA_VALUE);
      if (a == NULL) return CKR_TEMPLATE_INCOMPLETE;
      if (a->len != 32 || gm_sm2_public(a->val, pub) != 0) return CKR_ATTRIBUTE_VALUE_INVALID;
      attr *p = obj_attr(o, CKA_EC_POINT);
      if (p != NULL) {
        uint8_t given[65];
        if (ec_point_of(p->val, p->len, given) != 0) return CKR_ATTRIBUTE_VALUE_INVALID;
        if (memcmp(given, pub, 65) != 0) return CKR_TEMPLATE_INCONSISTENT;
      }
      if (sl->vendor == VENDOR_TASS && set_ec_point(o, pub) != 0) return CKR_HOST_MEMORY;
      return obj_set_bool(o, CKA_ALWAYS_SENSITIVE, 0) | obj_set_bool(o, CKA_NEVER_EXTRACTABLE, 0)
                 ? CKR_HOST_MEMORY
                 : CKR_OK;
    }
    case CKO_SECRET_KEY:
      a = obj_attr(o, CKA_VALUE);
      if (a == NULL) return CKR_TEMPLATE_INCOMPLETE;
      if (a->len != 16) return CKR_ATTRIBUTE_VALUE_INVALID;
      return obj_set_bool(o, CKA_ALWAYS_SENSITIVE, 0) | obj_set_bool(o, CKA_NEVER_EXTRACTABLE, 0)
                 ? CKR_HOST_MEMORY
                 : CKR_OK;
    default:
      return CKR_ATTRIBUTE_VALUE_INVALID;
  }
}

EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
                            CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (phObject == NULL || (pTemplate == NULL && ulCount > 0)) LEAVE(CKR_ARGUMENTS_BAD);
  CK_ULONG cls = 0, kt = 0;
  int has_cls, has_kt;
  rv = tmpl_ulong(pTemplate, ulCount, CKA_CLASS, &cls, &has_cls);
  if (rv == CKR_OK) rv = tmpl_ulong(pTemplate, ulCount, CKA_KEY_TYPE, &kt, &has_kt);
  if (rv != CKR_OK) LEAVE(rv);
  if (!has_cls) LEAVE(CKR_TEMPLATE_INCOMPLETE);
  if (cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY) {
    if (!has_kt) LEAVE(CKR_TEMPLATE_INCOMPLETE);
    if (kt != CKK_VENDOR_SM2) LEAVE(CKR_ATTRIBUTE_VALUE_INVALID);
  } else if (cls == CKO_SECRET_KEY) {
    if (!has_kt) LEAVE(CKR_TEMPLATE_INCOMPLETE);
    if (kt != sm4_key_type(s->sl)) LEAVE(CKR_ATTRIBUTE_VALUE_INVALID);
  } else if (cls != CKO_DATA && cls != CKO_CERTIFICATE) {
    LEAVE(CKR_ATTRIBUTE_VALUE_INVALID);
  }
  object *o;
  rv = object_from_template(s->sl, cls, kt, pTemplate, ulCount, MODE_CREATE, &o);
  if (rv != CKR_OK) LEAVE(rv);
  rv = may_write(s, o->token, obj_bool(o, CKA_PRIVATE, 0));
  if (rv == CKR_OK) rv = finish_created(s->sl, o);
  if (rv != CKR_OK) {
    obj_free(o);
    LEAVE(rv);
  }
  rv = commit_objects(s, o, NULL);
  if (rv == CKR_OK) *phObject = o->handle;
  LEAVE(rv);
}

EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                          CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                          CK_OBJECT_HANDLE_PTR phNewObject) {
  (void)hSession, (void)hObject, (void)pTemplate, (void)ulCount, (void)phNewObject;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  object *o = find_object(s, hObject);
  if (o == NULL) LEAVE(CKR_OBJECT_HANDLE_INVALID);
  rv = may_write(s, o->token, obj_bool(o, CKA_PRIVATE, 0));
  if (rv != CKR_OK) LEAVE(rv);
  if (!obj_bool(o, CKA_DESTROYABLE, 1)) LEAVE(CKR_ACTION_PROHIBITED);
  unlink_object(s->sl, o);
  int token = o->token;
  obj_free(o);
  LEAVE(token ? save(s->sl) : CKR_OK);
}

EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                             CK_ULONG_PTR pulSize) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pulSize == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  object *o = find_object(s, hObject);
  if (o == NULL) LEAVE(CKR_OBJECT_HANDLE_INVALID);
  CK_ULONG n = 0;
  for (size_t i = 0; i < o->nattrs; i++) n += 12 + o->attrs[i].len;
  *pulSize = n;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                                 CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pTemplate == NULL && ulCount > 0) LEAVE(CKR_ARGUMENTS_BAD);
  object *o = find_object(s, hObject);
  if (o == NULL) LEAVE(CKR_OBJECT_HANDLE_INVALID);
  for (CK_ULONG i = 0; i < ulCount; i++) {
    CK_ATTRIBUTE *t = &pTemplate[i];
    attr *a = obj_attr(o, t->type);
    if (a == NULL) {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_TYPE_INVALID;
    } else if (is_sensitive(o, t->type)) {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_SENSITIVE;
    } else if (t->pValue == NULL) {
      t->ulValueLen = a->len;
    } else if (t->ulValueLen >= a->len) {
      if (a->len) memcpy(t->pValue, a->val, a->len);
      t->ulValueLen = a->len;
    } else {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_BUFFER_TOO_SMALL;
    }
  }
  LEAVE(rv);
}

EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                                 CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pTemplate == NULL && ulCount > 0) LEAVE(CKR_ARGUMENTS_BAD);
  object *o = find_object(s, hObject);
  if (o == NULL) LEAVE(CKR_OBJECT_HANDLE_INVALID);
  rv = may_write(s, o->token, obj_bool(o, CKA_PRIVATE, 0));
  if (rv != CKR_OK) LEAVE(rv);
  if (!obj_bool(o, CKA_MODIFIABLE, 1)) LEAVE(CKR_ACTION_PROHIBITED);
  /* Check all first, so a refused template changes nothing. */
  for (CK_ULONG i = 0; i < ulCount; i++) {
    CK_ATTRIBUTE *t = &pTemplate[i];
    attr *a = obj_attr(o, t->type);
    if (a == NULL) LEAVE(CKR_ATTRIBUTE_TYPE_INVALID);
    rv = attr_value_ok(t);
    if (rv != CKR_OK) LEAVE(rv);
    if (t->type == CKA_LABEL || (t->type == CKA_ID)) continue;
    /* One-way hardening is allowed: SENSITIVE to true, EXTRACTABLE to false. */
    if (t->type == CKA_SENSITIVE && *(CK_BBOOL *)t->pValue) continue;
    if (t->type == CKA_EXTRACTABLE && !*(CK_BBOOL *)t->pValue) continue;
    LEAVE(CKR_ATTRIBUTE_READ_ONLY);
  }
  for (CK_ULONG i = 0; i < ulCount; i++)
    if (obj_set(o, pTemplate[i].type, pTemplate[i].pValue, pTemplate[i].ulValueLen) != 0)
      LEAVE(CKR_HOST_MEMORY);
  LEAVE(o->token ? save(s->sl) : CKR_OK);
}

EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
                               CK_ULONG ulCount) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pTemplate == NULL && ulCount > 0) LEAVE(CKR_ARGUMENTS_BAD);
  if (s->find_active) LEAVE(CKR_OPERATION_ACTIVE);
  size_t cap = 0;
  for (object *o = s->sl->objects; o; o = o->next) cap++;
  CK_OBJECT_HANDLE *found = malloc((cap ? cap : 1) * sizeof *found);
  if (found == NULL) LEAVE(CKR_HOST_MEMORY);
  size_t n = 0;
  for (object *o = s->sl->objects; o; o = o->next) {
    if (!visible(s, o)) continue;
    int match = 1;
    for (CK_ULONG i = 0; i < ulCount && match; i++) {
      attr *a = obj_attr(o, pTemplate[i].type);
      match = a != NULL && !is_sensitive(o, a->type) && a->len == pTemplate[i].ulValueLen &&
              (a->len == 0 || (pTemplate[i].pValue != NULL &&
                               memcmp(a->val, pTemplate[i].pValue, a->len) == 0));
    }
    if (match) found[n++] = o->handle;
  }
  free(s->found);
  s->found = found;
  s->nfound = n;
  s->findpos = 0;
  s->find_active = 1;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
                           CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (phObject == NULL || pulObjectCount == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (!s->find_active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  CK_ULONG n = 0;
  while (n < ulMaxObjectCount && s->findpos < s->nfound) phObject[n++] = s->found[s->findpos++];
  *pulObjectCount = n;
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (!s->find_active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  free(s->found);
  s->found = NULL;
  s->nfound = s->findpos = 0;
  s->find_active = 0;
  LEAVE(CKR_OK);
}

/* ---- key generation ---- */

EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                               CK_ATTRIBUTE_PTR pPublicKeyTemplate,
                               CK_ULONG ulPublicKeyAttributeCount,
                               CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
                               CK_ULONG ulPrivateKeyAttributeCount,
                               CK_OBJECT_HANDLE_PTR phPublicKey, CK_OBJECT_HANDLE_PTR phPrivateKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pMechanism == NULL || phPublicKey == NULL || phPrivateKey == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (find_mech(s->sl, pMechanism->mechanism, CKF_GENERATE_KEY_PAIR) == NULL)
    LEAVE(CKR_MECHANISM_INVALID);
  if (pMechanism->ulParameterLen != 0) LEAVE(CKR_MECHANISM_PARAM_INVALID);
  object *pub = NULL, *priv = NULL;
  rv = object_from_template(s->sl, CKO_PUBLIC_KEY, CKK_VENDOR_SM2, pPublicKeyTemplate,
                            ulPublicKeyAttributeCount, MODE_GENERATE, &pub);
  if (rv == CKR_OK)
    rv = object_from_template(s->sl, CKO_PRIVATE_KEY, CKK_VENDOR_SM2, pPrivateKeyTemplate,
                              ulPrivateKeyAttributeCount, MODE_GENERATE, &priv);
  if (rv == CKR_OK) rv = may_write(s, pub->token, obj_bool(pub, CKA_PRIVATE, 0));
  if (rv == CKR_OK) rv = may_write(s, priv->token, obj_bool(priv, CKA_PRIVATE, 0));
  uint8_t d[32], point[65];
  if (rv == CKR_OK && gm_sm2_generate(d, point) != 0) rv = CKR_FUNCTION_FAILED;
  if (rv == CKR_OK) {
    int fail = set_ec_point(pub, point) | obj_set(priv, CKA_VALUE, d, 32) |
               obj_set_ulong(pub, CKA_KEY_GEN_MECHANISM, CKM_SM2_KEY_PAIR_GEN) |
               obj_set_ulong(priv, CKA_KEY_GEN_MECHANISM, CKM_SM2_KEY_PAIR_GEN) |
               obj_set_bool(priv, CKA_ALWAYS_SENSITIVE, obj_bool(priv, CKA_SENSITIVE, 1)) |
               obj_set_bool(priv, CKA_NEVER_EXTRACTABLE, !obj_bool(priv, CKA_EXTRACTABLE, 0));
    if (s->sl->vendor == VENDOR_TASS) fail |= set_ec_point(priv, point);
    if (fail) rv = CKR_HOST_MEMORY;
  }
  gm_wipe(d, sizeof d);
  if (rv != CKR_OK) {
    obj_free(pub);
    obj_free(priv);
    LEAVE(rv);
  }
  rv = commit_objects(s, pub, priv);
  if (rv == CKR_OK) {
    *phPublicKey = pub->handle;
    *phPrivateKey = priv->handle;
  }
  LEAVE(rv);
}

EXPORT CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                           CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                           CK_OBJECT_HANDLE_PTR phKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pMechanism == NULL || phKey == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  if (find_mech(s->sl, pMechanism->mechanism, CKF_GENERATE) == NULL) LEAVE(CKR_MECHANISM_INVALID);
  if (pMechanism->ulParameterLen != 0) LEAVE(CKR_MECHANISM_PARAM_INVALID);
  object *o;
  rv = object_from_template(s->sl, CKO_SECRET_KEY, sm4_key_type(s->sl), pTemplate, ulCount,
                            MODE_GENERATE, &o);
  if (rv != CKR_OK) LEAVE(rv);
  uint8_t k[16];
  if (obj_ulong(o, CKA_VALUE_LEN, 16) != 16) {
    rv = CKR_ATTRIBUTE_VALUE_INVALID;
  } else {
    rv = may_write(s, o->token, obj_bool(o, CKA_PRIVATE, 0));
  }
  if (rv == CKR_OK && gm_random(k, sizeof k) != 0) rv = CKR_FUNCTION_FAILED;
  if (rv == CKR_OK &&
      (obj_set(o, CKA_VALUE, k, 16) | obj_set_ulong(o, CKA_KEY_GEN_MECHANISM, CKM_SM4_KEY_GEN) |
       obj_set_bool(o, CKA_ALWAYS_SENSITIVE, obj_bool(o, CKA_SENSITIVE, 1)) |
       obj_set_bool(o, CKA_NEVER_EXTRACTABLE, !obj_bool(o, CKA_EXTRACTABLE, 0))))
    rv = CKR_HOST_MEMORY;
  gm_wipe(k, sizeof k);
  if (rv != CKR_OK) {
    obj_free(o);
    LEAVE(rv);
  }
  rv = commit_objects(s, o, NULL);
  if (rv == CKR_OK) *phKey = o->handle;
  LEAVE(rv);
}

/* ---- signing and verification ---- */

/* Looks up a key usable for an operation: class, key type and usage attribute. */
static CK_RV usable_key(session *s, CK_OBJECT_HANDLE h, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt,
                        CK_ATTRIBUTE_TYPE usage, object **out) {
  object *o = find_object(s, h);
  if (o == NULL) return CKR_KEY_HANDLE_INVALID;
  if (obj_ulong(o, CKA_CLASS, ~0UL) != cls || obj_ulong(o, CKA_KEY_TYPE, ~0UL) != kt)
    return CKR_KEY_TYPE_INCONSISTENT;
  if (!obj_bool(o, usage, 0)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
  *out = o;
  return CKR_OK;
}

static CK_RV sm2_key_material(object *o, uint8_t d[32], uint8_t pub[65]) {
  attr *a;
  if (d != NULL) {
    a = obj_attr(o, CKA_VALUE);
    if (a == NULL || a->len != 32) return CKR_KEY_HANDLE_INVALID;
    memcpy(d, a->val, 32);
    if (pub != NULL && gm_sm2_public(d, pub) != 0) return CKR_KEY_HANDLE_INVALID;
    return CKR_OK;
  }
  a = obj_attr(o, CKA_EC_POINT);
  if (a == NULL || ec_point_of(a->val, a->len, pub) != 0) return CKR_KEY_HANDLE_INVALID;
  return CKR_OK;
}

static CK_RV sign_init(session *s, op *o, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE hKey, int sign) {
  if (m == NULL) return CKR_ARGUMENTS_BAD;
  if (o->active) return CKR_OPERATION_ACTIVE;
  if (find_mech(s->sl, m->mechanism, sign ? CKF_SIGN : CKF_VERIFY) == NULL)
    return CKR_MECHANISM_INVALID;
  const uint8_t *id = (const uint8_t *)GM_SM2_ID_DEFAULT;
  size_t idlen = 16;
  int z = m->mechanism == CKM_SA_SM3_SM2_Z || m->mechanism == CKM_SA_SM3_SM2_Z_DER ||
          m->mechanism == CKM_TA_SM3_SM2;
  if (m->mechanism == CKM_TA_SM3_SM2 && m->ulParameterLen > 0) {
    if (m->pParameter == NULL || m->ulParameterLen > GM_SM2_ID_MAX) return CKR_MECHANISM_PARAM_INVALID;
    id = m->pParameter;
    idlen = m->ulParameterLen;
  } else if (m->ulParameterLen != 0) {
    return CKR_MECHANISM_PARAM_INVALID;
  }
  object *key;
  CK_RV rv = usable_key(s, hKey, sign ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY, CKK_VENDOR_SM2,
                        sign ? CKA_SIGN : CKA_VERIFY, &key);
  if (rv != CKR_OK) return rv;
  op_reset(o);
  rv = sm2_key_material(key, sign ? o->key : NULL, o->pub);
  if (rv != CKR_OK) {
    op_reset(o);
    return rv;
  }
  o->mech = m->mechanism;
  o->kind = z ? OP_SIGN_Z : OP_SIGN_E;
  o->der = m->mechanism == CKM_SA_SM3_SM2_Z_DER || m->mechanism == CKM_TA_SM2 ||
           m->mechanism == CKM_TA_SM3_SM2;
  if (z) {
    uint8_t zv[32];
    o->md = gm_sm3_new();
    if (o->md == NULL || gm_sm2_z(id, idlen, o->pub, zv) != 0 || gm_sm3_update(o->md, zv, 32) != 0) {
      op_reset(o);
      return CKR_FUNCTION_FAILED;
    }
  }
  o->active = 1;
  return CKR_OK;
}

static CK_RV sign_update(op *o, const uint8_t *p, CK_ULONG n) {
  if (!o->active) return CKR_OPERATION_NOT_INITIALIZED;
  if (p == NULL && n > 0) return CKR_ARGUMENTS_BAD;
  o->updated = 1;
  if (o->kind == OP_SIGN_Z) return gm_sm3_update(o->md, p, n) == 0 ? CKR_OK : CKR_FUNCTION_FAILED;
  return op_append(o, p, n, 32) == 0 ? CKR_OK : CKR_HOST_MEMORY;
}

/* e of the data given so far (Z mechanisms hash; raw ones need exactly 32 bytes). */
static CK_RV sign_digest(op *o, uint8_t e[32]) {
  if (o->kind == OP_SIGN_Z) return gm_sm3_final(o->md, e) == 0 ? CKR_OK : CKR_FUNCTION_FAILED;
  if (o->overflow || o->buflen != 32) return CKR_DATA_LEN_RANGE;
  memcpy(e, o->buf, 32);
  return CKR_OK;
}

/* Computes (once) and returns the signature by the two-call rule; the op ends unless the caller
 * only asked for the length or gave too small a buffer. */
static CK_RV sign_finish(op *o, CK_BYTE_PTR out, CK_ULONG_PTR outlen) {
  if (outlen == NULL) {
    op_reset(o);
    return CKR_ARGUMENTS_BAD;
  }
  CK_RV rv = CKR_OK;
  if (!o->have_out) {
    uint8_t e[32], rs[64], der[72];
    rv = sign_digest(o, e);
    if (rv == CKR_OK && gm_sm2_sign(o->key, e, rs) != 0) rv = CKR_FUNCTION_FAILED;
    if (rv == CKR_OK) {
      size_t n = o->der ? gm_sig_to_der(rs, der) : 64;
      o->out = malloc(n);
      if (o->out == NULL) {
        rv = CKR_HOST_MEMORY;
      } else {
        memcpy(o->out, o->der ? der : rs, n);
        o->outlen = n;
        o->have_out = 1;
      }
    }
    if (rv != CKR_OK) {
      op_reset(o);
      return rv;
    }
  }
  rv = put_out(o->out, o->outlen, out, outlen);
  if (rv == CKR_OK && out != NULL) op_reset(o);
  return rv;
}

EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                        CK_OBJECT_HANDLE hKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(sign_init(s, &s->sign, pMechanism, hKey, 1));
}

EXPORT CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                    CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  op *o = &s->sign;
  if (!o->active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (!o->have_out) {
    if (o->updated) {
      op_reset(o);
      LEAVE(CKR_OPERATION_ACTIVE);
    }
    rv = sign_update(o, pData, ulDataLen);
    o->updated = 0;
    if (rv != CKR_OK) {
      op_reset(o);
      LEAVE(rv);
    }
  }
  LEAVE(sign_finish(o, pSignature, pulSignatureLen));
}

EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (s->sign.have_out) LEAVE(CKR_OPERATION_ACTIVE);
  rv = sign_update(&s->sign, pPart, ulPartLen);
  if (rv != CKR_OK && rv != CKR_OPERATION_NOT_INITIALIZED) op_reset(&s->sign);
  LEAVE(rv);
}

EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
                         CK_ULONG_PTR pulSignatureLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (!s->sign.active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  LEAVE(sign_finish(&s->sign, pSignature, pulSignatureLen));
}

EXPORT CK_RV C_SignRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                               CK_OBJECT_HANDLE hKey) {
  (void)hSession, (void)pMechanism, (void)hKey;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

EXPORT CK_RV C_SignRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                           CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  (void)hSession, (void)pData, (void)ulDataLen, (void)pSignature, (void)pulSignatureLen;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

static CK_RV verify_finish(op *o, const uint8_t *sig, CK_ULONG len) {
  uint8_t e[32], rs[64];
  CK_RV rv = CKR_OK;
  if (sig == NULL) {
    rv = CKR_ARGUMENTS_BAD;
  } else if (o->der) {
    if (len > 72 || len < 8) {
      rv = CKR_SIGNATURE_LEN_RANGE;
    } else if (gm_sig_from_der(sig, len, rs) != 0) {
      rv = CKR_SIGNATURE_INVALID;
    }
  } else if (len != 64) {
    rv = CKR_SIGNATURE_LEN_RANGE;
  } else {
    memcpy(rs, sig, 64);
  }
  if (rv == CKR_OK) rv = sign_digest(o, e);
  if (rv == CKR_OK) {
    int ok = gm_sm2_verify(o->pub, e, rs);
    rv = ok == 1 ? CKR_OK : ok == 0 ? CKR_SIGNATURE_INVALID : CKR_FUNCTION_FAILED;
  }
  op_reset(o);
  return rv;
}

EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                          CK_OBJECT_HANDLE hKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(sign_init(s, &s->verify, pMechanism, hKey, 0));
}

EXPORT CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                      CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  op *o = &s->verify;
  if (!o->active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (o->updated) {
    op_reset(o);
    LEAVE(CKR_OPERATION_ACTIVE);
  }
  rv = sign_update(o, pData, ulDataLen);
  if (rv != CKR_OK) {
    op_reset(o);
    LEAVE(rv);
  }
  LEAVE(verify_finish(o, pSignature, ulSignatureLen));
}

EXPORT CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  rv = sign_update(&s->verify, pPart, ulPartLen);
  if (rv != CKR_OK && rv != CKR_OPERATION_NOT_INITIALIZED) op_reset(&s->verify);
  LEAVE(rv);
}

EXPORT CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
                           CK_ULONG ulSignatureLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (!s->verify.active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  LEAVE(verify_finish(&s->verify, pSignature, ulSignatureLen));
}

EXPORT CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                                 CK_OBJECT_HANDLE hKey) {
  (void)hSession, (void)pMechanism, (void)hKey;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

EXPORT CK_RV C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
                             CK_ULONG ulSignatureLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  (void)hSession, (void)pSignature, (void)ulSignatureLen, (void)pData, (void)pulDataLen;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

/* ---- encryption and decryption ---- */

static CK_RV cipher_init(session *s, op *o, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE hKey, int enc) {
  if (m == NULL) return CKR_ARGUMENTS_BAD;
  if (o->active) return CKR_OPERATION_ACTIVE;
  if (find_mech(s->sl, m->mechanism, enc ? CKF_ENCRYPT : CKF_DECRYPT) == NULL)
    return CKR_MECHANISM_INVALID;
  object *key;
  CK_RV rv;
  if (m->mechanism == CKM_SA_SM2_RAW) { /* = CKM_TA_SM2_RAW */
    if (m->ulParameterLen != 0) return CKR_MECHANISM_PARAM_INVALID;
    rv = usable_key(s, hKey, enc ? CKO_PUBLIC_KEY : CKO_PRIVATE_KEY, CKK_VENDOR_SM2,
                    enc ? CKA_ENCRYPT : CKA_DECRYPT, &key);
    if (rv != CKR_OK) return rv;
    op_reset(o);
    rv = sm2_key_material(key, enc ? NULL : o->key, enc ? o->pub : NULL);
    if (rv != CKR_OK) {
      op_reset(o);
      return rv;
    }
    o->kind = OP_SM2_CIPHER;
  } else {
    int cbc = m->mechanism == CKM_SM4_CBC;
    if (cbc ? (m->ulParameterLen != 16 || m->pParameter == NULL) : m->ulParameterLen != 0)
      return CKR_MECHANISM_PARAM_INVALID;
    rv = usable_key(s, hKey, CKO_SECRET_KEY, sm4_key_type(s->sl), enc ? CKA_ENCRYPT : CKA_DECRYPT,
                    &key);
    if (rv != CKR_OK) return rv;
    attr *v = obj_attr(key, CKA_VALUE);
    if (v == NULL || v->len != 16) return CKR_KEY_HANDLE_INVALID;
    op_reset(o);
    memcpy(o->key, v->val, 16);
    o->cbc = cbc;
    if (cbc) memcpy(o->iv, m->pParameter, 16);
    o->kind = OP_SM4;
  }
  o->mech = m->mechanism;
  o->active = 1;
  return CKR_OK;
}

static CK_RV sm4_run(op *o, int enc, const uint8_t *in, size_t n, uint8_t *out) {
  return gm_sm4(enc, o->cbc, o->key, o->iv, in, n, out) == 0 ? CKR_OK : CKR_FUNCTION_FAILED;
}

/* Single-part encrypt or decrypt, with the two-call rule. */
static CK_RV cipher_once(op *o, int enc, const uint8_t *in, CK_ULONG n, CK_BYTE_PTR out,
                         CK_ULONG_PTR outlen) {
  if (!o->active) return CKR_OPERATION_NOT_INITIALIZED;
  CK_RV rv;
  if (outlen == NULL || (in == NULL && n > 0)) {
    rv = CKR_ARGUMENTS_BAD;
    goto end;
  }
  if (o->updated) {
    rv = CKR_OPERATION_ACTIVE;
    goto end;
  }
  CK_ULONG need;
  if (o->kind == OP_SM2_CIPHER) {
    if (enc && (n == 0 || n > (1u << 24))) {
      rv = CKR_DATA_LEN_RANGE;
      goto end;
    }
    if (!enc && (n < 98 || n > (1u << 24) + 97)) {
      rv = CKR_ENCRYPTED_DATA_LEN_RANGE;
      goto end;
    }
    need = enc ? n + 97 : n - 97;
  } else {
    if (n % 16 != 0) {
      rv = enc ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE;
      goto end;
    }
    need = n;
  }
  if (out == NULL) {
    *outlen = need;
    return CKR_OK;
  }
  if (*outlen < need) {
    *outlen = need;
    return CKR_BUFFER_TOO_SMALL;
  }
  uint8_t *tmp = malloc(need ? need : 1);
  if (tmp == NULL) {
    rv = CKR_HOST_MEMORY;
    goto end;
  }
  if (o->kind == OP_SM2_CIPHER) {
    if (enc) {
      rv = gm_sm2_encrypt(o->pub, in, n, tmp) == 0 ? CKR_OK : CKR_FUNCTION_FAILED;
    } else {
      int r = gm_sm2_decrypt(o->key, in, n, tmp);
      rv = r == 0 ? CKR_OK : r == 1 ? CKR_ENCRYPTED_DATA_INVALID : CKR_FUNCTION_FAILED;
    }
  } else {
    rv = sm4_run(o, enc, in, n, tmp);
  }
  if (rv == CKR_OK) {
    memcpy(out, tmp, need);
    *outlen = need;
  }
  gm_wipe(tmp, need ? need : 1);
  free(tmp);
end:
  op_reset(o);
  return rv;
}

static CK_RV cipher_update(op *o, int enc, const uint8_t *in, CK_ULONG n, CK_BYTE_PTR out,
                           CK_ULONG_PTR outlen) {
  if (!o->active) return CKR_OPERATION_NOT_INITIALIZED;
  CK_RV rv;
  if (outlen == NULL || (in == NULL && n > 0)) {
    rv = CKR_ARGUMENTS_BAD;
    goto fail;
  }
  if (o->kind == OP_SM2_CIPHER) { /* one-shot cipher: gather, output at the final call */
    o->updated = 1;
    if (op_append(o, in, n, (1u << 24) + 97) != 0) {
      rv = CKR_HOST_MEMORY;
      goto fail;
    }
    *outlen = 0;
    return CKR_OK;
  }
  size_t total = o->plen + n, whole = total / 16 * 16;
  if (out == NULL) {
    *outlen = whole;
    return CKR_OK;
  }
  if (*outlen < whole) {
    *outlen = whole;
    return CKR_BUFFER_TOO_SMALL;
  }
  o->updated = 1;
  uint8_t *tmp = malloc(whole ? whole : 1);
  if (tmp == NULL) {
    rv = CKR_HOST_MEMORY;
    goto fail;
  }
  size_t take = whole - (whole ? o->plen : 0);
  if (whole) {
    memcpy(tmp, o->partial, o->plen);
    memcpy(tmp + o->plen, in, take);
    rv = sm4_run(o, enc, tmp, whole, out);
    o->plen = 0;
  } else {
    rv = CKR_OK;
    take = 0;
  }
  gm_wipe(tmp, whole ? whole : 1);
  free(tmp);
  if (rv != CKR_OK) goto fail;
  memcpy(o->partial + o->plen, in + take, n - take);
  o->plen += n - take;
  *outlen = whole;
  return CKR_OK;
fail:
  op_reset(o);
  return rv;
}

static CK_RV cipher_final(op *o, int enc, CK_BYTE_PTR out, CK_ULONG_PTR outlen) {
  if (!o->active) return CKR_OPERATION_NOT_INITIALIZED;
  if (outlen == NULL) {
    op_reset(o);
    return CKR_ARGUMENTS_BAD;
  }
  if (o->kind == OP_SM2_CIPHER) {
    if (o->overflow) {
      op_reset(o);
      return enc ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE;
    }
    /* run it as a single-part call over what was gathered */
    uint8_t *data = o->buf;
    size_t len = o->buflen, cap = o->bufcap;
    o->buf = NULL;
    o->buflen = o->bufcap = 0;
    o->updated = 0;
    CK_RV rv = cipher_once(o, enc, data, len, out, outlen);
    if (o->active) { /* length query or buffer too small: keep the gathered data */
      o->buf = data;
      o->buflen = len;
      o->bufcap = cap;
      o->updated = 1;
    } else if (data) {
      gm_wipe(data, cap);
      free(data);
    }
    return rv;
  }
  if (o->plen != 0) {
    op_reset(o);
    return enc ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE;
  }
  *outlen = 0;
  if (out != NULL) op_reset(o);
  return CKR_OK;
}

EXPORT CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                           CK_OBJECT_HANDLE hKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_init(s, &s->enc, pMechanism, hKey, 1));
}

EXPORT CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                       CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_once(&s->enc, 1, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen));
}

EXPORT CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                             CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_update(&s->enc, 1, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen));
}

EXPORT CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
                            CK_ULONG_PTR pulLastEncryptedPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_final(&s->enc, 1, pLastEncryptedPart, pulLastEncryptedPartLen));
}

EXPORT CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                           CK_OBJECT_HANDLE hKey) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_init(s, &s->dec, pMechanism, hKey, 0));
}

EXPORT CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
                       CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_once(&s->dec, 0, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen));
}

EXPORT CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                             CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
                             CK_ULONG_PTR pulPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_update(&s->dec, 0, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen));
}

EXPORT CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
                            CK_ULONG_PTR pulLastPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  LEAVE(cipher_final(&s->dec, 0, pLastPart, pulLastPartLen));
}

/* ---- digest ---- */

EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (pMechanism == NULL) LEAVE(CKR_ARGUMENTS_BAD);
  op *o = &s->digest;
  if (o->active) LEAVE(CKR_OPERATION_ACTIVE);
  if (find_mech(s->sl, pMechanism->mechanism, CKF_DIGEST) == NULL) LEAVE(CKR_MECHANISM_INVALID);
  if (pMechanism->ulParameterLen != 0) LEAVE(CKR_MECHANISM_PARAM_INVALID);
  op_reset(o);
  o->md = gm_sm3_new();
  if (o->md == NULL) LEAVE(CKR_HOST_MEMORY);
  o->kind = OP_DIGEST;
  o->mech = pMechanism->mechanism;
  o->active = 1;
  LEAVE(CKR_OK);
}

static CK_RV digest_finish(op *o, CK_BYTE_PTR out, CK_ULONG_PTR outlen) {
  if (out == NULL) {
    *outlen = 32;
    return CKR_OK;
  }
  if (*outlen < 32) {
    *outlen = 32;
    return CKR_BUFFER_TOO_SMALL;
  }
  uint8_t h[32];
  CK_RV rv = gm_sm3_final(o->md, h) == 0 ? CKR_OK : CKR_FUNCTION_FAILED;
  if (rv == CKR_OK) {
    memcpy(out, h, 32);
    *outlen = 32;
  }
  op_reset(o);
  return rv;
}

EXPORT CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                      CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  op *o = &s->digest;
  if (!o->active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (pulDigestLen == NULL || (pData == NULL && ulDataLen > 0) || o->updated) {
    rv = o->updated ? CKR_OPERATION_ACTIVE : CKR_ARGUMENTS_BAD;
    op_reset(o);
    LEAVE(rv);
  }
  if (pDigest != NULL && *pulDigestLen >= 32 && gm_sm3_update(o->md, pData, ulDataLen) != 0) {
    op_reset(o);
    LEAVE(CKR_FUNCTION_FAILED);
  }
  LEAVE(digest_finish(o, pDigest, pulDigestLen));
}

EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  op *o = &s->digest;
  if (!o->active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (pPart == NULL && ulPartLen > 0) {
    op_reset(o);
    LEAVE(CKR_ARGUMENTS_BAD);
  }
  o->updated = 1;
  if (gm_sm3_update(o->md, pPart, ulPartLen) != 0) {
    op_reset(o);
    LEAVE(CKR_FUNCTION_FAILED);
  }
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey) {
  (void)hSession, (void)hKey;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_SUPPORTED;
}

EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
                           CK_ULONG_PTR pulDigestLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  op *o = &s->digest;
  if (!o->active) LEAVE(CKR_OPERATION_NOT_INITIALIZED);
  if (pulDigestLen == NULL) {
    op_reset(o);
    LEAVE(CKR_ARGUMENTS_BAD);
  }
  LEAVE(digest_finish(o, pDigest, pulDigestLen));
}

/* ---- not supported ---- */

#define UNSUPPORTED(name, params, ...)                                \
  EXPORT CK_RV name params {                                          \
    (void)0, __VA_ARGS__;                                             \
    if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED; \
    return CKR_FUNCTION_NOT_SUPPORTED;                                \
  }

UNSUPPORTED(C_GetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
                                  CK_ULONG_PTR pulOperationStateLen),
            (void)hSession, (void)pOperationState, (void)pulOperationStateLen)
UNSUPPORTED(C_SetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
                                  CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey,
                                  CK_OBJECT_HANDLE hAuthenticationKey),
            (void)hSession, (void)pOperationState, (void)ulOperationStateLen,
            (void)hEncryptionKey, (void)hAuthenticationKey)
UNSUPPORTED(C_DigestEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
                                    CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
                                    CK_ULONG_PTR pulEncryptedPartLen),
            (void)hSession, (void)pPart, (void)ulPartLen, (void)pEncryptedPart,
            (void)pulEncryptedPartLen)
UNSUPPORTED(C_DecryptDigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
                                    CK_ULONG_PTR pulPartLen),
            (void)hSession, (void)pEncryptedPart, (void)ulEncryptedPartLen, (void)pPart,
            (void)pulPartLen)
UNSUPPORTED(C_SignEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
                                  CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
                                  CK_ULONG_PTR pulEncryptedPartLen),
            (void)hSession, (void)pPart, (void)ulPartLen, (void)pEncryptedPart,
            (void)pulEncryptedPartLen)
UNSUPPORTED(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
                                    CK_ULONG_PTR pulPartLen),
            (void)hSession, (void)pEncryptedPart, (void)ulEncryptedPartLen, (void)pPart,
            (void)pulPartLen)
UNSUPPORTED(C_WrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                        CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
                        CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen),
            (void)hSession, (void)pMechanism, (void)hWrappingKey, (void)hKey, (void)pWrappedKey,
            (void)pulWrappedKeyLen)
UNSUPPORTED(C_UnwrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                          CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
                          CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),
            (void)hSession, (void)pMechanism, (void)hUnwrappingKey, (void)pWrappedKey,
            (void)ulWrappedKeyLen, (void)pTemplate, (void)ulAttributeCount, (void)phKey)
UNSUPPORTED(C_DeriveKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                          CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),
            (void)hSession, (void)pMechanism, (void)hBaseKey, (void)pTemplate,
            (void)ulAttributeCount, (void)phKey)

/* ---- random, legacy parallel functions, slot events ---- */

EXPORT CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen) {
  (void)pSeed, (void)ulSeedLen;
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  LEAVE(rv != CKR_OK ? rv : CKR_RANDOM_SEED_NOT_SUPPORTED);
}

EXPORT CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
                              CK_ULONG ulRandomLen) {
  ENTER();
  session *s;
  CK_RV rv = get_session(hSession, &s);
  if (rv != CKR_OK) LEAVE(rv);
  if (RandomData == NULL && ulRandomLen > 0) LEAVE(CKR_ARGUMENTS_BAD);
  for (CK_ULONG off = 0; off < ulRandomLen;) {
    CK_ULONG n = ulRandomLen - off > (1u << 20) ? (1u << 20) : ulRandomLen - off;
    if (gm_random(RandomData + off, n) != 0) LEAVE(CKR_FUNCTION_FAILED);
    off += n;
  }
  LEAVE(CKR_OK);
}

EXPORT CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_PARALLEL;
}

EXPORT CK_RV C_CancelFunction(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  return CKR_FUNCTION_NOT_PARALLEL;
}

/* One poll: refresh every slot; report (and clear) the first pending event. */
static int poll_event(CK_SLOT_ID *slot_out) {
  for (int i = 0; i < g_cfg.nslots; i++) (void)slot_refresh(&g_slots[i]);
  for (int i = 0; i < g_cfg.nslots; i++) {
    if (g_slots[i].event) {
      g_slots[i].event = 0;
      *slot_out = g_slots[i].id;
      return 1;
    }
  }
  return 0;
}

EXPORT CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved) {
  if (!atomic_load(&g_initialized)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (pSlot == NULL || pReserved != NULL) return CKR_ARGUMENTS_BAD;
  atomic_fetch_add(&g_waiters, 1);
  CK_RV rv = CKR_NO_EVENT;
  for (;;) {
    if (!atomic_load(&g_initialized)) { /* C_Finalize waits for us before tearing down */
      rv = CKR_CRYPTOKI_NOT_INITIALIZED;
      break;
    }
    lock_module();
    int got = atomic_load(&g_initialized) && poll_event(pSlot);
    unlock_module();
    if (got) {
      rv = CKR_OK;
      break;
    }
    if (flags & CKF_DONT_BLOCK) {
      rv = atomic_load(&g_initialized) ? CKR_NO_EVENT : CKR_CRYPTOKI_NOT_INITIALIZED;
      break;
    }
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
  }
  atomic_fetch_sub(&g_waiters, 1);
  return rv;
}

/* ---- the function list ---- */

#define UKEYGM_ENTRY(name, params) name,
static CK_FUNCTION_LIST g_function_list = {{2, 40}, UKEYGM_FUNCTIONS(UKEYGM_ENTRY)};
#undef UKEYGM_ENTRY

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (ppFunctionList == NULL) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &g_function_list;
  return CKR_OK;
}
