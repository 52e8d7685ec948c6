/* jwt.h — OpenID Connect ID tokens: parsing a JWS in compact form and verifying its signature
 * against the provider's JSON Web Key Set and its claims against what the login expects.
 * Pure functions (no I/O, no clock): the caller passes the key set and the time. */
#ifndef MOTCUA_JWT_H
#define MOTCUA_JWT_H

#include "arena.h"
#include "err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define JWT_MAX_TOKEN 16384 /* bytes; an ID token is a few hundred to a few thousand */
#define JWT_LEEWAY    120   /* seconds of clock difference tolerated on exp, iat and nbf */
#define JWT_MAX_AGE   600   /* an ID token is used right after it was issued */

/* The three parts of a JWS in compact form. header and payload are owned by the caller
 * (json_decref both); sig points into the arena. */
struct jwt_parts {
    json_t *header, *payload;
    const char *signing_input; /* "header.payload" as received, NUL-terminated, in the arena */
    size_t signing_len;
    const unsigned char *sig;
    size_t sig_len;
};

/* Splits and decodes a compact JWS (base64url without padding, JSON objects in header and
 * payload). E_INVALID with a reason in e for anything malformed. */
int jwt_parse(struct arena *a, const char *token, struct jwt_parts *out, struct err *e);
void jwt_parts_free(struct jwt_parts *p);

/* What a verified ID token says; strings in the arena. */
struct jwt_claims {
    const char *iss, *sub, *name, *email;
    int64_t exp, iat;
};

/* What the login expects of the token. */
struct jwt_expect {
    const char *issuer;   /* iss must equal it */
    const char *audience; /* the client id: aud must contain it, azp (when present) equal it */
    const char *nonce;    /* nonce must equal it */
    int64_t now;          /* Unix seconds */
};

/* Verifies an ID token: alg RS256 or ES256 only (never "none" or an HMAC, whose key would
 * be the client secret), the key chosen by kid from jwks_json, the signature with OpenSSL,
 * then iss, aud/azp, exp, iat, nbf and nonce. E_NOTFOUND when the key set holds no key for
 * the token's kid (the caller may refetch the set once: the provider may have rotated its
 * keys); E_UNAUTH for a token that is not acceptable, E_INVALID for one that is malformed,
 * each with the reason in e (safe to log: it never contains the token). */
int jwt_verify_id_token(struct arena *a, const char *token, const char *jwks_json,
                        const struct jwt_expect *x, struct jwt_claims *out, struct err *e);

#endif
