/* sign_cms.h — a detached CMS SignedData over bytes, the signature inside a PAdES PDF and
 * over any document motcua signs (audit anchors, exports). The SignerInfo carries the signed
 * attributes ETSI CAdES baseline B asks for — content-type, message-digest (SHA-256) and
 * ESS signing-certificate-v2 — and no signing-time (PAdES puts the claimed time in the
 * signature dictionary's /M, and EN 319 142-1 forbids the attribute). The signer's
 * certificate and chain are embedded. Optionally an RFC 3161 timestamp token over the
 * signature value is added as the unsigned attribute id-aa-timeStampToken (baseline B-T). */
#ifndef MOTCUA_SIGN_CMS_H
#define MOTCUA_SIGN_CMS_H

#include "buf.h"
#include "err.h"
#include "sign_key.h"

#include <stddef.h>

/* One piece of the signed content; a PDF's byte range is two. */
struct sign_span {
    const void *data;
    size_t len;
};

struct sign_cms_options {
    /* An RFC 3161 Time Stamping Authority (http://…); NULL or "" for no timestamp (B-B). */
    const char *tsa_url;
    long tsa_timeout_seconds; /* 0: 10 s */
};

/* Signs the concatenation of spans[0..n) and appends the DER SignedData to der (whose maximum
 * bounds the signature). opt may be NULL. */
int sign_cms_detached(const struct sign_key *k, const struct sign_span *spans, size_t n,
                      const struct sign_cms_options *opt, struct buf *der, struct err *e);

/* The same over one buffer. */
int sign_cms_bytes(const struct sign_key *k, const void *data, size_t len,
                   const struct sign_cms_options *opt, struct buf *der, struct err *e);

#endif
