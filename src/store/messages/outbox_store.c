/* outbox_store.c — SQL for the outbox (see outbox_store.h). Rows are read through one column
 * list and one converter, for the person's own list and the administrators' list alike. */
#include "outbox_store.h"

#include "rows.h"

#include <stddef.h>

/* References that are NULL read as 0 ("none"). */
#define OUTBOX_COLS                                                                                \
    "id, dossier_id, user_id, next_attempt_at, created_at, attempts, channel, recipient, event, "  \
    "payload, status, last_error, "                                                                \
    "(SELECT d.lookup_token FROM dossiers d WHERE d.id = outbox.dossier_id) AS lookup_token"

#define O(kind, field) ROW_##kind(#field, struct outbox_row, field)
static const struct row_col outbox_cols[] = {
    O(I64, id),           O(I64, dossier_id), O(I64, user_id),  O(I64, next_attempt_at),
    O(I64, created_at),   O(INT, attempts),   O(TEXT, channel), O(TEXT, recipient),
    O(TEXT, event),       O(TEXT, payload),   O(TEXT, status),  O(STR, last_error),
    O(STR, lookup_token),
};
#undef O
static const struct row_spec outbox_spec = ROW_SPEC(struct outbox_row, outbox_cols);

int outbox_insert(struct db_conn *c, const struct outbox_row *m, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO outbox (channel, recipient, event, payload, status, attempts, "
                   "next_attempt_at, last_error, created_at, dossier_id, user_id) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                   DB_ARGS(DB_T(m->channel), DB_T(m->recipient), DB_T(m->event), DB_T(m->payload),
                           DB_T(m->status), DB_I(m->attempts), DB_I(m->next_attempt_at),
                           DB_T(m->last_error), DB_I(m->created_at),
                           m->dossier_id ? DB_I(m->dossier_id) : DB_NIL,
                           m->user_id ? DB_I(m->user_id) : DB_NIL),
                   e);
}

int outbox_for_user(struct db_conn *c, struct arena *a, int64_t user_id, const char *channel,
                    int limit, struct outbox_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT " OUTBOX_COLS " FROM outbox WHERE user_id = $1 AND channel = $2 "
                          "ORDER BY id DESC LIMIT $3",
                          DB_ARGS(DB_I(user_id), DB_T(channel), DB_I(limit)), &outbox_spec, out, n,
                          e);
}

int outbox_list(struct db_conn *c, struct arena *a, const char *status, int limit,
                struct outbox_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT " OUTBOX_COLS " FROM outbox WHERE ($1 = '' OR status = $1) "
                          "ORDER BY id DESC LIMIT $2",
                          DB_ARGS(DB_T(status ? status : ""), DB_I(limit)), &outbox_spec, out, n,
                          e);
}

#define C(kind, field) ROW_##kind(#field, struct outbox_count, field)
static const struct row_col count_cols[] = {C(TEXT, channel), C(TEXT, status), C(I64, count)};
#undef C
static const struct row_spec count_spec = ROW_SPEC(struct outbox_count, count_cols);

int outbox_counts(struct db_conn *c, struct arena *a, struct outbox_count **out, int *n,
                  struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT channel, status, COUNT(*) AS count FROM outbox "
                          "GROUP BY channel, status ORDER BY channel, status",
                          DB_NOARGS, &count_spec, out, n, e);
}

int outbox_claim(struct db_conn *c, struct arena *a, int64_t now, int64_t claim_until,
                 unsigned channels, int limit, struct outbox_row **out, int *n, struct err *e)
{
    struct outbox_row *due = NULL;
    int ndue = 0;
    *out = NULL;
    *n = 0;
    int rc = rows_query_all(c, a,
                            "SELECT " OUTBOX_COLS " FROM outbox WHERE status = 'queued' AND "
                            "next_attempt_at <= $1 AND (($2 = 1 AND channel = 'email') OR "
                            "($3 = 1 AND channel = 'sms') OR ($4 = 1 AND channel = 'zalo')) "
                            "ORDER BY next_attempt_at, id LIMIT $5",
                            DB_ARGS(DB_I(now), DB_I((channels & OUTBOX_EMAIL) ? 1 : 0),
                                    DB_I((channels & OUTBOX_SMS) ? 1 : 0),
                                    DB_I((channels & OUTBOX_ZALO) ? 1 : 0), DB_I(limit)),
                            &outbox_spec, &due, &ndue, e);
    if (rc)
        return rc;
    *out = due;
    return rows_claim(c,
                      "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND "
                      "status = 'queued' AND next_attempt_at <= $3",
                      now, claim_until, due, sizeof *due, offsetof(struct outbox_row, id), ndue, n,
                      e);
}

int outbox_record(struct db_conn *c, const struct outbox_row *m, struct err *e)
{
    return db_exec(c,
                   "UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, "
                   "last_error = $4 WHERE id = $5 AND status = 'queued'",
                   DB_ARGS(DB_T(m->status), DB_I(m->attempts), DB_I(m->next_attempt_at),
                           DB_T(m->last_error), DB_I(m->id)),
                   e);
}

int outbox_get(struct db_conn *c, struct arena *a, int64_t id, struct outbox_row *out,
               struct err *e)
{
    struct outbox_row *rows = NULL;
    int n = 0;
    int rc = rows_query_all(c, a, "SELECT " OUTBOX_COLS " FROM outbox WHERE id = $1",
                            DB_ARGS(DB_I(id)), &outbox_spec, &rows, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return err_set(e, E_NOTFOUND, "id", "Không tìm thấy tin nhắn số %lld", (long long)id);
    *out = rows[0];
    return 0;
}

int outbox_receipt(struct db_conn *c, int64_t id, const char *status, const char *last_error,
                   int64_t *changed, struct err *e)
{
    return db_exec_count(c,
                         "UPDATE outbox SET status = $1, last_error = $2 WHERE id = $3 AND "
                         "status IN ('queued', 'sent')",
                         DB_ARGS(DB_T(status), DB_T(last_error), DB_I(id)), changed, e);
}

int outbox_requeue(struct db_conn *c, int64_t id, int64_t now, int64_t *changed, struct err *e)
{
    return db_exec_count(c,
                         "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = $1 "
                         "WHERE id = $2 AND status = 'failed'",
                         DB_ARGS(DB_I(now), DB_I(id)), changed, e);
}
