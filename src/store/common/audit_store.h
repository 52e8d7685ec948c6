/* audit_store.h — the append-only, hash-chained audit log. */
#ifndef MOTCUA_AUDIT_STORE_H
#define MOTCUA_AUDIT_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct audit_entry {
    int64_t seq, at, actor_id; /* actor_id 0 = the system (command line, jobs) */
    const char *actor, *action, *object_type, *object_id, *summary, *prev_hash, *hash;
};

/* Appends one entry inside the caller's transaction. summary is a short JSON text saying
 * what changed (before/after), without secrets. */
int audit_append(struct db_conn *c, int64_t now, int64_t actor_id, const char *actor,
                 const char *action, const char *object_type, const char *object_id,
                 const char *summary, struct err *e);
/* Recomputes the chain from the start; *broken_seq = 0 when intact, else the first entry
 * whose hash or link does not match. *count = entries checked. */
int audit_verify(struct db_conn *c, int64_t *count, int64_t *broken_seq, struct err *e);
/* Newest entries first, at most limit, optionally only for one object. */
int audit_list(struct db_conn *c, struct arena *a, const char *object_type, const char *object_id,
               int limit, struct audit_entry **out, int *n, struct err *e);

#endif
