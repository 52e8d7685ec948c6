/* test_jwt.c — ID token verification (service/identity/jwt.c, jwk.c) against tokens this test signs
 * itself with OpenSSL: an RSA and a P-256 key are generated at start, published as a JWK Set,
 * and every forged variant a hostile party could send is refused with the reason — a changed
 * signature or payload, "none", HS256 keyed with the public key, a key of our own under the
 * provider's kid, the wrong audience, issuer, nonce, an expired or future token — while the
 * genuine tokens (RS256, ES256, several audiences with azp, inside the clock leeway) pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "arena.h"
#include "err.h"
#include "jwt.h"

#define ISS    "https://id.example.vn"
#define CLIENT "motcua"
#define NONCE  "n-0S6_WzA2Mj"
#define NOW    INT64_C(1800000000)

static EVP_PKEY *rsa_key, *rsa_other, *rsa_short, *ec_key;
static char *jwks;

static char *b64url(const void *data, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(n);
    sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static char *b64_bn_param(EVP_PKEY *k, const char *name)
{
    BIGNUM *bn = NULL;
    assert_int_equal(EVP_PKEY_get_bn_param(k, name, &bn), 1);
    unsigned char buf[1024];
    int n = BN_bn2bin(bn, buf);
    BN_free(bn);
    return b64url(buf, (size_t)n);
}

static json_t *rsa_jwk(EVP_PKEY *k, const char *kid)
{
    char *n = b64_bn_param(k, OSSL_PKEY_PARAM_RSA_N), *e = b64_bn_param(k, OSSL_PKEY_PARAM_RSA_E);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "kid", kid, "use", "sig",
                          "alg", "RS256", "n", n, "e", e);
    free(n);
    free(e);
    return j;
}

static json_t *ec_jwk(EVP_PKEY *k, const char *kid)
{
    unsigned char pt[65];
    size_t len = 0;
    assert_int_equal(
        EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &len), 1);
    assert_int_equal(len, 65);
    char *x = b64url(pt + 1, 32), *y = b64url(pt + 33, 32);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "kid", kid, "crv", "P-256", "x",
                          x, "y", y);
    free(x);
    free(y);
    return j;
}

static char *set_of(json_t *keys)
{
    json_t *set = json_pack("{s:o}", "keys", keys);
    char *s = json_dumps(set, JSON_COMPACT);
    json_decref(set);
    return s;
}

static int setup(void **state)
{
    (void)state;
    rsa_key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    rsa_other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    rsa_short = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    ec_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (!rsa_key || !rsa_other || !rsa_short || !ec_key)
        return -1;
    jwks =
        set_of(json_pack("[o, o, {s:s, s:s, s:s}]", rsa_jwk(rsa_key, "rsa-1"),
                         ec_jwk(ec_key, "ec-1"), "kty", "oct", "kid", "hmac-1", "k", "c2VjcmV0"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(rsa_other);
    EVP_PKEY_free(rsa_short);
    EVP_PKEY_free(ec_key);
    free(jwks);
    return 0;
}

/* ECDSA in DER (OpenSSL) to the JWS r||s form. */
static size_t der_to_raw(const unsigned char *der, size_t len, unsigned char out[64])
{
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &der, (long)len);
    assert_non_null(s);
    const BIGNUM *r = NULL, *sv = NULL;
    ECDSA_SIG_get0(s, &r, &sv);
    BN_bn2binpad(r, out, 32);
    BN_bn2binpad(sv, out + 32, 32);
    ECDSA_SIG_free(s);
    return 64;
}

/* header.payload.signature with the key (NULL: an empty signature). */
static char *sign(EVP_PKEY *key, const char *header, const char *payload)
{
    char *h = b64url(header, strlen(header)), *p = b64url(payload, strlen(payload));
    size_t in_len = strlen(h) + 1 + strlen(p);
    char *input = malloc(in_len + 1);
    snprintf(input, in_len + 1, "%s.%s", h, p);
    unsigned char sig[1024];
    size_t sig_len = 0;
    if (key) {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        sig_len = sizeof sig;
        assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key), 1);
        assert_int_equal(EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)input, in_len),
                         1);
        EVP_MD_CTX_free(md);
        if (EVP_PKEY_is_a(key, "EC"))
            sig_len = der_to_raw(sig, sig_len, sig);
    }
    char *s = b64url(sig, sig_len);
    char *token = malloc(in_len + strlen(s) + 2);
    sprintf(token, "%s.%s", input, s);
    free(h);
    free(p);
    free(input);
    free(s);
    return token;
}

/* A payload with the usual claims, then overrides ("key", json value) replacing or (with a
 * NULL value) removing claims. */
