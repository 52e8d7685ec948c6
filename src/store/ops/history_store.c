/* history_store.c — SQL for bulk-writing a generated history (see history_store.h). One
 * helper turns a table's column list and a flat array of parameters into multi-row INSERTs of
 * about PARAMS_PER_STATEMENT parameters; full statements always have the same text, so the
 * db layer's per-connection cache prepares each of them once for the whole run. Larger
 * statements are slower, not faster: SQLite finds a "$N" parameter's name by a linear
 * search, so binding costs grow with the square of the parameter count. */
#include "history_store.h"

#include "buf.h"
#include "rows.h"

#include <stdlib.h>

#define PARAMS_PER_STATEMENT 160
#define SQL_MAX              (1 << 20)

static struct db_param opt(int64_t v)
{
    return v ? DB_I(v) : DB_NIL;
}

/* "INSERT INTO t (cols) VALUES ($1, …), (…)" for nrows rows of ncols. */
static int insert_sql(struct buf *b, const char *head, int ncols, int nrows)
{
    int rc = buf_puts(b, head);
    rc = rc ? rc : buf_puts(b, " VALUES ");
    for (int r = 0; !rc && r < nrows; r++) {
        rc = buf_puts(b, r ? ", (" : "(");
        for (int k = 0; !rc && k < ncols; k++)
            rc = buf_printf(b, k ? ", $%d" : "$%d", r * ncols + k + 1);
        rc = rc ? rc : buf_putc(b, ')');
    }
    return rc;
}

static int insert_rows(struct db_conn *c, const char *head, int ncols, const struct db_param *p,
                       int nrows, struct err *e)
{
    struct buf sql;
    buf_init(&sql, SQL_MAX);
    int rc = 0, per = PARAMS_PER_STATEMENT / ncols;
    for (int done = 0; !rc && done < nrows; done += per) {
        int k = nrows - done < per ? nrows - done : per;
        buf_reset(&sql);
        if (insert_sql(&sql, head, ncols, k))
            rc = err_set(e, E_INTERNAL, NULL, "statement too long");
        else
            rc = db_exec(c, buf_str(&sql), p + (size_t)done * (size_t)ncols, k * ncols, e);
    }
    buf_free(&sql);
    return rc;
}

static struct db_param *params(size_t nrows, int ncols, struct err *e)
{
    struct db_param *p = calloc(nrows ? nrows * (size_t)ncols : 1, sizeof *p);
    if (!p)
        err_set(e, E_NOMEM, NULL, "out of memory");
    return p;
}

#define O(kind, name, field) ROW_##kind(name, struct history_offer, field)
static const struct row_col offer_cols[] = {
    O(I64, "unit_id", unit_id),
    O(I64, "resolver_id", resolver_id),
    O(I64, "version_id", version_id),
    O(TEXT, "code", procedure_code),
    O(TEXT, "name", name),
    O(TEXT, "body", body),
};
#undef O
static const struct row_spec offer_spec = ROW_SPEC(struct history_offer, offer_cols);

int history_offers(struct db_conn *c, struct arena *a, const char *today,
                   struct history_offer **out, int *n, struct err *e)
{
    return rows_query_all(
        c, a,
        "SELECT pu.unit_id, (SELECT MIN(x.unit_id) FROM procedure_units x WHERE "
        "x.procedure_id = p.id AND x.role = 'resolve') AS resolver_id, v.id AS version_id, "
        "p.code, v.name, v.body "
        "FROM procedure_units pu JOIN procedures p ON p.id = pu.procedure_id "
        "JOIN procedure_versions v ON v.procedure_id = p.id AND v.version_no = COALESCE((SELECT "
        "MAX(w.version_no) FROM procedure_versions w WHERE w.procedure_id = p.id AND "
        "w.effective_from <= $1), (SELECT MIN(w.version_no) FROM procedure_versions w WHERE "
        "w.procedure_id = p.id)) "
        "WHERE pu.role = 'receive' AND p.retired_at IS NULL ORDER BY pu.unit_id, p.code",
        DB_ARGS(DB_T(today)), &offer_spec, out, n, e);
}

#define S(kind, field) ROW_##kind(#field, struct history_seq, field)
static const struct row_col seq_cols[] = {S(I64, unit_id), S(TEXT, day), S(INT, last_seq)};
#undef S
static const struct row_spec seq_spec = ROW_SPEC(struct history_seq, seq_cols);

int history_day_seqs(struct db_conn *c, struct arena *a, struct history_seq **out, int *n,
                     struct err *e)
{
    return rows_query_all(c, a, "SELECT unit_id, day, last_seq FROM dossier_day_seq", DB_NOARGS,
                          &seq_spec, out, n, e);
}

