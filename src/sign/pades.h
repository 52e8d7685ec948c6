/* pades.h — PAdES baseline B-B (and B-T with a timestamp server) signatures on existing PDFs:
 * the signature is added as an incremental update (a signature field merged with its widget
 * annotation, a /Sig dictionary with /SubFilter /ETSI.CAdES.detached, /ByteRange and a
 * /Contents holding the CMS of sign_cms.h), so the original bytes stay as they were and a
 * document can be signed again (the person, then the agency). Files with classic xref tables
 * (cairo's, and most) are supported; a file whose last section is an xref stream is refused
 * with a message. And the reading side: the signatures found in a PDF, checked. */
#ifndef MOTCUA_PADES_H
#define MOTCUA_PADES_H

#include "buf.h"
#include "err.h"
#include "sign_cms.h"
#include "sign_key.h"

#include <stdint.h>

/* The largest PDF signed or verified: results and uploads are far smaller. */
#define PADES_MAX_PDF ((size_t)64 * 1024 * 1024)

struct pades_request {
    const char *field_name; /* unique in the document, e.g. "ky-lanh-dao"; ASCII */
    const char *name;       /* /Name: the signer as shown, UTF-8, or NULL */
    const char *reason;     /* /Reason, UTF-8, or NULL */
    const char *location;   /* /Location, UTF-8, or NULL */
    int64_t signing_time;   /* /M (Unix seconds), written in Vietnam time */
    int page;               /* 0-based page the widget is on */
    /* The widget's rectangle in PDF points from the page's lower left (x0 y0 x1 y1); all zero
     * for an invisible signature. Its look is what is drawn on the page there (pdfdoc's
     * signature block) or the appearance stream below. */
    double rect[4];
    /* An appearance stream (PDF content operators over the rectangle, in its own
     * coordinates) with its resources dictionary; NULL: empty appearance. */
    const char *appearance, *appearance_resources;
    const struct sign_cms_options *cms; /* NULL: B-B without timestamp */
};

/* Appends to out the PDF pdf[0..len) with one more signature made with k. out's maximum must
 * leave room for the original plus the update (about 40 KiB with a chain). */
int pades_sign(const struct sign_key *k, const void *pdf, size_t len, const struct pades_request *r,
               struct buf *out, struct err *e);

/* ---- verification of a received PDF ---- */

enum pades_status {
    PADES_UNSIGNED = 0,       /* no signature */
    PADES_VALID = 1,          /* intact, covers the file, chain to a trust anchor, in time */
    PADES_INVALID = 2,        /* altered, malformed, or the certificate was not valid then */
    PADES_UNKNOWN_SIGNER = 3, /* intact, but the signer's chain reaches no trust anchor */
};

enum { PADES_MAX_SIGNATURES = 8 };

struct pades_signature {
    enum pades_status status;
    char signer[128];     /* the certificate's common name, "" when unreadable */
    char reason[256];     /* why not valid, in Vietnamese; "" when valid */
    char subfilter[40];   /* "ETSI.CAdES.detached", "adbe.pkcs7.detached", … */
    int64_t signing_time; /* claimed: /M, else the CMS signing-time; 0 when none */
    int covers_file;      /* the byte range reaches the end of the file */
};

struct pades_verdict {
    enum pades_status status; /* of the document: its worst signature, or the cut tail */
    char reason[256];         /* the reason of that status, "" when valid or unsigned */
    int count;                /* signatures found (the first PADES_MAX_SIGNATURES kept) */
    struct pades_signature sigs[PADES_MAX_SIGNATURES];
};

struct pades_trust {
    const char *anchors_dir; /* a directory of CA certificates (PEM or DER), the anchors */
    int64_t now;             /* the time to check at when a signature claims none (Unix seconds) */
};

/* Finds the signatures of pdf (by their /ByteRange, so xref streams are read too) and checks
 * each: the byte range is the whole file but the /Contents hex string, the CMS verifies over
 * it, the signer's chain reaches an anchor at the claimed signing time. Revocation is not
 * checked (no OCSP or CRL is fetched): a valid verdict means "not known to be revoked".
 * Returns 0 with the verdict filled, or an error for a file that is not a PDF or too big. */
int pades_verify(const void *pdf, size_t len, const struct pades_trust *t, struct pades_verdict *v,
                 struct err *e);

/* A label of a status for people ("Hợp lệ", "Không hợp lệ", "Không rõ người ký",
 * "Không có chữ ký số") and a stable name for machines ("valid", "invalid", "unknown_signer",
 * "unsigned"). */
const char *pades_status_label(enum pades_status s);
const char *pades_status_name(enum pades_status s);

#endif
