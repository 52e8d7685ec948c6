/* indices_store.c — SQL for the per-dossier indicator (see indices_store.h). The dossiers
 * alive in a period are two ranges of the index (receiving_unit_id, finished_at): finished at
 * or after the period start, and not finished (NULL sorts into the same index on SQLite and
 * PostgreSQL). Supplement cycles come in the same query by an outer join, one row per cycle,
 * since most dossiers have none. */
#include "indices_store.h"

#include "rows.h"

#define ALIVE                                                                                      \
    "(SELECT id FROM dossiers WHERE receiving_unit_id = $1 AND finished_at >= $2 AND "             \
    "received_at < $3 UNION ALL SELECT id FROM dossiers WHERE receiving_unit_id = $1 AND "         \
    "finished_at IS NULL AND received_at < $3)"

static void add_supplement(struct arena *a, struct indices_dossier *d, int64_t req, int64_t done)
{
    struct indices_supplement *s = arena_alloc(a, sizeof *s * (size_t)(d->nsupplements + 1));
    for (int i = 0; i < d->nsupplements; i++)
        s[i] = d->supplements[i];
    s[d->nsupplements++] = (struct indices_supplement){req, done};
    d->supplements = s;
}

int indices_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                     struct indices_dossier **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT d.id, d.code, d.state, d.received_at, COALESCE(d.finished_at, 0), "
                      "d.limit_unit, d.limit_value, s.requested_at, COALESCE(s.completed_at, 0) "
                      "FROM " ALIVE " x JOIN dossiers d ON d.id = x.id "
                      "LEFT JOIN dossier_supplements s ON s.dossier_id = d.id "
                      "WHERE d.state NOT IN ('refused', 'submitted') "
                      "ORDER BY d.id, s.requested_at, s.id",
                      DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)), &r, e);
    if (rc)
        return rc;
    int rows = db_rows_count(r);
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(rows ? rows : 1));
    for (int i = 0; i < rows; i++) {
        struct indices_dossier *d = *n ? &(*out)[*n - 1] : NULL;
        if (!d || d->id != db_rows_int(r, i, 0)) {
            d = &(*out)[(*n)++];
            *d = (struct indices_dossier){.id = db_rows_int(r, i, 0),
                                          .code = rows_text(a, r, i, 1),
                                          .state = rows_text(a, r, i, 2),
                                          .received_at = db_rows_int(r, i, 3),
                                          .finished_at = db_rows_int(r, i, 4),
                                          .limit_unit = rows_text(a, r, i, 5),
                                          .limit_value = (int)db_rows_int(r, i, 6)};
        }
        if (!db_rows_isnull(r, i, 7))
            add_supplement(a, d, db_rows_int(r, i, 7), db_rows_int(r, i, 8));
    }
    db_rows_free(r);
    return 0;
}
