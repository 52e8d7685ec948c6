/* dossier_store.c — SQL for dossiers (see dossier_store.h). The column list is written once
 * (DOSSIER_COLS) and read by one function, so a new column is added in three places that sit
 * next to each other. */
#include "dossier_store.h"

#include "rows.h"

#define DOSSIER_COLS                                                                               \
    "id, code, procedure_version_id, procedure_code, procedure_name, receiving_unit_id, "          \
    "state, national_status, version, channel, return_method, applicant_kind, "                    \
    "applicant_name, applicant_fold, applicant_id, applicant_birth, applicant_phone, "             \
    "applicant_email, applicant_address, COALESCE(applicant_user_id, 0), sets, fee_total, "        \
    "limit_unit, limit_value, received_at, COALESCE(accepted_at, 0), COALESCE(clock_start, 0), "   \
    "COALESCE(first_due_at, 0), COALESCE(due_at, 0), extended, supplements, step_index, "          \
    "COALESCE(step_unit_id, 0), step_role, COALESCE(step_due_at, 0), "                             \
    "COALESCE(assignee_id, 0), result_kind, reason, COALESCE(finished_at, 0), "                    \
    "COALESCE(returned_at, 0), COALESCE(created_by, 0), updated_at, lookup_token"

static void dossier_from_row(struct arena *a, const struct db_rows *r, int i, struct dossier_row *d)
{
    int c = 0;
    d->id = db_rows_int(r, i, c++);
    d->code = rows_text(a, r, i, c++);
    d->procedure_version_id = db_rows_int(r, i, c++);
    d->procedure_code = rows_text(a, r, i, c++);
    d->procedure_name = rows_text(a, r, i, c++);
    d->receiving_unit_id = db_rows_int(r, i, c++);
    d->state = rows_text(a, r, i, c++);
    d->national_status = (int)db_rows_int(r, i, c++);
    d->version = (int)db_rows_int(r, i, c++);
    d->channel = rows_text(a, r, i, c++);
    d->return_method = rows_text(a, r, i, c++);
    d->applicant_kind = rows_text(a, r, i, c++);
    d->applicant_name = rows_text(a, r, i, c++);
    d->applicant_fold = rows_text(a, r, i, c++);
    d->applicant_id = rows_str(a, r, i, c++);
    d->applicant_birth = rows_str(a, r, i, c++);
    d->applicant_phone = rows_str(a, r, i, c++);
    d->applicant_email = rows_str(a, r, i, c++);
    d->applicant_address = rows_str(a, r, i, c++);
    d->applicant_user_id = db_rows_int(r, i, c++);
    d->sets = (int)db_rows_int(r, i, c++);
    d->fee_total = db_rows_int(r, i, c++);
    d->limit_unit = rows_text(a, r, i, c++);
    d->limit_value = (int)db_rows_int(r, i, c++);
    d->received_at = db_rows_int(r, i, c++);
    d->accepted_at = db_rows_int(r, i, c++);
    d->clock_start = db_rows_int(r, i, c++);
    d->first_due_at = db_rows_int(r, i, c++);
    d->due_at = db_rows_int(r, i, c++);
    d->extended = (int)db_rows_int(r, i, c++);
    d->supplements = (int)db_rows_int(r, i, c++);
    d->step_index = (int)db_rows_int(r, i, c++);
    d->step_unit_id = db_rows_int(r, i, c++);
    d->step_role = rows_str(a, r, i, c++);
    d->step_due_at = db_rows_int(r, i, c++);
    d->assignee_id = db_rows_int(r, i, c++);
    d->result_kind = rows_str(a, r, i, c++);
    d->reason = rows_str(a, r, i, c++);
    d->finished_at = db_rows_int(r, i, c++);
    d->returned_at = db_rows_int(r, i, c++);
    d->created_by = db_rows_int(r, i, c++);
    d->updated_at = db_rows_int(r, i, c++);
    d->lookup_token = rows_str(a, r, i, c++);
}

/* NULL for 0, so optional instants and references stay NULL in the table. */
static struct db_param opt(int64_t v)
{
    return v ? DB_I(v) : DB_NIL;
}

static int proc_one(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                    int n, struct dossier_proc *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, p, n, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, "procedure", "Không có thủ tục này hoặc thủ tục đã bãi bỏ");
    else
        *out = (struct dossier_proc){db_rows_int(r, 0, 0), db_rows_int(r, 0, 1),
                                     (int)db_rows_int(r, 0, 2), rows_text(a, r, 0, 3),
                                     rows_text(a, r, 0, 4)};
    db_rows_free(r);
    return rc;
}

int dossier_proc_in_force(struct db_conn *c, struct arena *a, const char *code, const char *today,
                          struct dossier_proc *out, struct err *e)
{
    return proc_one(c, a,
                    "SELECT p.id, v.id, v.version_no, v.name, v.body FROM procedures p "
                    "JOIN procedure_versions v ON v.procedure_id = p.id "
                    "WHERE p.code = $1 AND p.retired_at IS NULL AND v.effective_from <= $2 "
                    "ORDER BY v.version_no DESC LIMIT 1",
                    DB_ARGS(DB_T(code), DB_T(today)), out, e);
}

