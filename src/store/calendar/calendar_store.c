/* calendar_store.c — SQL for calendar_years and office_hours (migration 0002). */
#include "calendar_store.h"

#include "rows.h"

int calendar_version(struct db_conn *c, int64_t *version, struct err *e)
{
    return db_query_int(c, "SELECT COALESCE(MAX(version), 0) FROM calendar_years", DB_NOARGS,
                        version, e);
}

#define Y(kind, field) ROW_##kind(#field, struct calendar_year_row, field)
static const struct row_col year_cols[] = {Y(INT, year), Y(TEXT, body), Y(I64, version)};
#undef Y
static const struct row_spec year_spec = ROW_SPEC(struct calendar_year_row, year_cols);

int calendar_years(struct db_conn *c, struct arena *a, struct calendar_year_row **out, int *n,
                   struct err *e)
{
    return rows_query_all(c, a, "SELECT year, body, version FROM calendar_years ORDER BY year",
                          DB_NOARGS, &year_spec, out, n, e);
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

struct office_hours_row {
    const char *body;
};
static const struct row_col office_hours_cols[] = {ROW_TEXT("body", struct office_hours_row, body)};
static const struct row_spec office_hours_spec =
    ROW_SPEC(struct office_hours_row, office_hours_cols);

int office_hours_get(struct db_conn *c, struct arena *a, int64_t unit_id, const char **body,
                     struct err *e)
{
    struct office_hours_row *r;
    int n;
    int rc = rows_query_all(c, a, "SELECT body FROM office_hours WHERE unit_id = $1",
                            DB_ARGS(DB_I(unit_id)), &office_hours_spec, &r, &n, e);
    if (rc == 0 && n == 0)
        rc = E_NOTFOUND;
    if (rc == 0)
        *body = r->body;
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
