/* file_store.h — persistence of stored contents and of their attachments to dossiers
 * (migration 0005) and to citizens' drafts (migration 0013). The bytes themselves are in
 * blob_store; these rows say what a content is (size, sniffed type) and where each dossier or
 * draft uses it. */
#ifndef MOTCUA_FILE_STORE_H
#define MOTCUA_FILE_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct file_row {
    int64_t id, dossier_id, size, uploaded_by, uploaded_at;
    const char *sha256, *mime, *kind, *name;
    const char *uploader; /* full name of uploaded_by, "" for the system */
    int component_idx;    /* -1 for a result */
    int digitised, reused;
    const char *reused_from; /* the earlier dossier it was taken from; NULL: uploaded */
    int64_t supplement_id;   /* the supplement cycle it answers; 0: none */
    /* The content's signature check (migration 0035): status NULL when not checked. */
    const char *sig_status, *sig_signer, *sig_reason;
    int64_t sig_time;
};

/* The outcome of checking a content's digital signatures (service/files/file_signature.c). */
struct file_signature {
    const char *status; /* "unsigned" | "valid" | "invalid" | "unknown_signer" */
    const char *signer, *reason;
    int64_t signing_time, checked_at;
};
/* Records the check on the content's row. */
int file_signature_put(struct db_conn *c, const char *sha256, const struct file_signature *s,
                       struct err *e);

/* Records a content once; *existed is 1 when it was recorded before. */
int file_content_put(struct db_conn *c, const char *sha256, int64_t size, const char *mime,
                     int64_t now, int *existed, struct err *e);
/* Attaches a content to a dossier (sha256, kind, component_idx, name, uploaded_by,
 * uploaded_at, digitised, reused, reused_from and supplement_id of r). */
int file_attach(struct db_conn *c, const struct file_row *r, int64_t *id, struct err *e);
/* The attachment of sha256 at the same place (kind and component) of a dossier, if any:
 * E_NOTFOUND when there is none. */
int file_attached_at(struct db_conn *c, struct arena *a, int64_t dossier_id, const char *sha256,
                     const char *kind, int component_idx, struct file_row *out, struct err *e);
/* Every attachment of a dossier with its content's size and type, oldest first. */
int file_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct file_row **out, int *n,
              struct err *e);
/* The first attachment of sha256 to this dossier; E_NOTFOUND when the dossier has none (the
 * content may still belong to another dossier: that is not this one's business). */
int file_in_dossier(struct db_conn *c, struct arena *a, int64_t dossier_id, const char *sha256,
                    struct file_row *out, struct err *e);

/* Detaches sha256 from a supplement answer of a dossier (the open cycle's files only);
 * *removed counts the attachments removed. */
int file_answer_remove(struct db_conn *c, int64_t dossier_id, int64_t supplement_id,
                       const char *sha256, int64_t *removed, struct err *e);
/* How many files answer the supplement cycle. */
int file_answer_count(struct db_conn *c, int64_t supplement_id, int64_t *n, struct err *e);

/* --- drafts (draft_files): dossier_id of a row is the draft's id, kind "component" --- */

/* Attaches a content to component component_idx of a draft (name, uploaded_at, reused_from
 * of r); *added is 0 when it was attached there already. */
int file_draft_attach(struct db_conn *c, int64_t draft_id, const struct file_row *r, int *added,
                      struct err *e);
/* The files of a draft, oldest first. */
int file_draft_list(struct db_conn *c, struct arena *a, int64_t draft_id, struct file_row **out,
                    int *n, struct err *e);
/* Detaches sha256 from every component of a draft; *removed counts the rows removed. */
int file_draft_remove(struct db_conn *c, int64_t draft_id, const char *sha256, int64_t *removed,
                      struct err *e);
/* Turns the files of a draft into component files of the dossier it became, uploaded by
 * user_id, keeping component, name, time and reuse. */
int file_draft_to_dossier(struct db_conn *c, int64_t draft_id, int64_t dossier_id, int64_t user_id,
                          struct err *e);

/* --- the citizen's personal store --- */

struct file_store_entry {
    struct file_row f; /* dossier_id, sha256, size, mime, kind, name, component_idx,
                          uploaded_at */
    const char *dossier_code, *procedure_code, *procedure_name;
    const char *component_name; /* NULL for a result */
};
/* The component files and results of the dossiers whose applicant is user_id, newest first,
 * at most limit; with sha256 (not NULL) only that content's entries. */
int file_store_of_user(struct db_conn *c, struct arena *a, int64_t user_id, const char *sha256,
                       int limit, struct file_store_entry **out, int *n, struct err *e);

#endif
