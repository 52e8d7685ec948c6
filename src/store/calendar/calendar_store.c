/* calendar_store.c — SQL for calendar_years and office_hours (migration 0002). */
#include "calendar_store.h"

#include "rows.h"

int calendar_version(struct db_conn *c, int64_t *version, struct err *e)
{
    return db_query_int(c, "SELECT COALESCE(MAX(version), 0) FROM calendar_years", DB_NOARGS,
                        version, e);
}

int calendar_years(struct db_conn *c, struct arena *a, struct calendar_year_row **out, int *n,
                   struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT year, body, version FROM calendar_years ORDER BY year", DB_NOARGS,
                      &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct calendar_year_row){(int)db_rows_int(r, i, 0), rows_text(a, r, i, 1),
                                               db_rows_int(r, i, 2)};
    db_rows_free(r);
    return 0;
}

int calendar_put_year(struct db_conn *c, int year, const char *body, int64_t now, const char *by,
                      struct err *e)
{
    int64_t version = 0;
    int rc = calendar_version(c, &version, e);
    if (rc)
        return rc;
    return db_exec(c,
                   "INSERT INTO calendar_years (year, body, version, updated_at, updated_by) "
                   "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET "
                   "body = $2, version = $3, updated_at = $4, updated_by = $5",
                   DB_ARGS(DB_I(year), DB_T(body), DB_I(version + 1), DB_I(now), DB_T(by)), e);
}

int office_hours_get(struct db_conn *c, struct arena *a, int64_t unit_id, const char **body,
                     struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT body FROM office_hours WHERE unit_id = $1", DB_ARGS(DB_I(unit_id)),
                      &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = E_NOTFOUND;
    else
        *body = rows_text(a, r, 0, 0);
    db_rows_free(r);
    return rc;
}

int office_hours_put(struct db_conn *c, int64_t unit_id, const char *body, int64_t now,
                     struct err *e)
{
    return db_exec(c,
                   "INSERT INTO office_hours (unit_id, body, updated_at) VALUES ($1, $2, $3) "
                   "ON CONFLICT (unit_id) DO UPDATE SET body = $2, updated_at = $3",
                   DB_ARGS(DB_I(unit_id), DB_T(body), DB_I(now)), e);
}
