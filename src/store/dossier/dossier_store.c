/* dossier_store.c — SQL for dossiers (see dossier_store.h). Rows are decoded by column name
 * through the specs of store/common/rows.h: the dossier's column list is written once
 * (DOSSIER_COLS) beside its spec, so a new column is added in places that sit next to each
 * other and no index is counted by hand. */
#include "dossier_store.h"

#include "rows.h"

/* The dossier as every dossier query selects it. Instants and references that may be NULL
 * read as 0 ("none"), which the number columns' decoding does by itself. */
#define DOSSIER_COLS                                                                               \
    "id, code, procedure_version_id, procedure_code, procedure_name, receiving_unit_id, "          \
    "state, national_status, version, channel, return_method, applicant_kind, "                    \
    "applicant_name, applicant_fold, applicant_id, applicant_birth, applicant_phone, "             \
    "applicant_email, applicant_address, applicant_user_id, sets, fee_total, limit_unit, "         \
    "limit_value, received_at, accepted_at, clock_start, first_due_at, due_at, extended, "         \
    "supplements, step_index, step_unit_id, step_role, step_due_at, assignee_id, "                 \
    "result_kind, reason, finished_at, returned_at, created_by, updated_at, lookup_token"

/* Each column fills the field of its own name. */
#define D(kind, field) ROW_##kind(#field, struct dossier_row, field)
static const struct row_col dossier_cols[] = {
    D(I64, id),
    D(TEXT, code),
    D(I64, procedure_version_id),
    D(TEXT, procedure_code),
    D(TEXT, procedure_name),
    D(I64, receiving_unit_id),
    D(TEXT, state),
    D(INT, national_status),
    D(INT, version),
    D(TEXT, channel),
    D(TEXT, return_method),
    D(TEXT, applicant_kind),
    D(TEXT, applicant_name),
    D(TEXT, applicant_fold),
    D(STR, applicant_id),
    D(STR, applicant_birth),
    D(STR, applicant_phone),
    D(STR, applicant_email),
    D(STR, applicant_address),
    D(I64, applicant_user_id),
    D(INT, sets),
    D(I64, fee_total),
    D(TEXT, limit_unit),
    D(INT, limit_value),
    D(I64, received_at),
    D(I64, accepted_at),
    D(I64, clock_start),
    D(I64, first_due_at),
    D(I64, due_at),
    D(INT, extended),
    D(INT, supplements),
    D(INT, step_index),
    D(I64, step_unit_id),
    D(STR, step_role),
    D(I64, step_due_at),
    D(I64, assignee_id),
    D(STR, result_kind),
    D(STR, reason),
    D(I64, finished_at),
    D(I64, returned_at),
    D(I64, created_by),
    D(I64, updated_at),
    D(STR, lookup_token),
};
#undef D
static const struct row_spec dossier_spec = ROW_SPEC(struct dossier_row, dossier_cols);

/* NULL for 0, so optional instants and references stay NULL in the table. */
static struct db_param opt(int64_t v)
{
    return v ? DB_I(v) : DB_NIL;
}

#define P(kind, name, field) ROW_##kind(name, struct dossier_proc, field)
static const struct row_col proc_cols[] = {
    P(I64, "procedure_id", procedure_id),
    P(I64, "version_id", version_id),
    P(INT, "version_no", version_no),
    P(TEXT, "name", name),
    P(TEXT, "body", body),
};
#undef P
static const struct row_spec proc_spec = ROW_SPEC(struct dossier_proc, proc_cols);

static int proc_one(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                    int n, struct dossier_proc *out, struct err *e)
{
    return rows_query_one(c, a, sql, p, n, &proc_spec, out, "procedure",
                          "Không có thủ tục này hoặc thủ tục đã bãi bỏ", e);
}

