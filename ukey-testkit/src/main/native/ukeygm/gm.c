/* gm.c: SM2/SM3/SM4 for ukeygm (see gm.h). */
#include "gm.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

static EC_GROUP *group;      /* sm2p256v1, immutable after gm_init */
static uint8_t curve_abxy[128]; /* a|b|xG|yG for Z */
static EVP_MD *sm3_md;

void gm_wipe(void *p, size_t n) {
  if (p != NULL && n > 0) OPENSSL_cleanse(p, n);
}

int gm_random(uint8_t *p, size_t n) {
  if (n == 0) return 0;
  return RAND_bytes(p, (int)n) == 1 ? 0 : -1;
}

int gm_init(void) {
  if (group != NULL) return 0;
  sm3_md = EVP_MD_fetch(NULL, "SM3", NULL);
  group = EC_GROUP_new_by_curve_name(NID_sm2);
  if (sm3_md == NULL || group == NULL) goto fail;
  BN_CTX *ctx = BN_CTX_new();
  BIGNUM *p = BN_new(), *a = BN_new(), *b = BN_new(), *x = BN_new(), *y = BN_new();
  int ok = ctx && p && a && b && x && y && EC_GROUP_get_curve(group, p, a, b, ctx) == 1 &&
           EC_POINT_get_affine_coordinates(group, EC_GROUP_get0_generator(group), x, y, ctx) == 1 &&
           BN_bn2binpad(a, curve_abxy, 32) == 32 && BN_bn2binpad(b, curve_abxy + 32, 32) == 32 &&
           BN_bn2binpad(x, curve_abxy + 64, 32) == 32 && BN_bn2binpad(y, curve_abxy + 96, 32) == 32;
  BN_free(p); BN_free(a); BN_free(b); BN_free(x); BN_free(y); BN_CTX_free(ctx);
  if (ok) return 0;
fail:
  gm_cleanup();
  return -1;
}

void gm_cleanup(void) {
  EC_GROUP_free(group);
  group = NULL;
  EVP_MD_free(sm3_md);
  sm3_md = NULL;
}

int gm_sm3(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t out[32]) {
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  unsigned int n = 0;
  int ok = c && EVP_DigestInit_ex(c, sm3_md, NULL) == 1 && (alen == 0 || EVP_DigestUpdate(c, a, alen) == 1) &&
           (blen == 0 || EVP_DigestUpdate(c, b, blen) == 1) && EVP_DigestFinal_ex(c, out, &n) == 1 && n == 32;
  EVP_MD_CTX_free(c);
  return ok ? 0 : -1;
}

struct gm_sm3_ctx {
  EVP_MD_CTX *md;
};

gm_sm3_ctx *gm_sm3_new(void) {
  gm_sm3_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->md = EVP_MD_CTX_new();
  if (c->md == NULL || EVP_DigestInit_ex(c->md, sm3_md, NULL) != 1) {
    gm_sm3_free(c);
    return NULL;
  }
  return c;
}

int gm_sm3_update(gm_sm3_ctx *c, const uint8_t *p, size_t n) {
  if (n == 0) return 0;
  return EVP_DigestUpdate(c->md, p, n) == 1 ? 0 : -1;
}

int gm_sm3_final(gm_sm3_ctx *c, uint8_t out[32]) {
  unsigned int n = 0;
  return EVP_DigestFinal_ex(c->md, out, &n) == 1 && n == 32 ? 0 : -1;
}

void gm_sm3_free(gm_sm3_ctx *c) {
  if (c == NULL) return;
  EVP_MD_CTX_free(c->md);
  free(c);
}

/* ---- SM2 ---- */

static int point_to_bytes(const EC_POINT *pt, BN_CTX *ctx, uint8_t out[65]) {
  return EC_POINT_point2oct(group, pt, POINT_CONVERSION_UNCOMPRESSED, out, 65, ctx) == 65 ? 0 : -1;
}

static EC_POINT *point_from_bytes(const uint8_t in[65], BN_CTX *ctx) {
  if (in[0] != 0x04) return NULL;
  EC_POINT *pt = EC_POINT_new(group);
  if (pt == NULL) return NULL;
  if (EC_POINT_oct2point(group, pt, in, 65, ctx) != 1 || EC_POINT_is_at_infinity(group, pt) ||
      EC_POINT_is_on_curve(group, pt, ctx) != 1) {
    EC_POINT_free(pt);
    return NULL;
  }
  return pt;
}