static char *claims(const char *const *overrides)
{
    json_t *c = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "iss", ISS, "sub", "0123456789",
                          "aud", CLIENT, "exp", (json_int_t)(NOW + 300), "iat",
                          (json_int_t)(NOW - 5), "nonce", NONCE, "name", "Nguyễn Văn An");
    for (const char *const *o = overrides; o && *o; o += 2) {
        if (o[1])
            json_object_set_new(c, o[0], json_loads(o[1], JSON_DECODE_ANY, NULL));
        else
            json_object_del(c, o[0]);
    }
    char *s = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    return s;
}

static int verify_with(const char *token, const char *set, struct err *e)
{
    struct arena *a = arena_new();
    struct jwt_claims out;
    struct jwt_expect x = {ISS, CLIENT, NONCE, NOW};
    int rc = jwt_verify_id_token(a, token, set, &x, &out, e);
    if (rc == 0) {
        assert_string_equal(out.iss, ISS);
        assert_non_null(out.sub);
    }
    arena_free(a);
    return rc;
}

/* Signs the claims (with overrides) under header and expects rc from verification. */
static void expect_rc(int want, EVP_PKEY *key, const char *header, const char *const *overrides)
{
    char *payload = claims(overrides);
    char *token = sign(key, header, payload);
    struct err e = {0};
    int rc = verify_with(token, jwks, &e);
    if (rc != want)
        fail_msg("header %s payload %s: got %d (%s), want %d", header, payload, rc, e.msg, want);
    if (rc)
        assert_true(strlen(e.msg) > 5 && !strstr(e.msg, token));
    free(payload);
    free(token);
}

#define RS256 "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"JWT\"}"
#define ES256 "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}"
#define OVR(...)                                                                                   \
    (const char *const[])                                                                          \
    {                                                                                              \
        __VA_ARGS__, NULL                                                                          \
    }

static void test_genuine_tokens_pass(void **state)
{
    (void)state;
    expect_rc(0, rsa_key, RS256, NULL);
    expect_rc(0, ec_key, ES256, NULL);
    /* several audiences are fine when azp names us */
    expect_rc(0, rsa_key, RS256, OVR("aud", "[\"motcua\",\"other\"]", "azp", "\"motcua\""));
    expect_rc(0, rsa_key, RS256, OVR("aud", "[\"motcua\"]"));
    /* the clocks may differ a little */
    expect_rc(0, rsa_key, RS256, OVR("exp", "1799999900"));
    expect_rc(0, rsa_key, RS256, OVR("iat", "1800000060"));
    /* without a kid the set's only RSA key is used */
    expect_rc(0, rsa_key, "{\"alg\":\"RS256\"}", NULL);

    struct arena *a = arena_new();
    char *payload = claims(NULL), *token = sign(rsa_key, RS256, payload);
    struct jwt_claims out;
    struct jwt_expect x = {ISS, CLIENT, NONCE, NOW};
    assert_int_equal(jwt_verify_id_token(a, token, jwks, &x, &out, NULL), 0);
    assert_string_equal(out.sub, "0123456789");
    assert_string_equal(out.name, "Nguyễn Văn An");
    assert_null(out.email);
    assert_int_equal(out.exp, NOW + 300);
    free(payload);
    free(token);
    arena_free(a);
}

static void test_changed_signature_or_payload_refused(void **state)
{
    (void)state;
    char *payload = claims(NULL), *token = sign(rsa_key, RS256, payload);
    struct err e = {0};
    /* one bit of the signature */
    char *last = token + strlen(token) - 3;
    *last = *last == 'A' ? 'B' : 'A';
    assert_int_equal(verify_with(token, jwks, &e), E_UNAUTH);
    assert_non_null(strstr(e.msg, "signature"));
    free(token);

    /* the genuine signature over another payload */
    token = sign(rsa_key, RS256, payload);
    char *other = claims(OVR("sub", "\"attacker\""));
    char *forged = sign(rsa_key, RS256, other);
    char *sig = strrchr(token, '.');
    forged[strrchr(forged, '.') - forged] = '\0';
    char *spliced = malloc(strlen(forged) + strlen(sig) + 1);
    sprintf(spliced, "%s%s", forged, sig);
    assert_int_equal(verify_with(spliced, jwks, &e), E_UNAUTH);
    free(spliced);
    free(forged);
    free(other);

    /* signatures of the wrong length for ES256 (64 bytes) and for the RSA key */
    free(token);
    unsigned char zeros[63] = {0};
    char *short_sig = b64url(zeros, sizeof zeros);
    static const char *const headers[] = {ES256, RS256};
    for (int i = 0; i < 2; i++) {
        token = sign(i ? rsa_key : ec_key, headers[i], payload);
        *strrchr(token, '.') = '\0';
        spliced = malloc(strlen(token) + strlen(short_sig) + 2);
        sprintf(spliced, "%s.%s", token, short_sig);
        assert_int_equal(verify_with(spliced, jwks, &e), E_UNAUTH);
        free(spliced);
        free(token);
    }
    free(short_sig);
    free(payload);
}