int dossier_proc_in_force(struct db_conn *c, struct arena *a, const char *code, const char *today,
                          struct dossier_proc *out, struct err *e)
{
    return proc_one(c, a,
                    "SELECT p.id AS procedure_id, v.id AS version_id, v.version_no, v.name, v.body "
                    "FROM procedures p "
                    "JOIN procedure_versions v ON v.procedure_id = p.id "
                    "WHERE p.code = $1 AND p.retired_at IS NULL AND v.effective_from <= $2 "
                    "ORDER BY v.version_no DESC LIMIT 1",
                    DB_ARGS(DB_T(code), DB_T(today)), out, e);
}

int dossier_proc_version(struct db_conn *c, struct arena *a, int64_t version_id,
                         struct dossier_proc *out, struct err *e)
{
    return proc_one(c, a,
                    "SELECT v.procedure_id, v.id AS version_id, v.version_no, v.name, v.body "
                    "FROM procedure_versions v WHERE v.id = $1",
                    DB_ARGS(DB_I(version_id)), out, e);
}

int dossier_next_seq(struct db_conn *c, int64_t unit_id, const char *day, int *seq, struct err *e)
{
    int64_t v = 0;
    int rc = db_query_int(c,
                          "INSERT INTO dossier_day_seq (unit_id, day, last_seq) VALUES ($1, $2, 1) "
                          "ON CONFLICT (unit_id, day) DO UPDATE SET "
                          "last_seq = dossier_day_seq.last_seq + 1 RETURNING last_seq",
                          DB_ARGS(DB_I(unit_id), DB_T(day)), &v, e);
    *seq = (int)v;
    return rc;
}

int dossier_insert(struct db_conn *c, const struct dossier_row *d, int64_t *id, struct err *e)
{
    return db_query_int(
        c,
        "INSERT INTO dossiers (code, procedure_version_id, procedure_code, procedure_name, "
        "receiving_unit_id, state, national_status, version, channel, return_method, "
        "applicant_kind, applicant_name, applicant_fold, applicant_id, applicant_birth, "
        "applicant_phone, applicant_email, applicant_address, applicant_user_id, sets, "
        "fee_total, limit_unit, limit_value, received_at, accepted_at, clock_start, "
        "first_due_at, due_at, step_index, step_unit_id, step_role, step_due_at, reason, "
        "created_by, updated_at, lookup_token) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, "
        "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, "
        "$28, $29, $30, $31, $32, $33, $34, $35) RETURNING id",
        DB_ARGS(DB_T(d->code), DB_I(d->procedure_version_id), DB_T(d->procedure_code),
                DB_T(d->procedure_name), DB_I(d->receiving_unit_id), DB_T(d->state),
                DB_I(d->national_status), DB_T(d->channel), DB_T(d->return_method),
                DB_T(d->applicant_kind), DB_T(d->applicant_name), DB_T(d->applicant_fold),
                DB_T(d->applicant_id), DB_T(d->applicant_birth), DB_T(d->applicant_phone),
                DB_T(d->applicant_email), DB_T(d->applicant_address), opt(d->applicant_user_id),
                DB_I(d->sets), DB_I(d->fee_total), DB_T(d->limit_unit), DB_I(d->limit_value),
                DB_I(d->received_at), opt(d->accepted_at), opt(d->clock_start),
                opt(d->first_due_at), opt(d->due_at), DB_I(d->step_index), opt(d->step_unit_id),
                DB_T(d->step_role), opt(d->step_due_at), DB_T(d->reason), opt(d->created_by),
                DB_I(d->updated_at), DB_T(d->lookup_token)),
        id, e);
}

