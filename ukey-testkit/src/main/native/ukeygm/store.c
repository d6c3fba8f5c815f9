/*
 * store.c: ukeygm's configuration file, object attributes and the on-disk token file.
 *
 * token.db is private to this module: a magic, the token state, then the token objects as
 * (uid, attributes) records. It is written to a temporary file that is then renamed over the
 * old one, so a reader sees the old or the new state, never a mix. Secret key values are stored
 * as they are (a test token); every buffer that held them is wiped before it is freed.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ukeygm.h"

config g_cfg;

void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("ukeygm: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int make_dirs(const char *path) {
  char tmp[PATH_MAX];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof tmp) return -1;
  memcpy(tmp, path, n + 1);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
  struct stat sb;
  return stat(tmp, &sb) == 0 && S_ISDIR(sb.st_mode) ? 0 : -1;
}

/* ---- configuration ---- */

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
    s[--n] = 0;
  return s;
}

static int parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out) {
  if (*s < '0' || *s > '9') return -1;
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno != 0 || *end != 0 || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

/* dir of a file path ("." if none) */
static void dirname_of(const char *file, char *out, size_t cap) {
  const char *slash = strrchr(file, '/');
  if (slash == NULL) {
    snprintf(out, cap, ".");
  } else if (slash == file) {
    snprintf(out, cap, "/");
  } else {
    snprintf(out, cap, "%.*s", (int)(slash - file), file);
  }
}

static int join(char *out, size_t cap, const char *base, const char *rel) {
  int n = rel[0] == '/' ? snprintf(out, cap, "%s", rel) : snprintf(out, cap, "%s/%s", base, rel);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Reads the file at path (which may be missing if optional) into g_cfg. */
static int read_config(const char *path, int optional) {
  char base[PATH_MAX];
  dirname_of(path, base, sizeof base);
  if (snprintf(g_cfg.dir, sizeof g_cfg.dir, "%s", base) >= (int)sizeof g_cfg.dir) return -1;
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    if (optional && errno == ENOENT) return 0;
    log_error("cannot read the configuration %s: %s", path, strerror(errno));
    return -1;
  }
  char line[PATH_MAX + 64];
  int lineno = 0, rc = 0;
  int vendor_set[UKEYGM_MAX_SLOTS] = {0};
  while (fgets(line, sizeof line, f) != NULL) {
    lineno++;
    if (strchr(line, '\n') == NULL && !feof(f)) {
      log_error("%s:%d: line too long", path, lineno);
      rc = -1;
      break;
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = 0;
    char *s = trim(line);
    if (*s == 0) continue;
    char *eq = strchr(s, '=');
    if (eq == NULL) {
      log_error("%s:%d: expected 'key = value'", path, lineno);
      rc = -1;
      break;
    }
    *eq = 0;
    char *key = trim(s), *val = trim(eq + 1);
    unsigned long v, slot;
    char rest[32];
    if (strcmp(key, "dir") == 0) {
      if (*val == 0 || join(g_cfg.dir, sizeof g_cfg.dir, base, val) != 0) {
        log_error("%s:%d: bad dir '%s'", path, lineno, val);
        rc = -1;
        break;
      }
    } else if (strcmp(key, "slots") == 0) {
      if (parse_uint(val, 1, UKEYGM_MAX_SLOTS, &v) != 0) {
        log_error("%s:%d: slots must be 1..%d, not '%s'", path, lineno, UKEYGM_MAX_SLOTS, val);
        rc = -1;
        break;
      }
      g_cfg.nslots = (int)v;
    } else if (strcmp(key, "pin.max-tries") == 0) {
      if (parse_uint(val, 1, 100, &v) != 0) {
        log_error("%s:%d: pin.max-tries must be 1..100, not '%s'", path, lineno, val);
        rc = -1;
        break;
      }
      g_cfg.max_tries = (unsigned)v;
    } else if (strncmp(key, "slot.", 5) == 0 && sscanf(key + 5, "%lu%31s", &slot, rest) == 2 &&
               strcmp(rest, ".vendor") == 0 && key[5] >= '0' && key[5] <= '9') {
      if (slot >= UKEYGM_MAX_SLOTS) {
        log_error("%s:%d: no slot %lu (slots are 0..%d)", path, lineno, slot, UKEYGM_MAX_SLOTS - 1);
        rc = -1;
        break;
      }
      if (strcmp(val, "sansec") == 0) {
        g_cfg.vendor[slot] = VENDOR_SANSEC;
      } else if (strcmp(val, "tass") == 0) {
        g_cfg.vendor[slot] = VENDOR_TASS;
      } else {
        log_error("%s:%d: vendor must be sansec or tass, not '%s'", path, lineno, val);
        rc = -1;
        break;
      }
      vendor_set[slot] = 1;
    } else {
      log_error("%s:%d: unknown key '%s' (known: dir, slots, slot.N.vendor, pin.max-tries)", path,
                lineno, key);
      rc = -1;
      break;
    }
  }
  if (rc == 0 && ferror(f)) {
    log_error("cannot read the configuration %s", path);
    rc = -1;
  }
  fclose(f);
  if (rc == 0) {
    for (int i = g_cfg.nslots; i < UKEYGM_MAX_SLOTS; i++) {
      if (vendor_set[i]) {
        log_error("%s: slot.%d.vendor is set but there are only %d slots", path, i, g_cfg.nslots);
        return -1;
      }
    }
  }
  return rc;
}

int config_load(void) {
  memset(&g_cfg, 0, sizeof g_cfg);
  g_cfg.nslots = 4;
  g_cfg.max_tries = 6;
  for (int i = 0; i < UKEYGM_MAX_SLOTS; i++) g_cfg.vendor[i] = i % 2 ? VENDOR_TASS : VENDOR_SANSEC;
  const char *conf = getenv("UKEY_GM_CONFIG");
  const char *dir = getenv("UKEY_GM_DIR");
  int rc;
  if (conf != NULL && *conf) {
    rc = read_config(conf, 0);
  } else if (dir != NULL && *dir) {
    char path[PATH_MAX];
    if (join(path, sizeof path, ".", dir) != 0 || strlen(path) + 13 >= sizeof path) {
      log_error("UKEY_GM_DIR is too long");
      return -1;
    }
    if (make_dirs(dir) != 0) {
      log_error("cannot create the token directory UKEY_GM_DIR=%s: %s", dir, strerror(errno));
      return -1;
    }
    snprintf(path, sizeof path, "%s/ukeygm.conf", dir);
    rc = read_config(path, 1);
  } else {
    log_error("set UKEY_GM_DIR to the token directory (or UKEY_GM_CONFIG to a config file)");
    return -1;
  }
  if (rc != 0) return -1;
  if (make_dirs(g_cfg.dir) != 0) {
    log_error("cannot create the token directory %s: %s", g_cfg.dir, strerror(errno));
    return -1;
  }
  return 0;
}

/* ---- attributes ---- */

attr *obj_attr(const object *o, CK_ATTRIBUTE_TYPE t) {
  for (size_t i = 0; i < o->nattrs; i++)
    if (o->attrs[i].type == t) return &o->attrs[i];
  return NULL;
}

int obj_set(object *o, CK_ATTRIBUTE_TYPE t, const void *v, CK_ULONG len) {
  uint8_t *copy = NULL;
  if (len > 0) {
    copy = malloc(len);
    if (copy == NULL) return -1;
    memcpy(copy, v, len);
  }
  attr *a = obj_attr(o, t);
  if (a == NULL) {
    attr *n = realloc(o->attrs, (o->nattrs + 1) * sizeof *n);
    if (n == NULL) {
      free(copy);
      return -1;
    }
    o->attrs = n;
    a = &o->attrs[o->nattrs++];
  } else {
    gm_wipe(a->val, a->len);
    free(a->val);
  }
  a->type = t;
  a->len = len;
  a->val = copy;
  return 0;
}

int obj_set_bool(object *o, CK_ATTRIBUTE_TYPE t, int v) {
  CK_BBOOL b = v ? CK_TRUE : CK_FALSE;
  return obj_set(o, t, &b, 1);
}

int obj_set_ulong(object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG v) {
  return obj_set(o, t, &v, sizeof v);
}

int obj_bool(const object *o, CK_ATTRIBUTE_TYPE t, int def) {
  attr *a = obj_attr(o, t);
  return a && a->len == 1 ? a->val[0] != 0 : def;
}

CK_ULONG obj_ulong(const object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG def) {
  attr *a = obj_attr(o, t);
  CK_ULONG v = def;
  if (a && a->len == sizeof v) memcpy(&v, a->val, sizeof v);
  return v;
}

void obj_free(object *o) {
  if (o == NULL) return;
  for (size_t i = 0; i < o->nattrs; i++) {
    gm_wipe(o->attrs[i].val, o->attrs[i].len);
    free(o->attrs[i].val);
  }
  free(o->attrs);
  free(o);
}

/* ---- token.db ---- */

static const char MAGIC[8] = {'U', 'K', 'E', 'Y', 'G', 'M', 'T', '1'};
#define MAX_OBJECTS 100000u
#define MAX_ATTRS 256u
#define MAX_ATTR_LEN (1u << 20)

typedef struct wbuf {
  uint8_t *p;
  size_t n, cap;
  int err;
} wbuf;

static void w_put(wbuf *b, const void *v, size_t n) {
  if (b->err || n == 0) return;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->n + n) cap *= 2;
    uint8_t *p = malloc(cap);
    if (p == NULL) {
      b->err = 1;
      return;
    }
    if (b->n) memcpy(p, b->p, b->n);
    gm_wipe(b->p, b->cap);
    free(b->p);
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, v, n);
  b->n += n;
}