int history_write_day_seqs(struct db_conn *c, const struct history_seq *r, int n, struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < n; i++)
        rc = db_exec(c,
                     "INSERT INTO dossier_day_seq (unit_id, day, last_seq) VALUES ($1, $2, $3) "
                     "ON CONFLICT (unit_id, day) DO UPDATE SET last_seq = CASE WHEN "
                     "excluded.last_seq > dossier_day_seq.last_seq THEN excluded.last_seq "
                     "ELSE dossier_day_seq.last_seq END",
                     DB_ARGS(DB_I(r[i].unit_id), DB_T(r[i].day), DB_I(r[i].last_seq)), e);
    return rc;
}

int history_bulk_session(struct db_conn *c, struct err *e)
{
    return db_conn_engine(c) == DB_SQLITE ? db_exec(c, "PRAGMA cache_size = -262144", DB_NOARGS, e)
                                          : 0;
}

int history_max_id(struct db_conn *c, int64_t *id, struct err *e)
{
    return db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM dossiers", DB_NOARGS, id, e);
}

int history_settle_ids(struct db_conn *c, struct err *e)
{
    if (db_conn_engine(c) != DB_POSTGRES)
        return 0;
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT setval(pg_get_serial_sequence('dossiers', 'id'), "
                      "(SELECT MAX(id) FROM dossiers))",
                      DB_NOARGS, &r, e);
    db_rows_free(r);
    return rc;
}

#define DOSSIER_NCOLS 37

int history_insert_dossiers(struct db_conn *c, const struct dossier_row *d, int n, struct err *e)
{
    struct db_param *p = params((size_t)n, DOSSIER_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        const struct dossier_row *x = &d[i];
        struct db_param row[DOSSIER_NCOLS] = {DB_I(x->id),
                                              DB_T(x->code),
                                              DB_I(x->procedure_version_id),
                                              DB_T(x->procedure_code),
                                              DB_T(x->procedure_name),
                                              DB_I(x->receiving_unit_id),
                                              DB_T(x->state),
                                              DB_I(x->national_status),
                                              DB_I(x->version),
                                              DB_T(x->channel),
                                              DB_T(x->return_method),
                                              DB_T(x->applicant_kind),
                                              DB_T(x->applicant_name),
                                              DB_T(x->applicant_fold),
                                              DB_T(x->applicant_id),
                                              DB_T(x->applicant_phone),
                                              DB_I(x->sets),
                                              DB_I(x->fee_total),
                                              DB_T(x->limit_unit),
                                              DB_I(x->limit_value),
                                              DB_I(x->received_at),
                                              opt(x->accepted_at),
                                              opt(x->clock_start),
                                              opt(x->first_due_at),
                                              opt(x->due_at),
                                              DB_I(x->extended),
                                              DB_I(x->supplements),
                                              DB_I(x->step_index),
                                              opt(x->step_unit_id),
                                              DB_T(x->step_role),
                                              opt(x->step_due_at),
                                              DB_T(x->result_kind),
                                              DB_T(x->reason),
                                              opt(x->finished_at),
                                              opt(x->returned_at),
                                              opt(x->created_by),
                                              DB_I(x->updated_at)};
        for (int k = 0; k < DOSSIER_NCOLS; k++)
            p[(size_t)i * DOSSIER_NCOLS + (size_t)k] = row[k];
    }
    int rc = insert_rows(c,
                         "INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, "
                         "procedure_name, receiving_unit_id, state, national_status, version, "
                         "channel, return_method, applicant_kind, applicant_name, applicant_fold, "
                         "applicant_id, applicant_phone, sets, fee_total, limit_unit, "
                         "limit_value, received_at, accepted_at, clock_start, first_due_at, "
                         "due_at, extended, supplements, step_index, step_unit_id, step_role, "
                         "step_due_at, result_kind, reason, finished_at, returned_at, "
                         "created_by, updated_at)",
                         DOSSIER_NCOLS, p, n, e);
    free(p);
    return rc;
}

#define EVENT_NCOLS 10

