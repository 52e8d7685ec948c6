/* jwk.h — JSON Web Keys (RFC 7517) as OpenSSL public keys, and checking a JWS signature with
 * the key a key set holds for a kid. Used by jwt.c; separate because key handling (building
 * RSA and EC keys from their parameters, the ECDSA signature format) is its own subject. */
#ifndef MOTCUA_JWK_H
#define MOTCUA_JWK_H

#include "err.h"

#include <stddef.h>

/* Checks sig over data with alg ("RS256" or "ES256") and the key of jwks_json (a JWK Set)
 * whose kid equals kid (kid NULL: the set's only key of the right type). 0 when the
 * signature is valid; E_NOTFOUND when the set has no such key; E_UNAUTH for a wrong
 * signature; E_INVALID for a malformed set or key; E_NOMEM when OpenSSL fails to allocate. */
int jwk_verify(const char *jwks_json, const char *alg, const char *kid, const void *data,
               size_t len, const unsigned char *sig, size_t sig_len, struct err *e);

#endif