static void w_u32(wbuf *b, uint32_t v) {
  uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  w_put(b, x, 4);
}

static void w_u64(wbuf *b, uint64_t v) {
  w_u32(b, (uint32_t)(v >> 32));
  w_u32(b, (uint32_t)v);
}

typedef struct rbuf {
  const uint8_t *p;
  size_t n, pos;
  int err;
} rbuf;

static void r_get(rbuf *b, void *v, size_t n) {
  if (b->err || b->n - b->pos < n) {
    b->err = 1;
    memset(v, 0, n);
    return;
  }
  memcpy(v, b->p + b->pos, n);
  b->pos += n;
}

static uint32_t r_u32(rbuf *b) {
  uint8_t x[4];
  r_get(b, x, 4);
  return (uint32_t)x[0] << 24 | (uint32_t)x[1] << 16 | (uint32_t)x[2] << 8 | x[3];
}

static uint64_t r_u64(rbuf *b) {
  uint64_t hi = r_u32(b);
  return hi << 32 | r_u32(b);
}

static void put_state(wbuf *b, const tokstate *st) {
  w_put(b, MAGIC, sizeof MAGIC);
  w_u32(b, st->initialized);
  w_put(b, st->label, 32);
  w_put(b, st->serial, 16);
  w_u32(b, st->so_set);
  w_put(b, st->so_salt, 16);
  w_put(b, st->so_hash, 32);
  w_u32(b, st->user_set);
  w_put(b, st->user_salt, 16);
  w_put(b, st->user_hash, 32);
  w_u32(b, st->so_fail);
  w_u32(b, st->user_fail);
  w_u32(b, st->user_to_be_changed);
  w_u64(b, st->next_uid);
}