/* d as a BIGNUM in [1, n-2], constant-time flagged; NULL otherwise. */
static BIGNUM *scalar_d(const uint8_t d[32]) {
  BIGNUM *bd = BN_secure_new();
  if (bd == NULL) return NULL;
  BN_set_flags(bd, BN_FLG_CONSTTIME);
  BIGNUM *lim = BN_dup(EC_GROUP_get0_order(group));
  if (lim == NULL || BN_bin2bn(d, 32, bd) == NULL || !BN_sub_word(lim, 1) || BN_is_zero(bd) ||
      BN_cmp(bd, lim) >= 0) {
    BN_free(lim);
    BN_clear_free(bd);
    return NULL;
  }
  BN_free(lim);
  return bd;
}

int gm_sm2_public(const uint8_t d[32], uint8_t pub[65]) {
  BN_CTX *ctx = BN_CTX_new();
  BIGNUM *bd = scalar_d(d);
  EC_POINT *p = EC_POINT_new(group);
  int ok = ctx && bd && p && EC_POINT_mul(group, p, bd, NULL, NULL, ctx) == 1 &&
           point_to_bytes(p, ctx, pub) == 0;
  EC_POINT_free(p);
  BN_clear_free(bd);
  BN_CTX_free(ctx);
  return ok ? 0 : -1;
}

int gm_sm2_generate(uint8_t d[32], uint8_t pub[65]) {
  for (int i = 0; i < 16; i++) {
    if (gm_random(d, 32) != 0) return -1;
    if (gm_sm2_public(d, pub) == 0) return 0;
  }
  gm_wipe(d, 32);
  return -1;
}

int gm_sm2_point_valid(const uint8_t pub[65]) {
  BN_CTX *ctx = BN_CTX_new();
  EC_POINT *p = ctx ? point_from_bytes(pub, ctx) : NULL;
  int ok = p != NULL;
  EC_POINT_free(p);
  BN_CTX_free(ctx);
  return ok;
}

int gm_sm2_z(const uint8_t *id, size_t idlen, const uint8_t pub[65], uint8_t z[32]) {
  if (idlen > GM_SM2_ID_MAX) return -1;
  size_t n = 2 + idlen + 128 + 64;
  uint8_t *buf = malloc(n);
  if (buf == NULL) return -1;
  size_t bits = idlen * 8;
  buf[0] = (uint8_t)(bits >> 8);
  buf[1] = (uint8_t)bits;
  if (idlen) memcpy(buf + 2, id, idlen);
  memcpy(buf + 2 + idlen, curve_abxy, 128);
  memcpy(buf + 2 + idlen + 128, pub + 1, 64);
  int rc = gm_sm3(buf, n, NULL, 0, z);
  free(buf);
  return rc;
}

#ifdef UKEYGM_TEST_HOOKS
/* Test builds only: UKEY_GM_TEST_K (64 hex digits) fixes k. */
static int test_k(BIGNUM *k) {
  const char *hex = getenv("UKEY_GM_TEST_K");
  if (hex == NULL || strlen(hex) != 64) return 0;
  BIGNUM *t = NULL;
  if (BN_hex2bn(&t, hex) != 64) {
    BN_free(t);
    return 0;
  }
  int ok = BN_copy(k, t) != NULL;
  BN_free(t);
  return ok;
}
#else
static int test_k(BIGNUM *k) {
  (void)k;
  return 0;
}
#endif

/* k in [1, n-1]: random, or the test build's fixed value. */
static int choose_k(BIGNUM *k, const BIGNUM *n) {
  if (test_k(k)) return 1;
  do {
    if (BN_priv_rand_range(k, n) != 1) return 0;
  } while (BN_is_zero(k));
  return 1;
}