int dossier_proc_version(struct db_conn *c, struct arena *a, int64_t version_id,
                         struct dossier_proc *out, struct err *e)
{
    return proc_one(c, a,
                    "SELECT v.procedure_id, v.id, v.version_no, v.name, v.body "
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
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = $1",
                      DB_ARGS(DB_T(code)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    else
        dossier_from_row(a, r, 0, out);
    db_rows_free(r);
    return rc;
}

/* One row per event (one row with NULL event columns when there is none yet): the dossier's
 * columns repeat, which costs less than a second round trip. */
#define PUBLIC_SQL                                                                                 \
    "SELECT d.code, d.procedure_name, d.applicant_name, d.state, ru.name, d.national_status, "     \
    "d.received_at, COALESCE(d.due_at, 0), ev.id, ev.at, ev.action, ev.from_state, ev.to_state, "  \
    "fu.name, tu.name, ev.timing, d.lookup_token, d.applicant_id, d.applicant_phone "              \
    "FROM dossiers d "                                                                             \
    "LEFT JOIN org_units ru ON ru.id = d.receiving_unit_id "                                       \
    "LEFT JOIN dossier_events ev ON ev.dossier_id = d.id "                                         \
    "LEFT JOIN org_units fu ON fu.id = ev.from_unit_id "                                           \
    "LEFT JOIN org_units tu ON tu.id = ev.to_unit_id "                                             \
    "WHERE d.code = $1 ORDER BY ev.id"

static void public_event_from_row(struct arena *a, const struct db_rows *r, int i,
                                  struct dossier_public_event *ev)
{
    *ev = (struct dossier_public_event){db_rows_int(r, i, 9),   rows_text(a, r, i, 10),
                                        rows_text(a, r, i, 11), rows_text(a, r, i, 12),
                                        rows_str(a, r, i, 13),  rows_str(a, r, i, 14),
                                        rows_str(a, r, i, 15)};
}

int dossier_public_get(struct db_conn *c, struct arena *a, const char *code,
                       struct dossier_public_row *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, PUBLIC_SQL, DB_ARGS(DB_T(code)), &r, e);
    if (rc)
        return rc;
    int n = db_rows_count(r);
    if (n == 0) {
        db_rows_free(r);
        return err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    }
    int nevents = db_rows_isnull(r, 0, 8) ? 0 : n;
    *out = (struct dossier_public_row){rows_text(a, r, 0, 0),
                                       rows_text(a, r, 0, 1),
                                       rows_text(a, r, 0, 2),
                                       rows_text(a, r, 0, 3),
                                       rows_str(a, r, 0, 4),
                                       (int)db_rows_int(r, 0, 5),
                                       db_rows_int(r, 0, 6),
                                       db_rows_int(r, 0, 7),
                                       arena_alloc(a, sizeof *out->events * (size_t)(n + 1)),
                                       nevents,
                                       rows_str(a, r, 0, 16),
                                       rows_str(a, r, 0, 17),
                                       rows_str(a, r, 0, 18)};
    for (int i = 0; i < nevents; i++)
        public_event_from_row(a, r, i, &out->events[i]);
    db_rows_free(r);
    return 0;
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

int dossier_components(struct db_conn *c, struct arena *a, int64_t id,
                       struct dossier_component_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT idx, name, kind, required_count, received_count FROM "
                      "dossier_components WHERE dossier_id = $1 ORDER BY idx",
                      DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct dossier_component_row){
            (int)db_rows_int(r, i, 0), (int)db_rows_int(r, i, 3), (int)db_rows_int(r, i, 4),
            rows_text(a, r, i, 1), rows_text(a, r, i, 2)};
    db_rows_free(r);
    return 0;
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

int dossier_steps(struct db_conn *c, struct arena *a, int64_t id, struct dossier_step_row **out,
                  int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT idx, role, actor_label, timing, COALESCE(unit_id, 0), "
                      "budget_seconds, COALESCE(started_at, 0), COALESCE(due_at, 0), "
                      "COALESCE(finished_at, 0), COALESCE(finished_by, 0), late_reason "
                      "FROM dossier_steps WHERE dossier_id = $1 ORDER BY idx",
                      DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct dossier_step_row){
            (int)db_rows_int(r, i, 0), rows_text(a, r, i, 1), rows_text(a, r, i, 2),
            rows_str(a, r, i, 3),      db_rows_int(r, i, 4),  db_rows_int(r, i, 5),
            db_rows_int(r, i, 6),      db_rows_int(r, i, 7),  db_rows_int(r, i, 8),
            db_rows_int(r, i, 9),      rows_str(a, r, i, 10)};
    db_rows_free(r);
    return 0;
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

int dossier_events(struct db_conn *c, struct arena *a, int64_t id, struct dossier_event_row **out,
                   int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT at, COALESCE(actor_id, 0), COALESCE(from_unit_id, 0), "
                      "COALESCE(to_unit_id, 0), step_index, actor, action, from_state, to_state, "
                      "timing, note FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
                      DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct dossier_event_row){
            db_rows_int(r, i, 0),  db_rows_int(r, i, 1),      db_rows_int(r, i, 2),
            db_rows_int(r, i, 3),  (int)db_rows_int(r, i, 4), rows_text(a, r, i, 5),
            rows_text(a, r, i, 6), rows_text(a, r, i, 7),     rows_text(a, r, i, 8),
            rows_str(a, r, i, 9),  rows_str(a, r, i, 10)};
    db_rows_free(r);
    return 0;
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

int dossier_supplements(struct db_conn *c, struct arena *a, int64_t id,
                        struct dossier_supplement_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT id, requested_at, COALESCE(completed_at, 0), stage, items, reason "
                      "FROM dossier_supplements WHERE dossier_id = $1 ORDER BY id",
                      DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct dossier_supplement_row){db_rows_int(r, i, 0),  db_rows_int(r, i, 1),
                                                    db_rows_int(r, i, 2),  rows_text(a, r, i, 3),
                                                    rows_text(a, r, i, 4), rows_str(a, r, i, 5)};
    db_rows_free(r);
    return 0;
}

static int rows_to_dossiers(struct db_rows *r, struct arena *a, struct dossier_row **out, int *n)
{
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        dossier_from_row(a, r, i, &(*out)[i]);
    db_rows_free(r);
    return 0;
}

#define SUBTREE(param)                                                                             \
    "WITH RECURSIVE sub(id, depth) AS (SELECT CAST(" param " AS BIGINT), 0 UNION ALL "             \
    "SELECT o.id, sub.depth + 1 FROM org_units o JOIN sub ON o.parent_id = sub.id "                \
    "WHERE sub.depth < 16) "

int dossier_late(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t until, int limit,
                 struct dossier_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      SUBTREE("$1") "SELECT " DOSSIER_COLS " FROM dossiers "
                                    "WHERE step_unit_id IN (SELECT id FROM sub) "
                                    "AND state IN ('processing', 'result_ready') "
                                    "AND step_due_at IS NOT NULL AND step_due_at <= $2 "
                                    "ORDER BY step_due_at, id LIMIT $3",
                      DB_ARGS(DB_I(unit_id), DB_I(until), DB_I(limit)), &r, e);
    return rc ? rc : rows_to_dossiers(r, a, out, n);
}