int store_save(slot *sl) {
  wbuf b = {0};
  put_state(&b, &sl->st);
  uint32_t count = 0;
  for (object *o = sl->objects; o; o = o->next) count += o->token != 0;
  w_u32(&b, count);
  for (object *o = sl->objects; o; o = o->next) {
    if (!o->token) continue;
    w_u64(&b, o->uid);
    w_u32(&b, (uint32_t)o->nattrs);
    for (size_t i = 0; i < o->nattrs; i++) {
      w_u64(&b, o->attrs[i].type);
      w_u32(&b, (uint32_t)o->attrs[i].len);
      w_put(&b, o->attrs[i].val, o->attrs[i].len);
    }
  }
  int rc = -1;
  char tmp[PATH_MAX + 32];
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", sl->db, (long)getpid());
  if (b.err) {
    log_error("out of memory writing %s", sl->db);
    goto out;
  }
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    log_error("cannot write %s: %s", tmp, strerror(errno));
    goto out;
  }
  size_t off = 0;
  while (off < b.n) {
    ssize_t w = write(fd, b.p + off, b.n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += (size_t)w;
  }
  if (close(fd) != 0 || off != b.n) {
    log_error("cannot write %s: %s", tmp, strerror(errno));
    unlink(tmp);
    goto out;
  }
  if (rename(tmp, sl->db) != 0) {
    log_error("cannot rename %s to %s: %s", tmp, sl->db, strerror(errno));
    unlink(tmp);
    goto out;
  }
  sl->have_dbstat = stat(sl->db, &sl->dbstat) == 0;
  rc = 0;
out:
  gm_wipe(b.p, b.cap);
  free(b.p);
  return rc;
}

