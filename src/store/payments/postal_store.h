/* postal_store.h — persistence of the handover of a result to the postal operator
 * (migration 0011, Decision 45/2016). */
#ifndef MOTCUA_POSTAL_STORE_H
#define MOTCUA_POSTAL_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct postal_row {
    int64_t dossier_id, handed_over_at, recorded_by, created_at;
    const char *operator_name, *tracking_number, *recorder; /* recorder: full name */
};
/* E_CONFLICT (field "code") when the handover of this dossier was recorded already. */
int postal_insert(struct db_conn *c, const struct postal_row *r, struct err *e);
/* The handover of a dossier; E_NOTFOUND when there is none. */
int postal_get(struct db_conn *c, struct arena *a, int64_t dossier_id, struct postal_row *out,
               struct err *e);

#endif