int dossier_update(struct db_conn *c, const struct dossier_row *d, int expected_version,
                   struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(
        c,
        "UPDATE dossiers SET state = $3, national_status = $4, version = $2 + 1, "
        "accepted_at = $5, clock_start = $6, first_due_at = $7, due_at = $8, extended = $9, "
        "supplements = $10, step_index = $11, step_unit_id = $12, step_role = $13, "
        "step_due_at = $14, assignee_id = $15, result_kind = $16, reason = $17, "
        "finished_at = $18, returned_at = $19, updated_at = $20 "
        "WHERE id = $1 AND version = $2",
        DB_ARGS(DB_I(d->id), DB_I(expected_version), DB_T(d->state), DB_I(d->national_status),
                opt(d->accepted_at), opt(d->clock_start), opt(d->first_due_at), opt(d->due_at),
                DB_I(d->extended), DB_I(d->supplements), DB_I(d->step_index), opt(d->step_unit_id),
                DB_T(d->step_role), opt(d->step_due_at), opt(d->assignee_id), DB_T(d->result_kind),
                DB_T(d->reason), opt(d->finished_at), opt(d->returned_at), DB_I(d->updated_at)),
        &changed, e);
    if (!rc && changed != 1)
        return err_set(e, E_CONFLICT, "version",
                       "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem "
                       "trạng thái mới nhất");
    return rc;
}

int dossier_get(struct db_conn *c, struct arena *a, const char *code, struct dossier_row *out,
                struct err *e)
{
    return rows_query_one(c, a, "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = $1",
                          DB_ARGS(DB_T(code)), &dossier_spec, out, "code",
                          "Không tìm thấy hồ sơ có mã này", e);
}

/* One row per event (one row with NULL event columns when there is none yet): the dossier's
 * columns repeat, which costs less than a second round trip. */
#define PUBLIC_SQL                                                                                 \
    "SELECT d.code, d.procedure_name, d.applicant_name, d.state, "                                 \
    "ru.name AS receiving_unit_name, d.national_status, d.received_at, d.due_at, "                 \
    "ev.id AS event_id, ev.at, ev.action, ev.from_state, ev.to_state, "                            \
    "fu.name AS from_unit_name, tu.name AS to_unit_name, ev.timing, d.lookup_token, "              \
    "d.applicant_id, d.applicant_phone "                                                           \
    "FROM dossiers d "                                                                             \
    "LEFT JOIN org_units ru ON ru.id = d.receiving_unit_id "                                       \
    "LEFT JOIN dossier_events ev ON ev.dossier_id = d.id "                                         \
    "LEFT JOIN org_units fu ON fu.id = ev.from_unit_id "                                           \
    "LEFT JOIN org_units tu ON tu.id = ev.to_unit_id "                                             \
    "WHERE d.code = $1 ORDER BY ev.id"

#define PD(kind, field) ROW_##kind(#field, struct dossier_public_row, field)
static const struct row_col public_cols[] = {
    PD(TEXT, code),
    PD(TEXT, procedure_name),
    PD(TEXT, applicant_name),
    PD(TEXT, state),
    PD(STR, receiving_unit_name),
    PD(INT, national_status),
    PD(I64, received_at),
    PD(I64, due_at),
    PD(STR, lookup_token),
    PD(STR, applicant_id),
    PD(STR, applicant_phone),
};
#undef PD
static const struct row_spec public_spec = ROW_SPEC(struct dossier_public_row, public_cols);

#define PE(kind, field) ROW_##kind(#field, struct dossier_public_event, field)
static const struct row_col public_event_cols[] = {
    PE(I64, at),        PE(TEXT, action),        PE(TEXT, from_state),
    PE(TEXT, to_state), PE(STR, from_unit_name), PE(STR, to_unit_name),
    PE(STR, timing),
};
#undef PE
static const struct row_spec public_event_spec =
    ROW_SPEC(struct dossier_public_event, public_event_cols);

/* The dossier from the first row, its events from every row (none when the one row has no
 * event: the LEFT JOIN found nothing). */
static int public_from_rows(struct arena *a, const struct db_rows *r,
                            struct dossier_public_row *out, struct err *e)
{
    struct row_map m;
    int rc = rows_map(r, &public_spec, &m, e);
    if (rc == 0)
        rc = rows_decode(a, r, 0, &m, out, e);
    if (rc == 0)
        rc = rows_decode_all(a, r, &public_event_spec, &out->events, &out->nevents, e);
    if (rc == 0 && db_rows_isnull(r, 0, rows_column(r, "event_id")))
        out->nevents = 0;
    return rc;
}

