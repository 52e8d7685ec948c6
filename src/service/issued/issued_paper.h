/* issued_paper.h — what the other service modules use to issue a paper inside their own
 * transaction or read: the registry row of the current version of a dossier's paper, a new
 * version with its audit entry, and the text of the Circular 01/2023 QR code. The face for
 * the edges (the public verification) is svc_issued.h. */
#ifndef MOTCUA_ISSUED_PAPER_H
#define MOTCUA_ISSUED_PAPER_H

#include "svc_internal.h"

/* A paper about to be recorded. kind names the paper within its dossier ("receipt",
 * "supplement", …, "result"): the versions of one kind replace each other. */
struct issued_paper {
    const char *kind, *doc_name, *dossier_code, *procedure_code, *unit_name;
    int64_t dossier_id, unit_id;
    const char *token;  /* of the verification link printed in the paper (issued_new_token) */
    const char *sha256; /* lower-case hex of the exact bytes handed out */
};

/* The current version of the dossier's paper of kind: its token and SHA-256 (in ar).
 * E_NOTFOUND when none was issued yet. */
int issued_current(struct db_conn *c, struct arena *ar, const char *dossier_code, const char *kind,
                   const char **token, const char **sha256, struct err *e);
/* Records p as the newest version of its kind (the previous one is marked replaced by it)
 * and writes the audit entry "paper.issue" with the hash, in the caller's transaction. */
int issued_record(struct db_conn *c, const struct actor *a, const struct issued_paper *p,
                  struct err *e);
/* 128 random bits, base64url: the verification link of one version. */
const char *issued_new_token(struct arena *ar);
/* base_url/kiem-tra/token */
const char *issued_verify_url(struct arena *ar, const char *base_url, const char *token);
/* The QR code's text (Circular 01/2023/TT-VPCP: dossier code, procedure code, applicant's ID
 * number, document name, plus the verification link), one "label: value" a line; the ID is
 * masked as fmt_masked_id does. */
const char *issued_qr_text(struct arena *ar, const char *dossier_code, const char *procedure_code,
                           const char *applicant_id, const char *doc_name, const char *url);
/* SHA-256 of data as lower-case hex, in ar. */
const char *issued_sha256(struct arena *ar, const void *data, size_t len);

#endif
