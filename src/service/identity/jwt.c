/* jwt.c — verifying an OpenID Connect ID token (OIDC Core §3.1.3.7). The token is a JWS in
 * compact form; its header says which algorithm and key signed it, but only RS256 and ES256
 * are accepted, so neither "none" nor an HMAC keyed with something public can pass. The
 * signature is checked (jwk.c) before any claim is looked at, then the claims: the issuer is
 * the configured one, the audience contains our client id (and azp, when present, is it),
 * the token is within its lifetime with a small leeway for clocks, and the nonce is the one
 * this login stored — which ties the token to this browser's login attempt. */
#include "jwt.h"

#include "jwk.h"

#include <sodium.h>
#include <string.h>

#define MAX_TIME (INT64_C(1) << 40) /* far beyond any real date; keeps the arithmetic safe */

static int decode_segment(struct arena *a, const char *s, size_t len, unsigned char **out,
                          size_t *out_len, const char *what, struct err *e)
{
    *out = arena_alloc(a, len + 1);
    if (sodium_base642bin(*out, len + 1, s, len, NULL, out_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return err_set(e, E_INVALID, NULL, "token %s is not base64url", what);
    return 0;
}

static int decode_object(struct arena *a, const char *s, size_t len, json_t **out, const char *what,
                         struct err *e)
{
    unsigned char *raw = NULL;
    size_t n = 0;
    int rc = decode_segment(a, s, len, &raw, &n, what, e);
    if (rc)
        return rc;
    *out = json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return err_set(e, E_INVALID, NULL, "token %s is not a JSON object", what);
    }
    return 0;
}

int jwt_parse(struct arena *a, const char *token, struct jwt_parts *out, struct err *e)
{
    *out = (struct jwt_parts){0};
    size_t len = token ? strlen(token) : 0;
    if (len == 0 || len > JWT_MAX_TOKEN)
        return err_set(e, E_INVALID, NULL, "token is empty or longer than %d bytes", JWT_MAX_TOKEN);
    const char *dot1 = strchr(token, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot2 || strchr(dot2 + 1, '.'))
        return err_set(e, E_INVALID, NULL, "token is not a JWS in compact form (3 parts)");
    unsigned char *sig = NULL;
    int rc = decode_object(a, token, (size_t)(dot1 - token), &out->header, "header", e);
    if (!rc)
        rc = decode_object(a, dot1 + 1, (size_t)(dot2 - dot1 - 1), &out->payload, "payload", e);
    if (!rc)
        rc = decode_segment(a, dot2 + 1, len - (size_t)(dot2 + 1 - token), &sig, &out->sig_len,
                            "signature", e);
    if (rc) {
        jwt_parts_free(out);
        return rc;
    }
    out->sig = sig;
    out->signing_len = (size_t)(dot2 - token);
    out->signing_input = arena_strndup(a, token, out->signing_len);
    return 0;
}

void jwt_parts_free(struct jwt_parts *p)
{
    json_decref(p->header);
    json_decref(p->payload);
    p->header = p->payload = NULL;
}

/* RFC 7515 §4.1.11: a header naming extensions we do not implement must be refused. */
static int check_header(json_t *h, const char **alg, const char **kid, struct err *e)
{
    *alg = json_string_value(json_object_get(h, "alg"));
    json_t *k = json_object_get(h, "kid");
    *kid = json_string_value(k);
    if (!*alg)
        return err_set(e, E_INVALID, NULL, "token header has no 'alg'");
    if (strcmp(*alg, "RS256") != 0 && strcmp(*alg, "ES256") != 0)
        return err_set(e, E_UNAUTH, NULL, "token algorithm '%.16s' is not accepted", *alg);
    if (k && !*kid)
        return err_set(e, E_INVALID, NULL, "token 'kid' is not a string");
    if (json_object_get(h, "crit"))
        return err_set(e, E_UNAUTH, NULL, "token header has critical extensions");
    return 0;
}

static const char *claim_str(json_t *p, const char *name)
{
    return json_string_value(json_object_get(p, name));
}

static int claim_time(json_t *p, const char *name, int required, int64_t *out, struct err *e)
{
    json_t *v = json_object_get(p, name);
    *out = 0;
    if (!v && !required)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > MAX_TIME)
        return err_set(e, E_UNAUTH, NULL, "claim '%s' is missing or not a time", name);
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* aud is one string or an array of strings (OIDC Core §2). */
static int audience_ok(json_t *p, const char *client_id, struct err *e)
{
    json_t *aud = json_object_get(p, "aud"), *v;
    size_t i, n = 0;
    int found = 0;
    if (json_is_string(aud)) {
        found = strcmp(json_string_value(aud), client_id) == 0;
        n = 1;
    } else if (json_is_array(aud)) {
        json_array_foreach(aud, i, v)
        {
            if (!json_is_string(v))
                return err_set(e, E_UNAUTH, NULL, "claim 'aud' holds a non-string");
            found |= strcmp(json_string_value(v), client_id) == 0;
        }
        n = json_array_size(aud);
    }
    if (!found)
        return err_set(e, E_UNAUTH, NULL, "token was not issued for this client (aud)");
    const char *azp = claim_str(p, "azp");
    if (json_object_get(p, "azp") && (!azp || strcmp(azp, client_id) != 0))
        return err_set(e, E_UNAUTH, NULL, "token was issued to another party (azp)");
    if (n > 1 && !azp)
        return err_set(e, E_UNAUTH, NULL, "token with several audiences has no 'azp'");
    return 0;
}

static int lifetime_ok(json_t *p, int64_t now, struct jwt_claims *out, struct err *e)
{
    int64_t nbf = 0;
    int rc = claim_time(p, "exp", 1, &out->exp, e);
    if (!rc)
        rc = claim_time(p, "iat", 1, &out->iat, e);
    if (!rc)
        rc = claim_time(p, "nbf", 0, &nbf, e);
    if (rc)
        return rc;
    if (now >= out->exp + JWT_LEEWAY)
        return err_set(e, E_UNAUTH, NULL, "token has expired");
    if (out->iat > now + JWT_LEEWAY || nbf > now + JWT_LEEWAY)
        return err_set(e, E_UNAUTH, NULL, "token is issued in the future");
    if (out->iat < now - JWT_MAX_AGE - JWT_LEEWAY)
        return err_set(e, E_UNAUTH, NULL, "token was issued too long ago");
    return 0;
}

static int claims_ok(struct arena *a, json_t *p, const struct jwt_expect *x, struct jwt_claims *out,
                     struct err *e)
{
    const char *iss = claim_str(p, "iss"), *sub = claim_str(p, "sub");
    const char *nonce = claim_str(p, "nonce");
    if (!iss || strcmp(iss, x->issuer) != 0)
        return err_set(e, E_UNAUTH, NULL, "token issuer is not the configured one");
    int rc = audience_ok(p, x->audience, e);
    if (!rc)
        rc = lifetime_ok(p, x->now, out, e);
    if (rc)
        return rc;
    if (!nonce || !x->nonce || strcmp(nonce, x->nonce) != 0)
        return err_set(e, E_UNAUTH, NULL, "token nonce does not match this login");
    if (!sub || !*sub || strlen(sub) > 255)
        return err_set(e, E_UNAUTH, NULL, "claim 'sub' is missing or longer than 255 bytes");
    out->iss = arena_strdup(a, iss);
    out->sub = arena_strdup(a, sub);
    out->name = claim_str(p, "name") ? arena_strdup(a, claim_str(p, "name")) : NULL;
    out->email = claim_str(p, "email") ? arena_strdup(a, claim_str(p, "email")) : NULL;
    return 0;
}

int jwt_verify_id_token(struct arena *a, const char *token, const char *jwks_json,
                        const struct jwt_expect *x, struct jwt_claims *out, struct err *e)
{
    *out = (struct jwt_claims){0};
    struct jwt_parts parts;
    const char *alg = NULL, *kid = NULL;
    int rc = jwt_parse(a, token, &parts, e);
    if (rc)
        return rc;
    rc = check_header(parts.header, &alg, &kid, e);
    if (!rc)
        rc = jwk_verify(jwks_json, alg, kid, parts.signing_input, parts.signing_len, parts.sig,
                        parts.sig_len, e);
    if (!rc)
        rc = claims_ok(a, parts.payload, x, out, e);
    jwt_parts_free(&parts);
    return rc;
}
