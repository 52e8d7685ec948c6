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

/* One row of the query: a dossier with one of its supplement cycles (supplement_id 0 when
 * it has none). */
struct alive_row {
    struct indices_dossier d;
    int64_t supplement_id;
    struct indices_supplement s;
};
#define A(kind, name, field) ROW_##kind(name, struct alive_row, field)
static const struct row_col alive_cols[] = {
    A(I64, "id", d.id),
    A(TEXT, "code", d.code),
    A(TEXT, "state", d.state),
    A(I64, "received_at", d.received_at),
    A(I64, "finished_at", d.finished_at),
    A(TEXT, "limit_unit", d.limit_unit),
    A(INT, "limit_value", d.limit_value),
    A(I64, "supplement_id", supplement_id),
    A(I64, "requested_at", s.requested_at),
    A(I64, "completed_at", s.completed_at),
};
#undef A
static const struct row_spec alive_spec = ROW_SPEC(struct alive_row, alive_cols);

int indices_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                     struct indices_dossier **out, int *n, struct err *e)
{
    struct alive_row *r;
    int rows;
    int rc =
        rows_query_all(c, a,
                       "SELECT d.id, d.code, d.state, d.received_at, d.finished_at, "
                       "d.limit_unit, d.limit_value, s.id AS supplement_id, s.requested_at, "
                       "s.completed_at FROM " ALIVE " x JOIN dossiers d ON d.id = x.id "
                       "LEFT JOIN dossier_supplements s ON s.dossier_id = d.id "
                       "WHERE d.state NOT IN ('refused', 'submitted') "
                       "ORDER BY d.id, s.requested_at, s.id",
                       DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)), &alive_spec, &r, &rows, e);
    if (rc)
        return rc;
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(rows ? rows : 1));
    for (int i = 0; i < rows; i++) {
        struct indices_dossier *d = *n ? &(*out)[*n - 1] : NULL;
        if (!d || d->id != r[i].d.id) {
            d = &(*out)[(*n)++];
            *d = r[i].d;
        }
        if (r[i].supplement_id)
            add_supplement(a, d, r[i].s.requested_at, r[i].s.completed_at);
    }
    return 0;
}