int history_insert_events(struct db_conn *c, const struct history_event *r, int n, struct err *e)
{
    struct db_param *p = params((size_t)n, EVENT_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        const struct dossier_event_row *v = &r[i].ev;
        struct db_param row[EVENT_NCOLS] = {
            DB_I(r[i].dossier_id), DB_I(v->at),       DB_T(v->actor),     DB_T(v->action),
            DB_T(v->from_state),   DB_T(v->to_state), opt(v->to_unit_id), DB_I(v->step_index),
            DB_T(v->timing),       DB_T(v->note)};
        for (int k = 0; k < EVENT_NCOLS; k++)
            p[(size_t)i * EVENT_NCOLS + (size_t)k] = row[k];
    }
    int rc = insert_rows(c,
                         "INSERT INTO dossier_events (dossier_id, at, actor, action, from_state, "
                         "to_state, to_unit_id, step_index, timing, note)",
                         EVENT_NCOLS, p, n, e);
    free(p);
    return rc;
}

#define SUPPLEMENT_NCOLS 6

int history_insert_supplements(struct db_conn *c, const struct history_supplement *r, int n,
                               struct err *e)
{
    struct db_param *p = params((size_t)n, SUPPLEMENT_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        const struct dossier_supplement_row *s = &r[i].s;
        struct db_param row[SUPPLEMENT_NCOLS] = {DB_I(r[i].dossier_id), DB_T(s->stage),
                                                 DB_I(s->requested_at), DB_T(s->items),
                                                 DB_T(s->reason),       opt(s->completed_at)};
        for (int k = 0; k < SUPPLEMENT_NCOLS; k++)
            p[(size_t)i * SUPPLEMENT_NCOLS + (size_t)k] = row[k];
    }
    int rc = insert_rows(c,
                         "INSERT INTO dossier_supplements (dossier_id, stage, requested_at, "
                         "items, reason, completed_at)",
                         SUPPLEMENT_NCOLS, p, n, e);
    free(p);
    return rc;
}

#define STEP_NCOLS 10

int history_insert_steps(struct db_conn *c, const struct history_step *r, int n, struct err *e)
{
    struct db_param *p = params((size_t)n, STEP_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        const struct dossier_step_row *s = &r[i].s;
        struct db_param row[STEP_NCOLS] = {DB_I(r[i].dossier_id), DB_I(s->idx),
                                           DB_T(s->role),         opt(s->unit_id),
                                           DB_T(s->actor_label),  DB_I(s->budget_seconds),
                                           opt(s->started_at),    opt(s->due_at),
                                           opt(s->finished_at),   DB_T(s->timing)};
        for (int k = 0; k < STEP_NCOLS; k++)
            p[(size_t)i * STEP_NCOLS + (size_t)k] = row[k];
    }
    int rc = insert_rows(c,
                         "INSERT INTO dossier_steps (dossier_id, idx, role, unit_id, actor_label, "
                         "budget_seconds, started_at, due_at, finished_at, timing)",
                         STEP_NCOLS, p, n, e);
    free(p);
    return rc;
}

#define RATING_NCOLS 5

int history_insert_ratings(struct db_conn *c, const struct history_rating *r, int n, struct err *e)
{
    struct db_param *p = params((size_t)n, RATING_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        struct db_param row[RATING_NCOLS] = {DB_I(r[i].dossier_id), DB_T(r[i].overall),
                                             DB_T(r[i].indicators), DB_T(r[i].channel),
                                             DB_I(r[i].created_at)};
        for (int k = 0; k < RATING_NCOLS; k++)
            p[(size_t)i * RATING_NCOLS + (size_t)k] = row[k];
    }
    int rc = insert_rows(c,
                         "INSERT INTO dossier_ratings (dossier_id, overall, indicators, channel, "
                         "created_at)",
                         RATING_NCOLS, p, n, e);
    free(p);
    return rc;
}

#define FILE_NCOLS 8

/* The content is stored once and shared, hence reused = 1; scans are digitised copies. */
int history_insert_files(struct db_conn *c, const struct history_file *r, int n, struct err *e)
{
    struct db_param *p = params((size_t)n, FILE_NCOLS, e);
    if (!p)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        int component = r[i].component_idx >= 0;
        struct db_param row[FILE_NCOLS] = {DB_I(r[i].dossier_id),
                                           DB_T(r[i].sha256),
                                           DB_T(component ? "component" : "result"),
                                           component ? DB_I(r[i].component_idx) : DB_NIL,
                                           DB_T(r[i].name),
                                           DB_I(r[i].uploaded_at),
                                           DB_I(component),
                                           DB_I(1)};
        for (int k = 0; k < FILE_NCOLS; k++)
            p[(size_t)i * FILE_NCOLS + (size_t)k] = row[k];
    }
    int rc =
        insert_rows(c,
                    "INSERT INTO dossier_files (dossier_id, sha256, kind, component_idx, name, "
                    "uploaded_at, digitised, reused)",
                    FILE_NCOLS, p, n, e);
    free(p);
    return rc;
}