int dossier_public_get(struct db_conn *c, struct arena *a, const char *code,
                       struct dossier_public_row *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, PUBLIC_SQL, DB_ARGS(DB_T(code)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    else
        rc = public_from_rows(a, r, out, e);
    db_rows_free(r);
    return rc;
}

int dossier_component_insert(struct db_conn *c, int64_t id, const struct dossier_component_row *r,
                             struct err *e)
{
    return db_exec(c,
                   "INSERT INTO dossier_components (dossier_id, idx, name, kind, required_count, "
                   "received_count) VALUES ($1, $2, $3, $4, $5, $6)",
                   DB_ARGS(DB_I(id), DB_I(r->idx), DB_T(r->name), DB_T(r->kind),
                           DB_I(r->required_count), DB_I(r->received_count)),
                   e);
}

#define C(kind, field) ROW_##kind(#field, struct dossier_component_row, field)
static const struct row_col component_cols[] = {
    C(INT, idx), C(INT, required_count), C(INT, received_count), C(TEXT, name), C(TEXT, kind),
};
#undef C
static const struct row_spec component_spec =
    ROW_SPEC(struct dossier_component_row, component_cols);

int dossier_components(struct db_conn *c, struct arena *a, int64_t id,
                       struct dossier_component_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT idx, name, kind, required_count, received_count FROM "
                          "dossier_components WHERE dossier_id = $1 ORDER BY idx",
                          DB_ARGS(DB_I(id)), &component_spec, out, n, e);
}

int dossier_step_insert(struct db_conn *c, int64_t id, const struct dossier_step_row *r,
                        struct err *e)
{
    return db_exec(c,
                   "INSERT INTO dossier_steps (dossier_id, idx, role, unit_id, actor_label, "
                   "budget_seconds, started_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   DB_ARGS(DB_I(id), DB_I(r->idx), DB_T(r->role), opt(r->unit_id),
                           DB_T(r->actor_label), DB_I(r->budget_seconds), opt(r->started_at),
                           opt(r->due_at)),
                   e);
}

int dossier_step_update(struct db_conn *c, int64_t id, const struct dossier_step_row *r,
                        struct err *e)
{
    return db_exec(c,
                   "UPDATE dossier_steps SET started_at = $3, due_at = $4, finished_at = $5, "
                   "finished_by = $6, timing = $7, late_reason = $8 "
                   "WHERE dossier_id = $1 AND idx = $2",
                   DB_ARGS(DB_I(id), DB_I(r->idx), opt(r->started_at), opt(r->due_at),
                           opt(r->finished_at), opt(r->finished_by), DB_T(r->timing),
                           DB_T(r->late_reason)),
                   e);
}

#define S(kind, field) ROW_##kind(#field, struct dossier_step_row, field)
static const struct row_col step_cols[] = {
    S(INT, idx),         S(TEXT, role),          S(TEXT, actor_label), S(STR, timing),
    S(I64, unit_id),     S(I64, budget_seconds), S(I64, started_at),   S(I64, due_at),
    S(I64, finished_at), S(I64, finished_by),    S(STR, late_reason),
};
#undef S
static const struct row_spec step_spec = ROW_SPEC(struct dossier_step_row, step_cols);

int dossier_steps(struct db_conn *c, struct arena *a, int64_t id, struct dossier_step_row **out,
                  int *n, struct err *e)
{
    return rows_query_all(
        c, a,
        "SELECT idx, role, actor_label, timing, unit_id, budget_seconds, "
        "started_at, due_at, finished_at, finished_by, late_reason FROM dossier_steps "
        "WHERE dossier_id = $1 ORDER BY idx",
        DB_ARGS(DB_I(id)), &step_spec, out, n, e);
}

