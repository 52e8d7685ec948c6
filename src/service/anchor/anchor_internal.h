/* anchor_internal.h — the cryptography of an anchor (anchor_crypto.c): the detached CMS
 * signature with the agency's key and the RFC 3161 timestamp. */
#ifndef MOTCUA_ANCHOR_INTERNAL_H
#define MOTCUA_ANCHOR_INTERNAL_H

#include "arena.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Signs data with the key of key_spec (a PKCS#12 file: PATH or file:PATH) opened with the
 * PIN from pin_source (env:NAME, file:PATH, pass:TEXT; NULL = no PIN): a detached CMS
 * SignedData, base64 DER in *sig_b64, its DER bytes in *der (*der_len long) and the signer's
 * subject in *signer (all in ar). E_UNAVAILABLE with the reason when the key cannot be used. */
int anchor_sign(struct arena *ar, const char *key_spec, const char *pin_source, const char *data,
                size_t len, const char **sig_b64, const unsigned char **der, size_t *der_len,
                const char **signer, struct err *e);
/* Asks the RFC 3161 authority at url for a timestamp of SHA-256(data): the response (base64
 * DER) in *token_b64 and its time in *gen_time. E_UNAVAILABLE when the authority does not
 * answer or refuses; the imprint and nonce of the answer are checked. */
int anchor_timestamp(struct arena *ar, const char *url, const unsigned char *data, size_t len,
                     const char **token_b64, int64_t *gen_time, struct err *e);

#endif