int gm_sm2_sign(const uint8_t d[32], const uint8_t e[32], uint8_t rs[64]) {
  const BIGNUM *n = EC_GROUP_get0_order(group);
  BN_CTX *ctx = BN_CTX_new();
  BIGNUM *bd = scalar_d(d);
  BIGNUM *be = BN_bin2bn(e, 32, NULL);
  BIGNUM *k = BN_secure_new(), *r = BN_new(), *s = BN_new(), *x1 = BN_new(), *t = BN_secure_new(),
         *inv = BN_secure_new();
  EC_POINT *kg = EC_POINT_new(group);
  int ok = 0;
  if (!ctx || !bd || !be || !k || !r || !s || !x1 || !t || !inv || !kg) goto done;
  BN_set_flags(k, BN_FLG_CONSTTIME);
  /* (1 + d)^-1 mod n */
  if (!BN_copy(t, bd) || !BN_add_word(t, 1) || !BN_mod_inverse(inv, t, n, ctx)) goto done;
  for (int tries = 0; tries < 64; tries++) {
    if (!choose_k(k, n)) goto done;
    /* A6: (x1, y1) = [k]G; r = (e + x1) mod n; retry if r = 0 or r + k = n */
    if (EC_POINT_mul(group, kg, k, NULL, NULL, ctx) != 1 ||
        EC_POINT_get_affine_coordinates(group, kg, x1, NULL, ctx) != 1 ||
        BN_mod_add(r, be, x1, n, ctx) != 1)
      goto done;
    if (BN_is_zero(r)) continue;
    if (!BN_add(t, r, k)) goto done;
    if (BN_cmp(t, n) == 0) continue;
    /* A7: s = ((1 + d)^-1 * (k - r*d)) mod n; retry if s = 0 */
    if (BN_mod_mul(t, r, bd, n, ctx) != 1 || BN_mod_sub(t, k, t, n, ctx) != 1 ||
        BN_mod_mul(s, inv, t, n, ctx) != 1)
      goto done;
    if (BN_is_zero(s)) continue;
    ok = BN_bn2binpad(r, rs, 32) == 32 && BN_bn2binpad(s, rs + 32, 32) == 32;
    break;
  }
done:
  EC_POINT_free(kg);
  BN_clear_free(bd);
  BN_free(be);
  BN_clear_free(k);
  BN_free(r);
  BN_free(s);
  BN_free(x1);
  BN_clear_free(t);
  BN_clear_free(inv);
  BN_CTX_free(ctx);
  return ok ? 0 : -1;
}

int gm_sm2_verify(const uint8_t pub[65], const uint8_t e[32], const uint8_t rs[64]) {
  const BIGNUM *n = EC_GROUP_get0_order(group);
  BN_CTX *ctx = BN_CTX_new();
  EC_POINT *p = ctx ? point_from_bytes(pub, ctx) : NULL;
  EC_POINT *q = EC_POINT_new(group);
  BIGNUM *r = BN_bin2bn(rs, 32, NULL), *s = BN_bin2bn(rs + 32, 32, NULL), *be = BN_bin2bn(e, 32, NULL);
  BIGNUM *t = BN_new(), *x1 = BN_new(), *R = BN_new();
  int result = -1;
  if (!ctx || !q || !r || !s || !be || !t || !x1 || !R) goto done;
  if (p == NULL) {
    result = 0;
    goto done;
  }
  result = 0;
  /* B1, B2: r, s in [1, n-1] */
  if (BN_is_zero(r) || BN_cmp(r, n) >= 0 || BN_is_zero(s) || BN_cmp(s, n) >= 0) goto done;
  /* B5: t = (r + s) mod n, t != 0 */
  if (BN_mod_add(t, r, s, n, ctx) != 1) goto err;
  if (BN_is_zero(t)) goto done;
  /* B6: (x1, y1) = [s]G + [t]P; B7: R = (e + x1) mod n */
  if (EC_POINT_mul(group, q, s, p, t, ctx) != 1) goto err;
  if (EC_POINT_is_at_infinity(group, q)) goto done;
  if (EC_POINT_get_affine_coordinates(group, q, x1, NULL, ctx) != 1 || BN_mod_add(R, be, x1, n, ctx) != 1)
    goto err;
  result = BN_cmp(R, r) == 0 ? 1 : 0;
  goto done;
err:
  result = -1;
done:
  EC_POINT_free(p);
  EC_POINT_free(q);
  BN_free(r);
  BN_free(s);
  BN_free(be);
  BN_free(t);
  BN_free(x1);
  BN_free(R);
  BN_CTX_free(ctx);
  return result;
}

