/* deadline_store.c — SQL for the deadline job (see deadline_store.h). Both candidate queries
 * are range scans on (state, due moment) indexes with a keyset cursor, so a page costs the
 * same however many dossiers the database holds, and a long backlog is read in bounded
 * transactions. */
#include "deadline_store.h"

#include "rows.h"

/* References and instants that are NULL read as 0 ("none"). */
#define DEADLINE_COLS                                                                              \
    "d.id, d.receiving_unit_id, d.step_unit_id, d.step_due_at, d.due_at, d.step_index, "           \
    "d.extended, d.code, d.procedure_name, d.step_role"

#define D(kind, field) ROW_##kind(#field, struct deadline_row, field)
static const struct row_col deadline_cols[] = {
    D(I64, id),
    D(I64, receiving_unit_id),
    D(I64, step_unit_id),
    D(I64, step_due_at),
    D(I64, due_at),
    D(INT, step_index),
    D(INT, extended),
    D(TEXT, code),
    D(TEXT, procedure_name),
    D(STR, step_role),
};
#undef D
static const struct row_spec deadline_spec = ROW_SPEC(struct deadline_row, deadline_cols);

static int deadline_page(struct db_conn *c, struct arena *a, const char *sql, int64_t horizon,
                         int64_t after_due, int64_t after_id, int limit, struct deadline_row **out,
                         int *n, struct err *e)
{
    return rows_query_all(c, a, sql,
                          DB_ARGS(DB_I(horizon), DB_I(after_due), DB_I(after_id), DB_I(limit)),
                          &deadline_spec, out, n, e);
}

int deadline_steps_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                       int64_t after_id, int limit, struct deadline_row **out, int *n,
                       struct err *e)
{
    return deadline_page(
        c, a,
        "SELECT " DEADLINE_COLS " FROM dossiers d WHERE d.state = 'processing' "
        "AND d.step_due_at >= $2 AND d.step_due_at <= $1 AND (d.step_due_at > $2 OR d.id > $3) "
        "AND NOT EXISTS (SELECT 1 FROM dossier_alerts x WHERE x.dossier_id = d.id "
        "AND x.kind = 'step_overdue' AND x.step_index = d.step_index "
        "AND x.due_at = d.step_due_at) ORDER BY d.step_due_at, d.id LIMIT $4",
        horizon, after_due, after_id, limit, out, n, e);
}

int deadline_dossiers_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                          int64_t after_id, int limit, struct deadline_row **out, int *n,
                          struct err *e)
{
    return deadline_page(c, a,
                         "SELECT " DEADLINE_COLS " FROM dossiers d WHERE d.state = 'processing' "
                         "AND d.due_at >= $2 AND d.due_at <= $1 AND (d.due_at > $2 OR d.id > $3) "
                         "AND NOT EXISTS (SELECT 1 FROM dossier_alerts x WHERE x.dossier_id = d.id "
                         "AND x.kind = 'overdue' AND x.step_index = -1 AND x.due_at = d.due_at) "
                         "ORDER BY d.due_at, d.id LIMIT $4",
                         horizon, after_due, after_id, limit, out, n, e);
}

int deadline_alert_add(struct db_conn *c, int64_t dossier_id, const char *kind, int step_index,
                       int64_t due_at, int64_t at, int *added, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(
        c,
        "INSERT INTO dossier_alerts (dossier_id, kind, step_index, due_at, at) "
        "VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (dossier_id, kind, step_index, due_at) DO NOTHING",
        DB_ARGS(DB_I(dossier_id), DB_T(kind), DB_I(step_index), DB_I(due_at), DB_I(at)), &changed,
        e);
    *added = rc == 0 && changed == 1;
    return rc;
}

static const struct row_col person_cols[] = {
    ROW_I64("user_id", struct deadline_person, user_id),
    ROW_TEXT("username", struct deadline_person, username),
};
static const struct row_spec person_spec = ROW_SPEC(struct deadline_person, person_cols);

int deadline_people(struct db_conn *c, struct arena *a, int64_t unit_id, const char *role,
                    struct deadline_person **out, int *n, struct err *e)
{
    return rows_query_all(
        c, a,
        "WITH RECURSIVE up(id, depth) AS (SELECT CAST($1 AS BIGINT), 0 UNION ALL "
        "SELECT o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.id "
        "WHERE o.parent_id IS NOT NULL AND up.depth < 16) "
        "SELECT DISTINCT u.id AS user_id, u.username FROM user_roles r "
        "JOIN users u ON u.id = r.user_id WHERE u.active = 1 AND r.role = $2 "
        "AND (r.unit_id IS NULL OR r.unit_id IN (SELECT id FROM up)) ORDER BY user_id",
        DB_ARGS(DB_I(unit_id), DB_T(role)), &person_spec, out, n, e);
}

int deadline_office_units(struct db_conn *c, struct arena *a, int64_t **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT unit_id FROM office_hours ORDER BY unit_id", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = db_rows_int(r, i, 0);
    db_rows_free(r);
    return 0;
}
