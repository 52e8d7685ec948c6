/* consult_store.c — SQL for consultations of another unit. Reads join the names of the people
 * who asked and answered and the dossier's code, so a list can be shown without a second
 * query per row. */
#include "consult_store.h"

#include "rows.h"

#define CONSULT_COLS                                                                               \
    "k.id, k.dossier_id, k.from_unit_id, k.to_unit_id, k.requested_by, k.requested_at, "           \
    "k.due_at, k.answered_by, k.answered_at, k.question, k.answer, "                               \
    "q.full_name AS requested_by_name, a.full_name AS answered_by_name, d.code AS dossier_code, "  \
    "d.procedure_name "                                                                            \
    "FROM dossier_consultations k JOIN dossiers d ON d.id = k.dossier_id "                         \
    "LEFT JOIN users q ON q.id = k.requested_by LEFT JOIN users a ON a.id = k.answered_by "

static struct db_param opt(int64_t v)
{
    return v ? DB_I(v) : DB_NIL;
}

int consult_insert(struct db_conn *c, const struct consult_row *r, int64_t *id, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO dossier_consultations (dossier_id, from_unit_id, to_unit_id, "
                        "question, requested_by, requested_at, due_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        DB_ARGS(DB_I(r->dossier_id), DB_I(r->from_unit_id), DB_I(r->to_unit_id),
                                DB_T(r->question), opt(r->requested_by), DB_I(r->requested_at),
                                DB_I(r->due_at)),
                        id, e);
}

#define K(kind, field) ROW_##kind(#field, struct consult_row, field)
static const struct row_col consult_cols[] = {
    K(I64, id),
    K(I64, dossier_id),
    K(I64, from_unit_id),
    K(I64, to_unit_id),
    K(I64, requested_by),
    K(I64, requested_at),
    K(I64, due_at),
    K(I64, answered_by),
    K(I64, answered_at),
    K(TEXT, question),
    K(STR, answer),
    K(TEXT, requested_by_name),
    K(STR, answered_by_name),
    K(TEXT, dossier_code),
    K(TEXT, procedure_name),
};
#undef K
static const struct row_spec consult_spec = ROW_SPEC(struct consult_row, consult_cols);

static int query_rows(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                      int np, struct consult_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a, sql, p, np, &consult_spec, out, n, e);
}

int consult_get(struct db_conn *c, struct arena *a, int64_t id, struct consult_row *out,
                struct err *e)
{
    struct consult_row *rows = NULL;
    int n = 0;
    int rc =
        query_rows(c, a, "SELECT " CONSULT_COLS "WHERE k.id = $1", DB_ARGS(DB_I(id)), &rows, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return err_set(e, E_NOTFOUND, "id", "Không tìm thấy yêu cầu xin ý kiến này");
    *out = rows[0];
    return 0;
}

int consult_answer(struct db_conn *c, int64_t id, int64_t by, int64_t at, const char *answer,
                   struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "UPDATE dossier_consultations SET answered_by = $2, answered_at = $3, "
                           "answer = $4 WHERE id = $1 AND answered_at IS NULL",
                           DB_ARGS(DB_I(id), opt(by), DB_I(at), DB_T(answer)), &changed, e);
    if (!rc && changed != 1)
        return err_set(e, E_CONFLICT, "id", "Yêu cầu xin ý kiến này đã được trả lời");
    return rc;
}

int consult_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct consult_row **out,
                 int *n, struct err *e)
{
    return query_rows(c, a, "SELECT " CONSULT_COLS "WHERE k.dossier_id = $1 ORDER BY k.id",
                      DB_ARGS(DB_I(dossier_id)), out, n, e);
}

int consult_open(struct db_conn *c, struct arena *a, int64_t unit_id, int limit,
                 struct consult_row **out, int *n, struct err *e)
{
    return query_rows(c, a,
                      "WITH RECURSIVE sub(id, depth) AS (SELECT CAST($1 AS BIGINT), 0 UNION ALL "
                      "SELECT o.id, sub.depth + 1 FROM org_units o JOIN sub ON o.parent_id = "
                      "sub.id WHERE sub.depth < 16) "
                      "SELECT " CONSULT_COLS "WHERE k.answered_at IS NULL AND k.to_unit_id IN "
                      "(SELECT id FROM sub) ORDER BY k.due_at, k.id LIMIT $2",
                      DB_ARGS(DB_I(unit_id), DB_I(limit)), out, n, e);
}

int consult_open_units(struct db_conn *c, int64_t dossier_id, int64_t *units, int max, int *n,
                       struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT DISTINCT to_unit_id FROM dossier_consultations "
                      "WHERE dossier_id = $1 AND answered_at IS NULL",
                      DB_ARGS(DB_I(dossier_id)), &r, e);
    if (rc)
        return rc;
    *n = 0;
    for (int i = 0; i < db_rows_count(r) && *n < max; i++)
        units[(*n)++] = db_rows_int(r, i, 0);
    db_rows_free(r);
    return 0;
}

int consult_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                int64_t after_id, int limit, struct consult_row **out, int *n, struct err *e)
{
    return query_rows(
        c, a,
        "SELECT " CONSULT_COLS "WHERE k.answered_at IS NULL AND k.due_at >= $2 AND k.due_at <= $1 "
        "AND (k.due_at > $2 OR k.id > $3) AND d.state = 'processing' "
        "AND NOT EXISTS (SELECT 1 FROM consult_alerts x WHERE x.consultation_id = k.id "
        "AND x.kind = 'consult_overdue' AND x.due_at = k.due_at) ORDER BY k.due_at, k.id LIMIT $4",
        DB_ARGS(DB_I(horizon), DB_I(after_due), DB_I(after_id), DB_I(limit)), out, n, e);
}

int consult_alert_add(struct db_conn *c, int64_t consultation_id, const char *kind, int64_t due_at,
                      int64_t at, int *added, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "INSERT INTO consult_alerts (consultation_id, kind, due_at, at) "
                           "VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (consultation_id, kind, due_at) DO NOTHING",
                           DB_ARGS(DB_I(consultation_id), DB_T(kind), DB_I(due_at), DB_I(at)),
                           &changed, e);
    *added = rc == 0 && changed == 1;
    return rc;
}
