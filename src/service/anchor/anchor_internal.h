/* anchor_internal.h — the cryptography of an anchor (anchor_crypto.c): the detached CMS
 * signature with the agency's key and the RFC 3161 timestamp. */
#ifndef MOTCUA_ANCHOR_INTERNAL_H
#define MOTCUA_ANCHOR_INTERNAL_H

#include "arena.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Where the agency's key is (svc_config.anchor_*): spec a PKCS#12 file (PATH, file:PATH or
 * pkcs12:PATH) or a PKCS#11 URI (pkcs11:…, through module when set); the PIN from pin_source
 * (env:NAME, file:PATH, pass:TEXT; NULL = no PIN). */
struct anchor_key {
    const char *spec, *pin_source, *module;
};

/* Signs data with the key (sign_key.h, sign_cms.h): a detached CMS
 * SignedData, base64 DER in *sig_b64, its DER bytes in *der (*der_len long) and the signer's
 * subject in *signer (all in ar). E_UNAVAILABLE with the reason when the key cannot be used. */
int anchor_sign(struct arena *ar, const struct anchor_key *key, const char *data, size_t len,
                const char **sig_b64, const unsigned char **der, size_t *der_len,
                const char **signer, struct err *e);
/* Asks the RFC 3161 authority at url for a timestamp of SHA-256(data): the response (base64
 * DER) in *token_b64 and its time in *gen_time. E_UNAVAILABLE when the authority does not
 * answer or refuses; the imprint and nonce of the answer are checked. */
int anchor_timestamp(struct arena *ar, const char *url, const unsigned char *data, size_t len,
                     const char **token_b64, int64_t *gen_time, struct err *e);

#endif