/* The key derivation function of GB/T 32918.4-2016 with SM3: out = SM3(z|ct1)|SM3(z|ct2)|... */
static int kdf(const uint8_t z[64], uint8_t *out, size_t len) {
  uint8_t buf[68], h[32];
  memcpy(buf, z, 64);
  uint32_t ct = 1;
  for (size_t off = 0; off < len; off += 32, ct++) {
    buf[64] = (uint8_t)(ct >> 24);
    buf[65] = (uint8_t)(ct >> 16);
    buf[66] = (uint8_t)(ct >> 8);
    buf[67] = (uint8_t)ct;
    if (gm_sm3(buf, sizeof buf, NULL, 0, h) != 0) return -1;
    size_t n = len - off < 32 ? len - off : 32;
    memcpy(out + off, h, n);
  }
  gm_wipe(buf, sizeof buf);
  gm_wipe(h, sizeof h);
  return 0;
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

/* C3 = SM3(x2 | M | y2) */
static int c3_hash(const uint8_t x2y2[64], const uint8_t *m, size_t mlen, uint8_t c3[32]) {
  gm_sm3_ctx *c = gm_sm3_new();
  int ok = c && gm_sm3_update(c, x2y2, 32) == 0 && gm_sm3_update(c, m, mlen) == 0 &&
           gm_sm3_update(c, x2y2 + 32, 32) == 0 && gm_sm3_final(c, c3) == 0;
  gm_sm3_free(c);
  return ok ? 0 : -1;
}

int gm_sm2_encrypt(const uint8_t pub[65], const uint8_t *m, size_t mlen, uint8_t *out) {
  const BIGNUM *n = EC_GROUP_get0_order(group);
  BN_CTX *ctx = BN_CTX_new();
  EC_POINT *p = ctx ? point_from_bytes(pub, ctx) : NULL;
  EC_POINT *c1 = EC_POINT_new(group), *s = EC_POINT_new(group);
  BIGNUM *k = BN_secure_new();
  uint8_t pt[65], *t = malloc(mlen ? mlen : 1);
  int ok = 0;
  if (!ctx || !p || !c1 || !s || !k || !t || mlen == 0) goto done;
  BN_set_flags(k, BN_FLG_CONSTTIME);
  for (int tries = 0; tries < 64 && !ok; tries++) {
    /* A1-A5: C1 = [k]G, (x2, y2) = [k]P, t = KDF(x2|y2, klen), retry if t is all zero */
    if (!choose_k(k, n) || EC_POINT_mul(group, c1, k, NULL, NULL, ctx) != 1 ||
        EC_POINT_mul(group, s, NULL, p, k, ctx) != 1 || point_to_bytes(c1, ctx, out) != 0 ||
        point_to_bytes(s, ctx, pt) != 0 || kdf(pt + 1, t, mlen) != 0)
      goto done;
    if (all_zero(t, mlen)) continue;
    /* A6-A8: C2 = M xor t, C3 = SM3(x2|M|y2), C = C1|C3|C2 */
    if (c3_hash(pt + 1, m, mlen, out + 65) != 0) goto done;
    for (size_t i = 0; i < mlen; i++) out[97 + i] = m[i] ^ t[i];
    ok = 1;
  }
done:
  gm_wipe(pt, sizeof pt);
  if (t) gm_wipe(t, mlen ? mlen : 1);
  free(t);
  BN_clear_free(k);
  EC_POINT_free(p);
  EC_POINT_free(c1);
  EC_POINT_clear_free(s);
  BN_CTX_free(ctx);
  return ok ? 0 : -1;
}

int gm_sm2_decrypt(const uint8_t d[32], const uint8_t *c, size_t clen, uint8_t *out) {
  if (clen < 98) return 1;
  size_t mlen = clen - 97;
  BN_CTX *ctx = BN_CTX_new();
  BIGNUM *bd = scalar_d(d);
  EC_POINT *s = EC_POINT_new(group);
  uint8_t pt[65], u[32];
  int rc = -1;
  if (!ctx || !bd || !s) goto done;
  /* B1: C1 must be a point on the curve (h = 1, so [h]C1 is not infinity iff C1 is not) */
  EC_POINT *c1 = point_from_bytes(c, ctx);
  if (c1 == NULL) {
    rc = 1;
    goto done;
  }
  /* B3-B5: (x2, y2) = [d]C1, t = KDF(x2|y2, klen), M' = C2 xor t */
  int ok = EC_POINT_mul(group, s, NULL, c1, bd, ctx) == 1 && point_to_bytes(s, ctx, pt) == 0 &&
           kdf(pt + 1, out, mlen) == 0;
  EC_POINT_free(c1);
  if (!ok) goto done;
  if (all_zero(out, mlen)) {
    rc = 1;
    gm_wipe(out, mlen);
    goto done;
  }
  for (size_t i = 0; i < mlen; i++) out[i] ^= c[97 + i];
  /* B6: u = SM3(x2|M'|y2) must equal C3 */
  if (c3_hash(pt + 1, out, mlen, u) != 0) goto done;
  if (CRYPTO_memcmp(u, c + 65, 32) != 0) {
    gm_wipe(out, mlen);
    rc = 1;
    goto done;
  }
  rc = 0;
done:
  gm_wipe(pt, sizeof pt);
  BN_clear_free(bd);
  EC_POINT_clear_free(s);
  BN_CTX_free(ctx);
  return rc;
}

/* ---- DER signatures ---- */

static size_t der_int(const uint8_t v[32], uint8_t *out) {
  size_t i = 0;
  while (i < 31 && v[i] == 0) i++;
  size_t n = 32 - i;
  int pad = (v[i] & 0x80) != 0;
  out[0] = 0x02;
  out[1] = (uint8_t)(n + pad);
  if (pad) out[2] = 0;
  memcpy(out + 2 + pad, v + i, n);
  return 2 + pad + n;
}

size_t gm_sig_to_der(const uint8_t rs[64], uint8_t der[72]) {
  uint8_t body[70];
  size_t n = der_int(rs, body);
  n += der_int(rs + 32, body + n);
  der[0] = 0x30;
  der[1] = (uint8_t)n;
  memcpy(der + 2, body, n);
  return n + 2;
}

static int der_get_int(const uint8_t *p, size_t len, size_t *pos, uint8_t out[32]) {
  if (*pos + 2 > len || p[*pos] != 0x02) return -1;
  size_t n = p[*pos + 1];
  if (n == 0 || n > 33 || *pos + 2 + n > len) return -1;
  const uint8_t *v = p + *pos + 2;
  if (v[0] & 0x80) return -1;                       /* negative */
  if (n > 1 && v[0] == 0 && !(v[1] & 0x80)) return -1; /* not minimal */
  if (n == 33) {
    if (v[0] != 0) return -1;
    v++;
    n--;
  }
  memset(out, 0, 32);
  memcpy(out + 32 - n, v, n);
  *pos += 2 + (size_t)p[*pos + 1];
  return 0;
}

int gm_sig_from_der(const uint8_t *der, size_t len, uint8_t rs[64]) {
  if (len < 8 || len > 72 || der[0] != 0x30 || der[1] != len - 2) return -1;
  size_t pos = 2;
  if (der_get_int(der, len, &pos, rs) != 0 || der_get_int(der, len, &pos, rs + 32) != 0) return -1;
  return pos == len ? 0 : -1;
}

/* ---- SM4 ---- */

int gm_sm4(int encrypt, int cbc, const uint8_t key[16], uint8_t iv[16], const uint8_t *in,
           size_t len, uint8_t *out) {
  if (len % 16 != 0) return -1;
  if (len == 0) return 0;
  uint8_t next[16];
  if (cbc && !encrypt) memcpy(next, in + len - 16, 16);
  EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
  int n = 0;
  int ok = c && EVP_CipherInit_ex(c, cbc ? EVP_sm4_cbc() : EVP_sm4_ecb(), NULL, key, cbc ? iv : NULL,
                                  encrypt) == 1 &&
           EVP_CIPHER_CTX_set_padding(c, 0) == 1 && EVP_CipherUpdate(c, out, &n, in, (int)len) == 1 &&
           (size_t)n == len;
  EVP_CIPHER_CTX_free(c);
  if (ok && cbc) memcpy(iv, encrypt ? out + len - 16 : next, 16);
  return ok ? 0 : -1;
}

/* ---- PINs ---- */

int gm_pin_hash(const uint8_t salt[16], const uint8_t *pin, size_t len, uint8_t out[32]) {
  static const char empty = 0;
  return PKCS5_PBKDF2_HMAC(len ? (const char *)pin : &empty, (int)len, salt, 16, 2000, sm3_md, 32,
                           out) == 1
             ? 0
             : -1;
}
