/* exchange_store.c — SQL of the exchange layer (see exchange_store.h). The order per object is
 * kept by the claim alone: a message is due only when no earlier message of the same partner
 * and object is still queued or failed, so a later status never overtakes an earlier one even
 * across restarts, and a failed message holds its object until an operator acts. */
#include "exchange_store.h"

#include "rows.h"

#include <stddef.h>

#define EXCHANGE_COLS                                                                              \
    "id, dossier_id, next_attempt_at, last_attempt_at, created_at, acked_at, attempts, "           \
    "partner, object_key, kind, idem_key, payload, state, last_error, note"

static const struct row_col exchange_cols[] = {
    ROW_I64("id", struct exchange_row, id),
    ROW_I64("dossier_id", struct exchange_row, dossier_id),
    ROW_I64("next_attempt_at", struct exchange_row, next_attempt_at),
    ROW_I64("last_attempt_at", struct exchange_row, last_attempt_at),
    ROW_I64("created_at", struct exchange_row, created_at),
    ROW_I64("acked_at", struct exchange_row, acked_at),
    ROW_INT("attempts", struct exchange_row, attempts),
    ROW_TEXT("partner", struct exchange_row, partner),
    ROW_TEXT("object_key", struct exchange_row, object_key),
    ROW_TEXT("kind", struct exchange_row, kind),
    ROW_TEXT("idem_key", struct exchange_row, idem_key),
    ROW_TEXT("payload", struct exchange_row, payload),
    ROW_TEXT("state", struct exchange_row, state),
    ROW_STR("last_error", struct exchange_row, last_error),
    ROW_STR("note", struct exchange_row, note),
};
static const struct row_spec exchange_spec = ROW_SPEC(struct exchange_row, exchange_cols);

int exchange_out_insert(struct db_conn *c, const struct exchange_row *m, int64_t *id, struct err *e)
{
    int rc = db_exec(c,
                     "INSERT INTO exchange_out (partner, object_key, kind, idem_key, payload, "
                     "state, attempts, next_attempt_at, created_at, dossier_id) "
                     "VALUES ($1, $2, $3, $4, $5, 'queued', 0, 0, $6, $7) "
                     "ON CONFLICT (partner, idem_key) DO NOTHING",
                     DB_ARGS(DB_T(m->partner), DB_T(m->object_key), DB_T(m->kind),
                             DB_T(m->idem_key), DB_T(m->payload), DB_I(m->created_at),
                             m->dossier_id ? DB_I(m->dossier_id) : DB_NIL),
                     e);
    if (!rc)
        rc = db_query_int(c, "SELECT id FROM exchange_out WHERE partner = $1 AND idem_key = $2",
                          DB_ARGS(DB_T(m->partner), DB_T(m->idem_key)), id, e);
    return rc;
}

int exchange_out_claim(struct db_conn *c, struct arena *a, const char *partner, int64_t now,
                       int64_t claim_until, int limit, struct exchange_row **out, int *n,
                       struct err *e)
{
    struct exchange_row *due = NULL;
    int ndue = 0;
    *out = NULL;
    *n = 0;
    int rc = rows_query_all(
        c, a,
        "SELECT " EXCHANGE_COLS " FROM exchange_out m WHERE m.partner = $1 AND "
        "m.state = 'queued' AND m.next_attempt_at <= $2 AND NOT EXISTS (SELECT 1 FROM "
        "exchange_out p WHERE p.partner = m.partner AND p.object_key = m.object_key AND "
        "p.id < m.id AND p.state IN ('queued', 'failed')) ORDER BY m.id LIMIT $3",
        DB_ARGS(DB_T(partner), DB_I(now), DB_I(limit)), &exchange_spec, &due, &ndue, e);
    if (rc)
        return rc;
    *out = due;
    return rows_claim(c,
                      "UPDATE exchange_out SET next_attempt_at = $1 WHERE id = $2 AND "
                      "state = 'queued' AND next_attempt_at <= $3",
                      now, claim_until, due, sizeof *due, offsetof(struct exchange_row, id), ndue,
                      n, e);
}

int exchange_out_record(struct db_conn *c, const struct exchange_row *m, struct err *e)
{
    return db_exec(c,
                   "UPDATE exchange_out SET state = $1, attempts = $2, next_attempt_at = $3, "
                   "last_attempt_at = $4, last_error = $5, acked_at = $6 "
                   "WHERE id = $7 AND state = 'queued'",
                   DB_ARGS(DB_T(m->state), DB_I(m->attempts), DB_I(m->next_attempt_at),
                           DB_I(m->last_attempt_at), DB_T(m->last_error), DB_I(m->acked_at),
                           DB_I(m->id)),
                   e);
}

int exchange_out_get(struct db_conn *c, struct arena *a, int64_t id, struct exchange_row *out,
                     struct err *e)
{
    return rows_query_one(c, a, "SELECT " EXCHANGE_COLS " FROM exchange_out WHERE id = $1",
                          DB_ARGS(DB_I(id)), &exchange_spec, out, "id",
                          "Không tìm thấy thông điệp liên thông này", e);
}

