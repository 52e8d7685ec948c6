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

#endif