int dossier_event_insert(struct db_conn *c, int64_t id, const struct dossier_event_row *r,
                         struct err *e)
{
    return db_exec(c,
                   "INSERT INTO dossier_events (dossier_id, at, actor_id, actor, action, "
                   "from_state, to_state, from_unit_id, to_unit_id, step_index, timing, note) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                   DB_ARGS(DB_I(id), DB_I(r->at), opt(r->actor_id), DB_T(r->actor), DB_T(r->action),
                           DB_T(r->from_state), DB_T(r->to_state), opt(r->from_unit_id),
                           opt(r->to_unit_id), DB_I(r->step_index), DB_T(r->timing), DB_T(r->note)),
                   e);
}

#define E(kind, field) ROW_##kind(#field, struct dossier_event_row, field)
static const struct row_col event_cols[] = {
    E(I64, at),         E(I64, actor_id), E(I64, from_unit_id), E(I64, to_unit_id),
    E(INT, step_index), E(TEXT, actor),   E(TEXT, action),      E(TEXT, from_state),
    E(TEXT, to_state),  E(STR, timing),   E(STR, note),
};
#undef E
static const struct row_spec event_spec = ROW_SPEC(struct dossier_event_row, event_cols);

int dossier_events(struct db_conn *c, struct arena *a, int64_t id, struct dossier_event_row **out,
                   int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT at, actor_id, from_unit_id, to_unit_id, step_index, actor, "
                          "action, from_state, to_state, timing, note FROM dossier_events "
                          "WHERE dossier_id = $1 ORDER BY id",
                          DB_ARGS(DB_I(id)), &event_spec, out, n, e);
}

int dossier_supplement_insert(struct db_conn *c, int64_t id, const struct dossier_supplement_row *r,
                              struct err *e)
{
    return db_exec(
        c,
        "INSERT INTO dossier_supplements (dossier_id, stage, requested_at, items, "
        "reason) VALUES ($1, $2, $3, $4, $5)",
        DB_ARGS(DB_I(id), DB_T(r->stage), DB_I(r->requested_at), DB_T(r->items), DB_T(r->reason)),
        e);
}

int dossier_supplement_complete(struct db_conn *c, int64_t id, int64_t at, struct err *e)
{
    return db_exec(c,
                   "UPDATE dossier_supplements SET completed_at = $2 "
                   "WHERE dossier_id = $1 AND completed_at IS NULL",
                   DB_ARGS(DB_I(id), DB_I(at)), e);
}

#define SU(kind, field) ROW_##kind(#field, struct dossier_supplement_row, field)
static const struct row_col supplement_cols[] = {
    SU(I64, id),     SU(I64, requested_at), SU(I64, completed_at),
    SU(TEXT, stage), SU(TEXT, items),       SU(STR, reason),
};
#undef SU
static const struct row_spec supplement_spec =
    ROW_SPEC(struct dossier_supplement_row, supplement_cols);

int dossier_supplements(struct db_conn *c, struct arena *a, int64_t id,
                        struct dossier_supplement_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT id, requested_at, completed_at, stage, items, reason "
                          "FROM dossier_supplements WHERE dossier_id = $1 ORDER BY id",
                          DB_ARGS(DB_I(id)), &supplement_spec, out, n, e);
}

#define SUBTREE(param)                                                                             \
    "WITH RECURSIVE sub(id, depth) AS (SELECT CAST(" param " AS BIGINT), 0 UNION ALL "             \
    "SELECT o.id, sub.depth + 1 FROM org_units o JOIN sub ON o.parent_id = sub.id "                \
    "WHERE sub.depth < 16) "

int dossier_late(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t until, int limit,
                 struct dossier_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          SUBTREE("$1") "SELECT " DOSSIER_COLS " FROM dossiers "
                                        "WHERE step_unit_id IN (SELECT id FROM sub) "
                                        "AND state IN ('processing', 'result_ready') "
                                        "AND step_due_at IS NOT NULL AND step_due_at <= $2 "
                                        "ORDER BY step_due_at, id LIMIT $3",
                          DB_ARGS(DB_I(unit_id), DB_I(until), DB_I(limit)), &dossier_spec, out, n,
                          e);
}

