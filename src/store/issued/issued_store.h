/* issued_store.h — the registry of issued papers (migration 0036) and the anchors of the
 * audit chain (migration 0037). */
#ifndef MOTCUA_ISSUED_STORE_H
#define MOTCUA_ISSUED_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct issued_row {
    int64_t id, dossier_id, unit_id, issued_by_id, issued_at, replaced_by;
    int version;
    const char *token, *sha256, *kind, *doc_name, *dossier_code, *procedure_code, *unit_name,
        *issued_by;
};

/* The newest version of a dossier's paper of this kind; E_NOTFOUND when none was issued. */
int issued_latest(struct db_conn *c, struct arena *a, const char *dossier_code, const char *kind,
                  struct issued_row *out, struct err *e);
/* Inserts row (its version and replaced_by are ignored): the version after the newest of the
 * same dossier and kind, which gets replaced_by = the new id. *id is the new row's id. */
int issued_insert(struct db_conn *c, const struct issued_row *row, int64_t *id, struct err *e);
/* By the token of the verification link; E_NOTFOUND when unknown. */
int issued_by_token(struct db_conn *c, struct arena *a, const char *token, struct issued_row *out,
                    struct err *e);
/* The newest paper with this SHA-256 (lower-case hex); E_NOTFOUND when none. */
int issued_by_sha(struct db_conn *c, struct arena *a, const char *sha256, struct issued_row *out,
                  struct err *e);
/* By id; E_NOTFOUND when none. */
int issued_by_id(struct db_conn *c, struct arena *a, int64_t id, struct issued_row *out,
                 struct err *e);

struct anchor_row {
    int64_t id, seq, anchored_at, tsa_time;
    const char *hash, *statement, *signature, *signer, *timestamp_token, *created_by;
};

int anchor_insert(struct db_conn *c, const struct anchor_row *row, int64_t *id, struct err *e);
/* Newest first, at most limit. */
int anchor_list(struct db_conn *c, struct arena *a, int limit, struct anchor_row **out, int *n,
                struct err *e);
/* The newest anchor; E_NOTFOUND when there is none yet. */
int anchor_latest(struct db_conn *c, struct arena *a, struct anchor_row *out, struct err *e);
/* The hash of entry seq as stored; E_NOTFOUND when there is no such entry. */
int anchor_entry_hash(struct db_conn *c, struct arena *a, int64_t seq, const char **hash,
                      struct err *e);

#endif