static void test_unaccepted_algorithms_refused(void **state)
{
    (void)state;
    expect_rc(E_UNAUTH, NULL, "{\"alg\":\"none\"}", NULL);
    expect_rc(E_UNAUTH, NULL, "{\"alg\":\"none\",\"kid\":\"rsa-1\"}", NULL);
    expect_rc(E_UNAUTH, NULL, "{\"alg\":\"None\"}", NULL);
    expect_rc(E_UNAUTH, rsa_key, "{\"alg\":\"RS384\",\"kid\":\"rsa-1\"}", NULL);
    expect_rc(E_UNAUTH, rsa_key, "{\"alg\":\"PS256\",\"kid\":\"rsa-1\"}", NULL);
    expect_rc(E_INVALID, rsa_key, "{\"kid\":\"rsa-1\"}", NULL);
    expect_rc(E_UNAUTH, rsa_key, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"b64\"]}", NULL);

    /* HS256 "signed" with the provider's public key as the secret: the classic confusion */
    char *payload = claims(NULL);
    const char *header = "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}";
    char *h = b64url(header, strlen(header)), *p = b64url(payload, strlen(payload));
    char input[4096];
    snprintf(input, sizeof input, "%s.%s", h, p);
    unsigned char mac[32];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), jwks, (int)strlen(jwks), (const unsigned char *)input, strlen(input), mac,
         &mac_len);
    char *m = b64url(mac, mac_len);
    char token[4096];
    int len = snprintf(token, sizeof token, "%s.%s", input, m);
    assert_true(len > 0 && (size_t)len < sizeof token);
    struct err e = {0};
    assert_int_equal(verify_with(token, jwks, &e), E_UNAUTH);
    assert_non_null(strstr(e.msg, "HS256"));
    free(m);
    free(h);
    free(p);
    free(payload);
}

static void test_wrong_keys_refused(void **state)
{
    (void)state;
    /* our own key under the provider's kid */
    expect_rc(E_UNAUTH, rsa_other, RS256, NULL);
    /* a kid the provider does not have: the caller may refetch the set */
    expect_rc(E_NOTFOUND, rsa_key, "{\"alg\":\"RS256\",\"kid\":\"rotated-2\"}", NULL);
    /* a kid of another type: the token cannot choose an EC key for RS256 or the reverse */
    expect_rc(E_NOTFOUND, rsa_key, "{\"alg\":\"RS256\",\"kid\":\"ec-1\"}", NULL);
    expect_rc(E_NOTFOUND, ec_key, "{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", NULL);
    expect_rc(E_NOTFOUND, rsa_key, "{\"alg\":\"RS256\",\"kid\":\"hmac-1\"}", NULL);

    /* a short RSA key in the set is not used */
    char *set = set_of(json_pack("[o]", rsa_jwk(rsa_short, "short")));
    char *payload = claims(NULL);
    char *token = sign(rsa_short, "{\"alg\":\"RS256\",\"kid\":\"short\"}", payload);
    struct err e = {0};
    assert_int_equal(verify_with(token, set, &e), E_INVALID);
    assert_non_null(strstr(e.msg, "too short"));
    free(set);
    free(token);

    /* two RSA keys and no kid: no guessing */
    set = set_of(json_pack("[o, o]", rsa_jwk(rsa_key, "a"), rsa_jwk(rsa_other, "b")));
    token = sign(rsa_key, "{\"alg\":\"RS256\"}", payload);
    assert_int_equal(verify_with(token, set, &e), E_NOTFOUND);
    free(set);
    free(token);

    /* malformed sets and keys */
    token = sign(rsa_key, RS256, payload);
    static const char *const bad_sets[] = {
        "",
        "[]",
        "{\"keys\":{}}",
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\"}]}",
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"n\":\"!!\",\"e\":\"AQAB\"}]}",
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}"};
    for (size_t i = 0; i < sizeof bad_sets / sizeof bad_sets[0]; i++)
        if (verify_with(token, bad_sets[i], &e) != E_INVALID)
            fail_msg("key set %s accepted", bad_sets[i]);
    free(token);
    token = sign(ec_key, ES256, payload);
    static const char *const bad_ec[] = {
        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec-1\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}]"
        "}",
        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec-1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]"
        "}",
        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec-1\",\"crv\":\"P-256\","
        "\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
        "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}]}"};
    for (size_t i = 0; i < sizeof bad_ec / sizeof bad_ec[0]; i++)
        if (verify_with(token, bad_ec[i], &e) != E_INVALID)
            fail_msg("key set %s accepted (%s)", bad_ec[i], e.msg);
    free(token);
    free(payload);
}