int dossier_inbox(struct db_conn *c, struct arena *a, int64_t unit_id, const char *role,
                  int64_t user_id, int limit, struct dossier_row **out, int *n, struct err *e)
{
    return rows_query_all(
        c, a,
        SUBTREE("$1") "SELECT " DOSSIER_COLS " FROM dossiers "
                      "WHERE step_unit_id IN (SELECT id FROM sub) AND step_role = $2 "
                      "AND state IN ('submitted', 'processing', 'result_ready') "
                      "AND (assignee_id IS NULL OR assignee_id = $3) "
                      "ORDER BY step_due_at, id LIMIT $4",
        DB_ARGS(DB_I(unit_id), DB_T(role), DB_I(user_id), DB_I(limit)), &dossier_spec, out, n, e);
}

int dossier_search(struct db_conn *c, struct arena *a, const struct dossier_query *q,
                   struct dossier_row **out, int *n, struct err *e)
{
    return rows_query_all(
        c, a,
        SUBTREE(
            "$9") "SELECT " DOSSIER_COLS " FROM dossiers WHERE "
                  "($1 = '' OR code = $1) AND ($2 = '' OR applicant_fold LIKE $2 ESCAPE '\\') AND "
                  "($3 = '' OR applicant_id = $3) AND ($4 = '' OR applicant_phone = $4) AND "
                  "($5 = '' OR procedure_code = $5) AND ($6 = '' OR state = $6) AND "
                  "($7 = 0 OR received_at >= $7) AND ($8 = 0 OR received_at < $8) AND "
                  "($9 = 0 OR receiving_unit_id IN (SELECT id FROM sub) OR "
                  "step_unit_id IN (SELECT id FROM sub)) AND "
                  "($10 = 0 OR applicant_user_id = $10) "
                  "ORDER BY received_at DESC, id DESC LIMIT $11",
        DB_ARGS(DB_T(q->code ? q->code : ""), DB_T(q->name_fold ? q->name_fold : ""),
                DB_T(q->id_number ? q->id_number : ""), DB_T(q->phone ? q->phone : ""),
                DB_T(q->procedure_code ? q->procedure_code : ""), DB_T(q->state ? q->state : ""),
                DB_I(q->from), DB_I(q->to), DB_I(q->scope_unit_id), DB_I(q->applicant_user_id),
                DB_I(q->limit > 0 && q->limit <= 500 ? q->limit : 100)),
        &dossier_spec, out, n, e);
}

#define B(kind, field) ROW_##kind(#field, struct dossier_book_row, field)
static const struct row_col book_cols[] = {
    B(TEXT, code),
    B(TEXT, procedure_name),
    B(TEXT, applicant_name),
    B(STR, applicant_address),
    B(STR, applicant_phone),
    B(STR, lead_agency),
    B(TEXT, state),
    B(STR, reason),
    B(INT, sets),
    B(I64, received_at),
    B(I64, first_due_at),
    B(I64, transferred_at),
    B(I64, finished_at),
    B(I64, returned_at),
};
#undef B
static const struct row_spec book_spec = ROW_SPEC(struct dossier_book_row, book_cols);

int dossier_book(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                 int limit, struct dossier_book_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT d.code, d.procedure_name, d.applicant_name, d.applicant_address, "
                          "d.applicant_phone, o.name AS lead_agency, d.state, d.reason, d.sets, "
                          "d.received_at, d.first_due_at, s.started_at AS transferred_at, "
                          "d.finished_at, d.returned_at "
                          "FROM dossiers d "
                          "LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.idx = 1 "
                          "LEFT JOIN org_units o ON o.id = s.unit_id "
                          "WHERE d.receiving_unit_id = $1 AND d.received_at >= $2 "
                          "AND d.received_at < $3 ORDER BY d.received_at, d.id LIMIT $4",
                          DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to), DB_I(limit)), &book_spec,
                          out, n, e);
}
