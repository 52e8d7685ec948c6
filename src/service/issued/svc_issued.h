/* svc_issued.h — the public verification of issued papers (issue 18 item 6): given the link
 * in a paper's QR code, or the SHA-256 of a file, whether motcua issued it, by which unit and
 * when, and whether a later version replaced it. Nothing personal is returned: the dossier
 * code, the procedure code and the document's name are printed on the paper itself. Callers
 * count each check against the public limit first (svc_dossier_paper_admit). */
#ifndef MOTCUA_SVC_ISSUED_H
#define MOTCUA_SVC_ISSUED_H

#include "svc.h"

struct svc_issued_version {
    int version;
    int64_t issued_at;
    const char *token, *sha256;
};

struct svc_issued_doc {
    const char *doc_name, *dossier_code, *procedure_code, *unit_name, *sha256, *token;
    int64_t issued_at;
    int version;
    int replaced;                     /* a later version exists */
    struct svc_issued_version next;   /* the version that replaced this one */
    struct svc_issued_version newest; /* the newest version of the same paper */
};

/* By the token of the verification link. E_NOTFOUND when unknown. */
int svc_issued_by_token(struct svc *s, struct arena *ar, const char *token,
                        struct svc_issued_doc *out, struct err *e);
/* By SHA-256 (64 hex digits, either case; E_INVALID on "sha256" otherwise). E_NOTFOUND when
 * no paper with these bytes was issued. */
int svc_issued_by_sha(struct svc *s, struct arena *ar, const char *sha256,
                      struct svc_issued_doc *out, struct err *e);
/* SHA-256 of a file (an upload on disk) as lower-case hex into out[65]. */
int svc_issued_hash_file(const char *path, char out[65], struct err *e);

#endif
