/* file_store.h — persistence of stored contents and of their attachments to dossiers
 * (migration 0005). The bytes themselves are in blob_store; these rows say what a content
 * is (size, sniffed type) and where each dossier uses it. */
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
};

/* Records a content once; *existed is 1 when it was recorded before. */
int file_content_put(struct db_conn *c, const char *sha256, int64_t size, const char *mime,
                     int64_t now, int *existed, struct err *e);
/* Attaches a content to a dossier (sha256, kind, component_idx, name, uploaded_by,
 * uploaded_at, digitised and reused of r). */
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

#endif