int exchange_out_resend(struct db_conn *c, int64_t id, int64_t *changed, struct err *e)
{
    return db_exec_count(c,
                         "UPDATE exchange_out SET attempts = CASE WHEN state = 'failed' THEN 0 "
                         "ELSE attempts END, state = 'queued', next_attempt_at = 0 "
                         "WHERE id = $1 AND state IN ('queued', 'failed')",
                         DB_ARGS(DB_I(id)), changed, e);
}

int exchange_out_skip(struct db_conn *c, int64_t id, const char *note, int64_t *changed,
                      struct err *e)
{
    return db_exec_count(c,
                         "UPDATE exchange_out SET state = 'skipped', note = $1 "
                         "WHERE id = $2 AND state IN ('queued', 'failed')",
                         DB_ARGS(DB_T(note), DB_I(id)), changed, e);
}

int exchange_out_troubled(struct db_conn *c, struct arena *a, const char *partner, int limit,
                          struct exchange_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT " EXCHANGE_COLS " FROM exchange_out WHERE partner = $1 AND "
                          "(state = 'failed' OR (state = 'queued' AND attempts > 0)) "
                          "ORDER BY id LIMIT $2",
                          DB_ARGS(DB_T(partner), DB_I(limit)), &exchange_spec, out, n, e);
}

static const struct row_col count_cols[] = {
    ROW_I64("queued", struct exchange_counts, queued),
    ROW_I64("failed", struct exchange_counts, failed),
    ROW_I64("retrying", struct exchange_counts, retrying),
    ROW_I64("oldest", struct exchange_counts, oldest_unsent_at),
    ROW_I64("acked", struct exchange_counts, acked),
    ROW_I64("skipped", struct exchange_counts, skipped),
    ROW_I64("last_ack", struct exchange_counts, last_ack_at),
    ROW_I64("received", struct exchange_counts, received),
};
static const struct row_spec count_spec = ROW_SPEC(struct exchange_counts, count_cols);

int exchange_counts_of(struct db_conn *c, const char *partner, struct exchange_counts *out,
                       struct err *e)
{
    struct arena *a = arena_new();
    if (!a)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    int rc = rows_query_one(
        c, a,
        "SELECT SUM(CASE WHEN state IN ('queued', 'failed') THEN 1 ELSE 0 END) AS queued, "
        "SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed, "
        "SUM(CASE WHEN state = 'queued' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying, "
        "MIN(CASE WHEN state IN ('queued', 'failed') THEN created_at END) AS oldest, "
        "SUM(CASE WHEN state = 'acked' THEN 1 ELSE 0 END) AS acked, "
        "SUM(CASE WHEN state = 'skipped' THEN 1 ELSE 0 END) AS skipped, "
        "MAX(acked_at) AS last_ack, "
        "(SELECT COUNT(*) FROM exchange_in WHERE partner = $1) AS received "
        "FROM exchange_out WHERE partner = $1",
        DB_ARGS(DB_T(partner)), &count_spec, out, NULL, "", e);
    arena_free(a);
    return rc;
}

int exchange_in_record(struct db_conn *c, struct arena *a, const char *partner,
                       const char *idem_key, const char *kind, int64_t now, int *fresh,
                       const char **answer, int64_t *dossier_id, struct err *e)
{
    int64_t changed = 0;
    int rc =
        db_exec_count(c,
                      "INSERT INTO exchange_in (partner, idem_key, kind, received_at) "
                      "VALUES ($1, $2, $3, $4) ON CONFLICT (partner, idem_key) DO NOTHING",
                      DB_ARGS(DB_T(partner), DB_T(idem_key), DB_T(kind), DB_I(now)), &changed, e);
    *fresh = changed == 1;
    *answer = NULL;
    *dossier_id = 0;
    if (rc || *fresh)
        return rc;
    struct db_rows *r = NULL;
    rc = db_query(c,
                  "SELECT answer, dossier_id FROM exchange_in WHERE partner = $1 AND "
                  "idem_key = $2",
                  DB_ARGS(DB_T(partner), DB_T(idem_key)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 1) {
        *answer = rows_str(a, r, 0, 0);
        *dossier_id = db_rows_int(r, 0, 1);
    }
    db_rows_free(r);
    return 0;
}

int exchange_in_answer(struct db_conn *c, const char *partner, const char *idem_key,
                       const char *answer, int64_t dossier_id, struct err *e)
{
    return db_exec(c,
                   "UPDATE exchange_in SET answer = $1, dossier_id = $2 WHERE partner = $3 AND "
                   "idem_key = $4",
                   DB_ARGS(DB_T(answer), dossier_id ? DB_I(dossier_id) : DB_NIL, DB_T(partner),
                           DB_T(idem_key)),
                   e);
}
