/* jwk.c — turning a JSON Web Key into an OpenSSL public key and checking a JWS signature with
 * it. The key is picked from the provider's key set by kid, and must match the token's
 * algorithm in type (RSA for RS256, EC P-256 for ES256), so a token cannot choose how its
 * own signature is checked. RSA keys are built from n and e, EC keys from x and y, with
 * OpenSSL 3's EVP_PKEY_fromdata; RSA keys under 2048 bits are refused. ES256 signatures are
 * the raw 64-byte r||s of RFC 7518, converted to the DER form OpenSSL verifies. */
#include "jwk.h"

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <string.h>

#define MAX_KEY_BYTES 1024 /* an RSA modulus of 8192 bits */
#define MIN_RSA_BITS  2048
#define ES256_HALF    32

/* Decodes a base64url member of a JWK into out (at most cap bytes). */
static int member_bytes(json_t *key, const char *name, unsigned char *out, size_t cap, size_t *len,
                        struct err *e)
{
    const char *s = json_string_value(json_object_get(key, name));
    if (!s || !*s)
        return err_set(e, E_INVALID, NULL, "JWK without '%s'", name);
    if (sodium_base642bin(out, cap, s, strlen(s), NULL, len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        *len == 0)
        return err_set(e, E_INVALID, NULL, "JWK member '%s' is not base64url", name);
    return 0;
}

static int param_build_failed(struct err *e)
{
    return err_set(e, E_NOMEM, NULL, "OpenSSL could not build the key parameters");
}

static int key_from_params(const char *type, OSSL_PARAM_BLD *bld, EVP_PKEY **out, struct err *e)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    int rc = 0;
    if (!params || !ctx) {
        rc = param_build_failed(e);
        goto out;
    }
    if (EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        rc = err_set(e, E_INVALID, NULL, "JWK is not a valid %s public key", type);
out:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return rc;
}

static int rsa_key(json_t *jwk, EVP_PKEY **out, struct err *e)
{
    unsigned char n[MAX_KEY_BYTES], ex[16];
    size_t nlen = 0, elen = 0;
    int rc = member_bytes(jwk, "n", n, sizeof n, &nlen, e);
    if (!rc)
        rc = member_bytes(jwk, "e", ex, sizeof ex, &elen, e);
    if (rc)
        return rc;
    BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL), *bn_e = BN_bin2bn(ex, (int)elen, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (!bn_n || !bn_e || !bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) {
        rc = param_build_failed(e);
        goto out;
    }
    if (BN_num_bits(bn_n) < MIN_RSA_BITS) {
        rc = err_set(e, E_INVALID, NULL, "RSA key of %d bits is too short", BN_num_bits(bn_n));
        goto out;
    }
    rc = key_from_params("RSA", bld, out, e);
out:
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    return rc;
}

static int ec_p256_key(json_t *jwk, EVP_PKEY **out, struct err *e)
{
    const char *crv = json_string_value(json_object_get(jwk, "crv"));
    if (!crv || strcmp(crv, "P-256") != 0)
        return err_set(e, E_INVALID, NULL, "EC key is not on curve P-256");
    unsigned char point[1 + 2 * ES256_HALF], x[ES256_HALF + 1], y[ES256_HALF + 1];
    size_t xlen = 0, ylen = 0;
    int rc = member_bytes(jwk, "x", x, sizeof x, &xlen, e);
    if (!rc)
        rc = member_bytes(jwk, "y", y, sizeof y, &ylen, e);
    if (rc)
        return rc;
    if (xlen != ES256_HALF || ylen != ES256_HALF)
        return err_set(e, E_INVALID, NULL, "P-256 coordinates must be 32 bytes");
    point[0] = 0x04; /* uncompressed point */
    memcpy(point + 1, x, ES256_HALF);
    memcpy(point + 1 + ES256_HALF, y, ES256_HALF);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (!bld ||
        !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point))
        rc = param_build_failed(e);
    else
        rc = key_from_params("EC", bld, out, e);
    OSSL_PARAM_BLD_free(bld);
    return rc;
}

static const char *key_type_for(const char *alg)
{
    return strcmp(alg, "RS256") == 0 ? "RSA" : strcmp(alg, "ES256") == 0 ? "EC" : NULL;
}

