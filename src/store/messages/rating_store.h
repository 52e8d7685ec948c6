/* rating_store.h — persistence of the applicant's rating of a dossier's handling (migration
 * 0011). */
#ifndef MOTCUA_RATING_STORE_H
#define MOTCUA_RATING_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct rating_row {
    int64_t dossier_id, recorded_by, created_at;
    const char *overall, *indicators, *comment, *channel;
};
/* E_CONFLICT (field "code") when the dossier was rated already. */
int rating_insert(struct db_conn *c, const struct rating_row *r, struct err *e);
/* The rating of a dossier; E_NOTFOUND when there is none. */
int rating_get(struct db_conn *c, struct arena *a, int64_t dossier_id, struct rating_row *out,
               struct err *e);

#endif