static void test_wrong_claims_refused(void **state)
{
    (void)state;
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", "\"someone-else\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", "[\"someone-else\"]"));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", "[\"motcua\",\"other\"]"));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", "[\"motcua\",\"other\"]", "azp", "\"other\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("azp", "\"other\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("aud", "[1]"));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iss", "\"https://evil.example\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iss", "\"https://id.example.vn/\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iss", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("nonce", "\"another-login\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("nonce", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("sub", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("sub", "\"\""));
}

static void test_token_lifetime_checked(void **state)
{
    (void)state;
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", "1799999000")); /* expired */
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", "1799999880")); /* just past the leeway */
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", "\"1800000300\""));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", "9223372036854775807"));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("exp", "-1"));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iat", "1800003600")); /* from the future */
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iat", "1799990000")); /* long ago */
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("iat", NULL));
    expect_rc(E_UNAUTH, rsa_key, RS256, OVR("nbf", "1800003600"));
    expect_rc(0, rsa_key, RS256, OVR("nbf", "1799999999"));
}

static void test_malformed_tokens_refused(void **state)
{
    (void)state;
    char *payload = claims(NULL), *good = sign(rsa_key, RS256, payload);
    char buf[8192];
    const char *dot = strchr(good, '.');
    static const char *const bad[] = {"",
                                      ".",
                                      "..",
                                      "...",
                                      "a.b",
                                      "a.b.c.d.e",
                                      "e30.e30.",
                                      "W10.e30.",
                                      "e30.W10.",
                                      "e30=.e30.",
                                      "e30.e30.A==",
                                      "not a token",
                                      "e30.e30.e30.e30"};
    struct err e = {0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (verify_with(bad[i], jwks, &e) != E_INVALID)
            fail_msg("token \"%s\" not refused as malformed", bad[i]);
    assert_int_equal(verify_with(NULL, jwks, &e), E_INVALID);
    /* padding and characters outside base64url */
    snprintf(buf, sizeof buf, "%.*s=%s", (int)(dot - good), good, dot);
    assert_int_equal(verify_with(buf, jwks, &e), E_INVALID);
    snprintf(buf, sizeof buf, "%s+", good);
    assert_int_equal(verify_with(buf, jwks, &e), E_INVALID);
    /* a JWE (five parts) and an oversized token */
    snprintf(buf, sizeof buf, "%s.AAAA.AAAA", good);
    assert_int_equal(verify_with(buf, jwks, &e), E_INVALID);
    char *big = malloc(JWT_MAX_TOKEN + 2);
    memset(big, 'A', JWT_MAX_TOKEN + 1);
    big[JWT_MAX_TOKEN + 1] = '\0';
    assert_int_equal(verify_with(big, jwks, &e), E_INVALID);
    free(big);
    /* duplicate members are ambiguous: which alg, which nonce? */
    char *dup = sign(rsa_key, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"none\"}", payload);
    assert_int_equal(verify_with(dup, jwks, &e), E_INVALID);
    free(dup);
    free(good);
    free(payload);
}

static void test_parse_gives_the_parts(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *payload = claims(NULL), *token = sign(ec_key, ES256, payload);
    struct jwt_parts p;
    assert_int_equal(jwt_parse(a, token, &p, NULL), 0);
    assert_string_equal(json_string_value(json_object_get(p.header, "alg")), "ES256");
    assert_string_equal(json_string_value(json_object_get(p.payload, "nonce")), NONCE);
    assert_int_equal(p.sig_len, 64);
    assert_int_equal(p.signing_len, (size_t)(strrchr(token, '.') - token));
    assert_memory_equal(p.signing_input, token, p.signing_len);
    jwt_parts_free(&p);
    free(token);
    free(payload);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genuine_tokens_pass),
        cmocka_unit_test(test_changed_signature_or_payload_refused),
        cmocka_unit_test(test_unaccepted_algorithms_refused),
        cmocka_unit_test(test_wrong_keys_refused),
        cmocka_unit_test(test_wrong_claims_refused),
        cmocka_unit_test(test_token_lifetime_checked),
        cmocka_unit_test(test_malformed_tokens_refused),
        cmocka_unit_test(test_parse_gives_the_parts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
