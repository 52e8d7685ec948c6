/* payment_store.c — SQL for payment requests and the gateway notifications kept beside them.
 * Reads join the dossier's code so that a notification, which only names the order, leads
 * to the dossier without a second lookup. */
#include "payment_store.h"

#include "rows.h"

static struct db_param opt(int64_t v)
{
    return v ? DB_I(v) : DB_NIL;
}

int payment_insert(struct db_conn *c, const struct payment_row *p, int64_t *id, struct err *e)
{
    int rc = db_query_int(c,
                          "INSERT INTO payment_requests (dossier_id, amount, lines, status, "
                          "txn_ref, created_by, created_at) "
                          "VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING id",
                          DB_ARGS(DB_I(p->dossier_id), DB_I(p->amount), DB_T(p->lines),
                                  DB_T(p->txn_ref), opt(p->created_by), DB_I(p->created_at)),
                          id, e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "payment", "Hồ sơ đã có một khoản phí đang chờ thanh toán");
    return rc;
}

#define PAYMENT_COLS                                                                               \
    "p.id, p.dossier_id, p.amount, p.created_by, p.created_at, p.paid_at, p.paid_by, d.code, "     \
    "p.lines, p.status, p.method, p.txn_ref, p.receipt_no, p.gateway_txn_no, p.bank_code, "        \
    "p.paid_txn_ref, p.cancelled_at, p.cancelled_by, p.cancel_reason "                             \
    "FROM payment_requests p JOIN dossiers d ON d.id = p.dossier_id "

#define P(kind, name, field) ROW_##kind(name, struct payment_row, field)
static const struct row_col payment_cols[] = {
    P(I64, "id", id),
    P(I64, "dossier_id", dossier_id),
    P(I64, "amount", amount),
    P(I64, "created_by", created_by),
    P(I64, "created_at", created_at),
    P(I64, "paid_at", paid_at),
    P(I64, "paid_by", paid_by),
    P(TEXT, "code", dossier_code),
    P(TEXT, "lines", lines),
    P(TEXT, "status", status),
    P(STR, "method", method),
    P(TEXT, "txn_ref", txn_ref),
    P(STR, "receipt_no", receipt_no),
    P(STR, "gateway_txn_no", gateway_txn_no),
    P(STR, "bank_code", bank_code),
    P(STR, "paid_txn_ref", paid_txn_ref),
    P(I64, "cancelled_at", cancelled_at),
    P(I64, "cancelled_by", cancelled_by),
    P(STR, "cancel_reason", cancel_reason),
};
#undef P
static const struct row_spec payment_spec = ROW_SPEC(struct payment_row, payment_cols);

int payment_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct payment_row **out,
                 int *n, struct err *e)
{
    return rows_query_all(c, a, "SELECT " PAYMENT_COLS "WHERE p.dossier_id = $1 ORDER BY p.id",
                          DB_ARGS(DB_I(dossier_id)), &payment_spec, out, n, e);
}

int payment_by_ref(struct db_conn *c, struct arena *a, const char *txn_ref, struct payment_row *out,
                   struct err *e)
{
    return rows_query_one(c, a,
                          "SELECT " PAYMENT_COLS "WHERE p.txn_ref = $1 OR p.id IN (SELECT "
                          "request_id FROM payment_attempts WHERE txn_ref = $1)",
                          DB_ARGS(DB_T(txn_ref)), &payment_spec, out, "vnp_TxnRef",
                          "Không có khoản thanh toán với mã này", e);
}

int payment_mark_paid(struct db_conn *c, const struct payment_row *p, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "UPDATE payment_requests SET status = 'paid', method = $2, "
                           "paid_at = $3, paid_by = $4, receipt_no = $5, gateway_txn_no = $6, "
                           "bank_code = $7, paid_txn_ref = $8 WHERE id = $1 AND status = 'pending'",
                           DB_ARGS(DB_I(p->id), DB_T(p->method), DB_I(p->paid_at), opt(p->paid_by),
                                   DB_T(p->receipt_no), DB_T(p->gateway_txn_no), DB_T(p->bank_code),
                                   DB_T(p->paid_txn_ref)),
                           &changed, e);
    if (!rc && changed != 1)
        return err_set(e, E_CONFLICT, "payment", "Khoản phí này không còn chờ thanh toán");
    return rc;
}

int payment_mark_cancelled(struct db_conn *c, const struct payment_row *p, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(
        c,
        "UPDATE payment_requests SET status = 'cancelled', cancelled_at = $2, "
        "cancelled_by = $3, cancel_reason = $4 "
        "WHERE id = $1 AND status = 'pending'",
        DB_ARGS(DB_I(p->id), DB_I(p->cancelled_at), opt(p->cancelled_by), DB_T(p->cancel_reason)),
        &changed, e);
    if (!rc && changed != 1)
        return err_set(e, E_CONFLICT, "payment", "Khoản phí này không còn chờ thanh toán");
    return rc;
}

int payment_attempt_insert(struct db_conn *c, int64_t request_id, const char *txn_ref,
                           int64_t created_by, int64_t now, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO payment_attempts (request_id, txn_ref, created_by, created_at) "
                   "VALUES ($1, $2, $3, $4)",
                   DB_ARGS(DB_I(request_id), DB_T(txn_ref), opt(created_by), DB_I(now)), e);
}

int payment_event_insert(struct db_conn *c, const struct payment_event_row *ev, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO payment_events (request_id, txn_ref, params_hash, response_code, "
                   "transaction_status, outcome, rsp_code, client_ip, received_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   DB_ARGS(opt(ev->request_id), DB_T(ev->txn_ref), DB_T(ev->params_hash),
                           DB_T(ev->response_code), DB_T(ev->transaction_status), DB_T(ev->outcome),
                           DB_T(ev->rsp_code), DB_T(ev->client_ip), DB_I(ev->received_at)),
                   e);
}

int payment_event_accepted(struct db_conn *c, const char *params_hash, int64_t *n, struct err *e)
{
    return db_query_int(c,
                        "SELECT COUNT(*) FROM payment_events WHERE params_hash = $1 AND "
                        "rsp_code = '00'",
                        DB_ARGS(DB_T(params_hash)), n, e);
}
