/* org_store.h — persistence of the organisation tree (org_units). */
#ifndef MOTCUA_ORG_STORE_H
#define MOTCUA_ORG_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct org_unit {
    int64_t id, parent_id, successor_id; /* 0 when none */
    const char *key, *name, *level, *agency_code, *valid_from, *valid_to;
    const char *place; /* địa danh printed on its documents, or NULL (inherited) */
};

int org_insert(struct db_conn *c, const struct org_unit *u, const char *name_fold, int64_t now,
               int64_t *id, struct err *e);
/* Closes a unit's validity (rename/merge) and points it at its successor. */
int org_close(struct db_conn *c, int64_t id, const char *valid_to, int64_t successor_id,
              struct err *e);
int org_get_by_key(struct db_conn *c, struct arena *a, const char *key, struct org_unit *out,
                   struct err *e);
int org_get(struct db_conn *c, struct arena *a, int64_t id, struct org_unit *out, struct err *e);
/* What changes whenever the tree does (every write inserts a unit or closes one with a
 * successor, and neither is ever undone): the number of units plus the number closed, and the
 * highest id. A cached tree is current while both are the same. */
int org_signature(struct db_conn *c, int64_t *version, int64_t *max_id, struct err *e);
/* Every unit, ordered so that parents come before children, then by name. */
int org_list(struct db_conn *c, struct arena *a, struct org_unit **out, int *n, struct err *e);
/* The ids of unit and all its ancestors, the unit first. */
int org_ancestors(struct db_conn *c, struct arena *a, int64_t id, int64_t **out, int *n,
                  struct err *e);

#endif
