/*
 * gm.h: SM2, SM3 and SM4 for ukeygm, over OpenSSL 3 libcrypto.
 *
 * SM2 signing, verification, encryption and decryption are written here on EC_GROUP/EC_POINT/BN
 * (the steps A1-A7/B1-B7 of GB/T 32918.2-2016 and A1-A8/B1-B7 of GB/T 32918.4-2016, named in the
 * comments of gm.c) so a test build can fix the signer's k; SM3 and SM4 come from libcrypto's EVP. All functions are thread-safe: they
 * share only the immutable curve.
 */
#ifndef UKEYGM_GM_H
#define UKEYGM_GM_H

#include <stddef.h>
#include <stdint.h>

#define GM_SM2_ID_DEFAULT "1234567812345678"
#define GM_SM2_ID_MAX 8191

/* 0 on success, -1 on failure (an OpenSSL error). */
int gm_init(void);
void gm_cleanup(void);

/* SM3 of the concatenation of up to three buffers. */
int gm_sm3(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t out[32]);

/* An incremental SM3 digest. */
typedef struct gm_sm3_ctx gm_sm3_ctx;
gm_sm3_ctx *gm_sm3_new(void);
int gm_sm3_update(gm_sm3_ctx *c, const uint8_t *p, size_t n);
int gm_sm3_final(gm_sm3_ctx *c, uint8_t out[32]);
void gm_sm3_free(gm_sm3_ctx *c);

/* Fresh random private key d in [1, n-2] and its public point 04|x|y. */
int gm_sm2_generate(uint8_t d[32], uint8_t pub[65]);
/* The public point of d; -1 if d is not in [1, n-2]. */
int gm_sm2_public(const uint8_t d[32], uint8_t pub[65]);
/* Whether pub (65 bytes, 04|x|y) is a point on the curve (not infinity). */
int gm_sm2_point_valid(const uint8_t pub[65]);
/* Z = SM3(ENTL|ID|a|b|xG|yG|xA|yA) of GB/T 32918.2-2016 (ENTL = ID length in bits). */
int gm_sm2_z(const uint8_t *id, size_t idlen, const uint8_t pub[65], uint8_t z[32]);
/* Signature (r|s) of e with d. */
int gm_sm2_sign(const uint8_t d[32], const uint8_t e[32], uint8_t rs[64]);
/* 1 valid, 0 invalid, -1 error. */
int gm_sm2_verify(const uint8_t pub[65], const uint8_t e[32], const uint8_t rs[64]);
/* C1|C3|C2 into out (65+32+mlen bytes). */
int gm_sm2_encrypt(const uint8_t pub[65], const uint8_t *m, size_t mlen, uint8_t *out);
/* 0 ok (out gets clen-97 bytes), 1 invalid ciphertext, -1 error. */
int gm_sm2_decrypt(const uint8_t d[32], const uint8_t *c, size_t clen, uint8_t *out);

/* DER SEQUENCE{INTEGER r, INTEGER s} of r|s; returns the length (<= 72). */
size_t gm_sig_to_der(const uint8_t rs[64], uint8_t der[72]);
/* Strict DER to r|s; 0 ok, -1 malformed. */
int gm_sig_from_der(const uint8_t *der, size_t len, uint8_t rs[64]);

/* SM4 ECB/CBC without padding over whole blocks; iv may be NULL for ECB and is updated for CBC. */
int gm_sm4(int encrypt, int cbc, const uint8_t key[16], uint8_t iv[16], const uint8_t *in,
           size_t len, uint8_t *out);

int gm_random(uint8_t *p, size_t n);
void gm_wipe(void *p, size_t n);

/* PBKDF2-HMAC-SM3 of a PIN with a 16-byte salt (2000 iterations: a test token, not a vault) into 32 bytes. */
int gm_pin_hash(const uint8_t salt[16], const uint8_t *pin, size_t len, uint8_t out[32]);

#endif