/* A key may serve this token when its type fits alg, it is not only for encryption, and the
 * algorithm it declares (if any) is alg. */
static int key_fits(json_t *jwk, const char *kty, const char *alg)
{
    const char *t = json_string_value(json_object_get(jwk, "kty"));
    const char *use = json_string_value(json_object_get(jwk, "use"));
    const char *kalg = json_string_value(json_object_get(jwk, "alg"));
    return t && strcmp(t, kty) == 0 && (!use || strcmp(use, "sig") == 0) &&
           (!kalg || strcmp(kalg, alg) == 0);
}

/* The key for kid; without a kid, the only fitting key (several would be a guess). */
static json_t *find_key(json_t *keys, const char *kty, const char *alg, const char *kid)
{
    json_t *found = NULL, *k;
    size_t i;
    json_array_foreach(keys, i, k)
    {
        if (!json_is_object(k) || !key_fits(k, kty, alg))
            continue;
        const char *id = json_string_value(json_object_get(k, "kid"));
        if (kid && id && strcmp(id, kid) == 0)
            return k;
        if (!kid) {
            if (found)
                return NULL;
            found = k;
        }
    }
    return found;
}

/* RFC 7518 §3.4: the JWS form is r||s, each 32 bytes; OpenSSL wants an ASN.1 ECDSA-Sig. */
static int es256_der(const unsigned char *sig, size_t len, unsigned char **der, int *der_len,
                     struct err *e)
{
    if (len != 2 * ES256_HALF)
        return err_set(e, E_UNAUTH, NULL, "ES256 signature is not 64 bytes");
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, ES256_HALF, NULL),
           *sv = BN_bin2bn(sig + ES256_HALF, ES256_HALF, NULL);
    if (!s || !r || !sv || !ECDSA_SIG_set0(s, r, sv)) {
        ECDSA_SIG_free(s);
        BN_free(r);
        BN_free(sv);
        return param_build_failed(e);
    }
    *der = NULL;
    *der_len = i2d_ECDSA_SIG(s, der);
    ECDSA_SIG_free(s);
    return *der_len > 0 ? 0 : param_build_failed(e);
}

static int check_signature(EVP_PKEY *key, const char *alg, const void *data, size_t len,
                           const unsigned char *sig, size_t sig_len, struct err *e)
{
    unsigned char *der = NULL;
    int der_len = 0, rc = 0;
    if (strcmp(alg, "ES256") == 0) {
        if ((rc = es256_der(sig, sig_len, &der, &der_len, e)) != 0)
            return rc;
        sig = der;
        sig_len = (size_t)der_len;
    } else if (sig_len != (size_t)EVP_PKEY_get_size(key)) {
        return err_set(e, E_UNAUTH, NULL, "RSA signature length does not match the key");
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) != 1)
        rc = param_build_failed(e);
    else if (EVP_DigestVerify(md, sig, sig_len, data, len) != 1)
        rc = err_set(e, E_UNAUTH, NULL, "signature does not verify");
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    return rc;
}

int jwk_verify(const char *jwks_json, const char *alg, const char *kid, const void *data,
               size_t len, const unsigned char *sig, size_t sig_len, struct err *e)
{
    const char *kty = key_type_for(alg);
    if (!kty)
        return err_set(e, E_UNAUTH, NULL, "algorithm '%s' is not accepted", alg);
    json_t *set = json_loads(jwks_json ? jwks_json : "", JSON_REJECT_DUPLICATES, NULL);
    json_t *keys = json_object_get(set, "keys");
    EVP_PKEY *key = NULL;
    int rc = 0;
    if (!json_is_array(keys)) {
        rc = err_set(e, E_INVALID, NULL, "key set is not a JSON object with a 'keys' array");
        goto out;
    }
    json_t *jwk = find_key(keys, kty, alg, kid);
    if (!jwk) {
        rc = err_set(e, E_NOTFOUND, NULL, "no %s key for kid '%.64s'", kty, kid ? kid : "");
        goto out;
    }
    rc = strcmp(kty, "RSA") == 0 ? rsa_key(jwk, &key, e) : ec_p256_key(jwk, &key, e);
    if (!rc)
        rc = check_signature(key, alg, data, len, sig, sig_len, e);
out:
    EVP_PKEY_free(key);
    json_decref(set);
    return rc;
}