int store_load(const slot *sl, tokstate *st, object **objs, struct stat *sb) {
  *objs = NULL;
  int fd = open(sl->db, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return 1;
    log_error("cannot read %s: %s", sl->db, strerror(errno));
    return -1;
  }
  if (fstat(fd, sb) != 0 || sb->st_size < 0 || sb->st_size > (off_t)1 << 30) {
    log_error("cannot read %s: bad size", sl->db);
    close(fd);
    return -1;
  }
  size_t n = (size_t)sb->st_size;
  uint8_t *data = malloc(n ? n : 1);
  size_t got = 0;
  while (data && got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (data == NULL || got != n) {
    log_error("cannot read %s", sl->db);
    free(data);
    return -1;
  }
  rbuf b = {data, n, 0, 0};
  char magic[8];
  r_get(&b, magic, 8);
  const char *why = NULL;
  if (b.err || memcmp(magic, MAGIC, 8) != 0) {
    why = "not a ukeygm token file";
    goto bad;
  }
  st->initialized = r_u32(&b);
  r_get(&b, st->label, 32);
  r_get(&b, st->serial, 16);
  st->so_set = r_u32(&b);
  r_get(&b, st->so_salt, 16);
  r_get(&b, st->so_hash, 32);
  st->user_set = r_u32(&b);
  r_get(&b, st->user_salt, 16);
  r_get(&b, st->user_hash, 32);
  st->so_fail = r_u32(&b);
  st->user_fail = r_u32(&b);
  st->user_to_be_changed = r_u32(&b);
  st->next_uid = r_u64(&b);
  uint32_t count = r_u32(&b);
  if (b.err) {
    why = "truncated token state";
    goto bad;
  }
  if (count > MAX_OBJECTS) {
    why = "too many objects";
    goto bad;
  }
  object **tail = objs;
  for (uint32_t i = 0; i < count; i++) {
    object *o = calloc(1, sizeof *o);
    if (o == NULL) {
      why = "out of memory";
      goto bad;
    }
    *tail = o;
    tail = &o->next;
    o->token = 1;
    o->uid = r_u64(&b);
    uint32_t na = r_u32(&b);
    if (b.err || na > MAX_ATTRS || o->uid == 0) {
      why = "bad object record";
      goto bad;
    }
    for (uint32_t j = 0; j < na; j++) {
      CK_ATTRIBUTE_TYPE t = r_u64(&b);
      uint32_t len = r_u32(&b);
      if (b.err || len > MAX_ATTR_LEN || len > b.n - b.pos || obj_attr(o, t) != NULL) {
        why = "bad attribute record";
        goto bad;
      }
      if (obj_set(o, t, b.p + b.pos, len) != 0) {
        why = "out of memory";
        goto bad;
      }
      b.pos += len;
    }
    if (obj_attr(o, CKA_CLASS) == NULL) {
      why = "object without CKA_CLASS";
      goto bad;
    }
  }
  if (b.pos != b.n) {
    why = "trailing bytes";
    goto bad;
  }
  gm_wipe(data, n);
  free(data);
  return 0;
bad:
  log_error("%s is corrupt (%s); remove the directory to start afresh", sl->db, why);
  while (*objs) {
    object *o = *objs;
    *objs = o->next;
    obj_free(o);
  }
  gm_wipe(data, n);
  free(data);
  return -1;
}