int dossier_inbox(struct db_conn *c, struct arena *a, int64_t unit_id, const char *role,
                  int64_t user_id, int limit, struct dossier_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      SUBTREE("$1") "SELECT " DOSSIER_COLS " FROM dossiers "
                                    "WHERE step_unit_id IN (SELECT id FROM sub) AND step_role = $2 "
                                    "AND state IN ('submitted', 'processing', 'result_ready') "
                                    "AND (assignee_id IS NULL OR assignee_id = $3) "
                                    "ORDER BY step_due_at, id LIMIT $4",
                      DB_ARGS(DB_I(unit_id), DB_T(role), DB_I(user_id), DB_I(limit)), &r, e);
    return rc ? rc : rows_to_dossiers(r, a, out, n);
}

int dossier_search(struct db_conn *c, struct arena *a, const struct dossier_query *q,
                   struct dossier_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(
        c,
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
        &r, e);
    return rc ? rc : rows_to_dossiers(r, a, out, n);
}

int dossier_book(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                 int limit, struct dossier_book_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT d.code, d.procedure_name, d.applicant_name, d.applicant_address, "
                      "d.applicant_phone, o.name, d.state, d.reason, d.sets, d.received_at, "
                      "COALESCE(d.first_due_at, 0), COALESCE(s.started_at, 0), "
                      "COALESCE(d.finished_at, 0), COALESCE(d.returned_at, 0) "
                      "FROM dossiers d "
                      "LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.idx = 1 "
                      "LEFT JOIN org_units o ON o.id = s.unit_id "
                      "WHERE d.receiving_unit_id = $1 AND d.received_at >= $2 "
                      "AND d.received_at < $3 ORDER BY d.received_at, d.id LIMIT $4",
                      DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct dossier_book_row){
            rows_text(a, r, i, 0), rows_text(a, r, i, 1), rows_text(a, r, i, 2),
            rows_str(a, r, i, 3),  rows_str(a, r, i, 4),  rows_str(a, r, i, 5),
            rows_text(a, r, i, 6), rows_str(a, r, i, 7),  (int)db_rows_int(r, i, 8),
            db_rows_int(r, i, 9),  db_rows_int(r, i, 10), db_rows_int(r, i, 11),
            db_rows_int(r, i, 12), db_rows_int(r, i, 13)};
    db_rows_free(r);
    return 0;
}
