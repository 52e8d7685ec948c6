/* payments.c — the fees of a dossier as a payment request and its payment at the counter.
 * The lines come from the procedure version the dossier was received under (the reduced
 * online amount for a dossier filed online), so the fee cannot change under a dossier when
 * the catalogue does. While a request is pending on a dossier being processed, the dossier
 * reports national status 6 (waiting for the applicant's financial obligation); the state
 * machine is untouched, only the reported code changes, and back when the fees are paid.
 * Each change bumps the dossier's version so a page opened before it is stale. */
#include "dossier_internal.h"
#include "jpack.h"
#include "payments_internal.h"

#include "format.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TXN_REF_BYTES 8
#define RECEIPT_MAX   64
#define QUANTITY_MAX  1000
#define REASON_MAX    500

struct pay_ctx {
    struct svc *s;
    const struct actor *a;
    const char *code;
    int quantity;
    const char *receipt_no;
    struct arena *ar;
    struct svc_payment *out;
    int n;
    const char *reason;
};

void payment_to_svc(const struct payment_row *p, struct svc_payment *out)
{
    *out = (struct svc_payment){.amount = p->amount,
                                .created_at = p->created_at,
                                .paid_at = p->paid_at,
                                .dossier_code = p->dossier_code,
                                .status = p->status,
                                .method = p->method,
                                .txn_ref = p->txn_ref,
                                .receipt_no = p->receipt_no,
                                .gateway_txn_no = p->gateway_txn_no,
                                .lines = p->lines,
                                .cancelled_at = p->cancelled_at,
                                .cancel_reason = p->cancel_reason};
}

/* Staff whose roles reach the dossier's receiving or current unit. */
static int dossier_staff(const struct org_tree *t, const struct actor *a,
                         const struct dossier_row *d, struct err *e)
{
    int staff = ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER;
    if (dossier_role_at(t, a, staff, d->receiving_unit_id, NULL) == 0 ||
        (d->step_unit_id && dossier_role_at(t, a, staff, d->step_unit_id, NULL) == 0))
        return 0;
    return err_set(e, E_FORBIDDEN, NULL,
                   "Chỉ cán bộ đơn vị đang giải quyết hồ sơ được yêu cầu nộp phí");
}

static int allowed(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                   enum payment_who who, struct err *e)
{
    if (who == PAY_COUNTER)
        return dossier_role_at(t, a, ROLE_RECEPTIONIST, d->receiving_unit_id, e);
    if (who == PAY_APPLICANT_OR_STAFF && a->user_id && a->user_id == d->applicant_user_id)
        return 0;
    return dossier_staff(t, a, d, e);
}

/* Loads the dossier the actor may see (E_NOTFOUND otherwise) with the org tree. */
static int load_visible(struct db_conn *c, const struct pay_ctx *x, struct org_tree *t,
                        struct dossier_row *d, struct err *e)
{
    int rc = org_tree_of(x->s, c, t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, d, e);
    return rc ? rc : dossier_visible(t, x->a, d, e);
}

static const char *per_label(const char *per)
{
    return !per                       ? "mỗi hồ sơ"
           : strcmp(per, "page") == 0 ? "mỗi trang"
           : strcmp(per, "copy") == 0 ? "mỗi bản"
                                      : "mỗi hồ sơ";
}

/* One fee line of the catalogue as a payment line (new reference), or NULL when it costs
 * nothing: the online amount for an online dossier when there is one, the quantity for
 * lines priced per page or copy. */
static json_t *payment_line(const struct proc_fee *fee, const struct dossier_row *d, int quantity)
{
    int64_t unit = strcmp(d->channel, "online") == 0 && fee->online_amount != PROC_UNKNOWN
                       ? fee->online_amount
                       : fee->amount;
    const char *per = fee->per;
    int q = per && (strcmp(per, "page") == 0 || strcmp(per, "copy") == 0) ? quantity : 1;
    if (unit <= 0)
        return NULL;
    const char *note = fee->note;
    char label[512];
    snprintf(label, sizeof label, "Phí, lệ phí (%s)%s%s", per_label(per), note ? ": " : "",
             note ? note : "");
    return jpack("{s:s, s:s, s:I, s:i, s:I}", "label", label, "per", per ? per : "case",
                 "unit_amount", (json_int_t)unit, "quantity", q, "amount", (json_int_t)(unit * q));
}

/* The payment lines of the dossier's procedure version and their total. */
static int fee_lines(struct db_conn *c, struct arena *ar, const struct dossier_row *d, int quantity,
                     const char **lines, int64_t *total, struct err *e)
{
    struct dossier_proc proc;
    int rc = dossier_proc_version(c, ar, d->procedure_version_id, &proc, e);
    if (rc)
        return rc;
    struct procedure body;
    if ((rc = proc_parse(ar, proc.body, &body, e)) != 0)
        return rc;
    json_t *out = json_array();
    *total = 0;
    for (int i = 0; i < body.nfees; i++) {
        json_t *line = payment_line(&body.fees[i], d, quantity);
        if (line) {
            *total += json_integer_value(json_object_get(line, "amount"));
            json_array_append_new(out, line);
        }
    }
    char *text = json_dumps(out, JSON_COMPACT);
    *lines = arena_strdup(ar, text);
    free(text);
    json_decref(out);
    return 0;
}

static int payable_state(const struct dossier_row *d, struct err *e)
{
    if (strcmp(d->state, "processing") == 0 || strcmp(d->state, "supplement") == 0 ||
        strcmp(d->state, "result_ready") == 0)
        return 0;
    return err_set(e, E_CONFLICT, "state",
                   "Chỉ thu phí hồ sơ đã tiếp nhận và chưa trả kết quả (trạng thái hiện tại: %s)",
                   d->state);
}

const char *payment_new_ref(struct arena *ar)
{
    unsigned char raw[TXN_REF_BYTES];
    char hex[2 * TXN_REF_BYTES + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    for (char *p = hex; *p; p++)
        *p = (char)(*p >= 'a' ? *p - 'a' + 'A' : *p);
    return arena_printf(ar, "MC%s", hex);
}

/* Sets the national status the dossier reports, bumping its version, when it changes. */
static int report_status(struct db_conn *c, struct dossier_row *d, int national, int64_t now,
                         struct err *e)
{
    if (d->national_status == national)
        return 0;
    d->national_status = national;
    d->updated_at = now;
    int rc = dossier_update(c, d, d->version, e);
    d->version += rc ? 0 : 1;
    return rc;
}

static const char *money_note(struct arena *ar, const char *what, int64_t amount)
{
    struct buf b;
    buf_init(&b, 256);
    buf_puts(&b, what);
    fmt_money(&b, amount);
    const char *s = arena_strdup(ar, buf_str(&b));
    buf_free(&b);
    return s;
}

static int request_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct pay_ctx *x = ctx;
    struct org_tree t;
    struct dossier_row d;
    int64_t now = svc_now();
    struct payment_row p = {.created_by = x->a->user_id, .created_at = now, .status = "pending"};
    int rc = load_visible(c, x, &t, &d, e);
    if (!rc)
        rc = allowed(&t, x->a, &d, PAY_STAFF, e);
    if (!rc)
        rc = payable_state(&d, e);
    if (!rc)
        rc = fee_lines(c, x->ar, &d, x->quantity, &p.lines, &p.amount, e);
    if (rc || p.amount == 0)
        return rc ? rc : 1;
    p.dossier_id = d.id;
    p.dossier_code = d.code;
    p.txn_ref = payment_new_ref(x->ar);
    int64_t id = 0;
    if ((rc = payment_insert(c, &p, &id, e)) != 0)
        return rc;
    if (strcmp(d.state, "processing") == 0 &&
        (rc = report_status(c, &d, PAYMENT_NATIONAL_STATUS, now, e)) != 0)
        return rc;
    payment_to_svc(&p, x->out);
    rc = dossier_log(x->s, c, x->a, &d, "payment_request", d.state, d.step_unit_id, NULL,
                     money_note(x->ar, "Yêu cầu nộp phí, lệ phí: ", p.amount), now, e);
    return rc ? rc
              : svc_audit_json(c, x->a, "payment.request", "dossier", d.code,
                               jpack("{s:I, s:s, s:i}", "amount", (json_int_t)p.amount, "txn_ref",
                                     p.txn_ref, "national_status", d.national_status),
                               e);
}

int svc_payment_request(struct svc *s, const struct actor *a, const char *code, int quantity,
                        struct arena *ar, struct svc_payment *out, struct err *e)
{
    if (quantity < 0 || quantity > QUANTITY_MAX)
        return err_set(e, E_INVALID, "quantity", "Số trang, số bản phải từ 1 đến %d", QUANTITY_MAX);
    struct pay_ctx x = {s, a, code ? code : "", quantity ? quantity : 1, NULL, ar, out, 0, NULL};
    memset(out, 0, sizeof *out);
    return db_tx(s->db, request_tx, &x, e);
}

/* The dossier of p, given back its state's own national status when it was waiting for the
 * fees: the request that made it wait is no longer pending. */
static int stop_waiting(struct db_conn *c, struct arena *ar, const struct payment_row *p,
                        int64_t now, struct dossier_row *d, struct err *e)
{
    enum dossier_state st = DS_NONE;
    int rc = dossier_get(c, ar, p->dossier_code, d, e);
    if (rc)
        return rc;
    dossier_state_parse(d->state, &st);
    if (d->national_status == PAYMENT_NATIONAL_STATUS)
        rc = report_status(c, d, dossier_national_status(st), now, e);
    return rc;
}

int payment_settle(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                   const struct payment_row *p, struct err *e)
{
    struct dossier_row d;
    int rc = payment_mark_paid(c, p, e);
    if (!rc)
        rc = stop_waiting(c, ar, p, p->paid_at, &d, e);
    if (rc)
        return rc;
    const char *via = strcmp(p->method, "counter") == 0 ? "tại quầy" : "qua VNPAY";
    rc = dossier_log(s, c, a, &d, "payment_paid", d.state, d.step_unit_id, NULL,
                     money_note(ar, arena_printf(ar, "Đã nộp phí, lệ phí %s: ", via), p->amount),
                     p->paid_at, e);
    return rc ? rc
              : svc_audit_json(c, a, "payment.paid", "dossier", d.code,
                               jpack("{s:I, s:s, s:s, s:s?, s:s?, s:s?}", "amount",
                                     (json_int_t)p->amount, "method", p->method, "txn_ref",
                                     p->txn_ref, "attempt_txn_ref", p->paid_txn_ref, "receipt_no",
                                     p->receipt_no, "gateway_txn_no", p->gateway_txn_no),
                               e);
}

static int cancel_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct pay_ctx *x = ctx;
    struct payment_row p;
    struct dossier_row d;
    int64_t now = svc_now();
    int rc = payment_pending_for(x->s, c, x->ar, x->a, x->code, PAY_STAFF, &p, e);
    if (rc)
        return rc;
    p.status = "cancelled";
    p.cancelled_at = now;
    p.cancelled_by = x->a->user_id;
    p.cancel_reason = x->reason;
    if ((rc = payment_mark_cancelled(c, &p, e)) != 0 ||
        (rc = stop_waiting(c, x->ar, &p, now, &d, e)) != 0)
        return rc;
    payment_to_svc(&p, x->out);
    rc = dossier_log(x->s, c, x->a, &d, "payment_cancel", d.state, d.step_unit_id, NULL,
                     arena_printf(x->ar, "%s. Lý do: %s",
                                  money_note(x->ar, "Hủy yêu cầu nộp phí, lệ phí: ", p.amount),
                                  p.cancel_reason),
                     now, e);
    return rc ? rc
              : svc_audit_json(c, x->a, "payment.cancel", "dossier", d.code,
                               jpack("{s:I, s:s, s:s}", "amount", (json_int_t)p.amount, "txn_ref",
                                     p.txn_ref, "reason", p.cancel_reason),
                               e);
}

int svc_payment_cancel(struct svc *s, const struct actor *a, const char *code, const char *reason,
                       struct arena *ar, struct svc_payment *out, struct err *e)
{
    if (!reason || !*reason || strlen(reason) > REASON_MAX)
        return err_set(e, E_INVALID, "reason",
                       "Vui lòng ghi lý do hủy yêu cầu nộp phí (tối đa %d byte)", REASON_MAX);
    struct pay_ctx x = {
        .s = s, .a = a, .code = code ? code : "", .ar = ar, .out = out, .reason = reason};
    memset(out, 0, sizeof *out);
    return db_tx(s->db, cancel_tx, &x, e);
}

int payment_pending_for(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                        const char *code, enum payment_who who, struct payment_row *out,
                        struct err *e)
{
    struct pay_ctx x = {.s = s, .a = a, .code = code, .ar = ar};
    struct org_tree t;
    struct dossier_row d;
    struct payment_row *rows = NULL;
    int n = 0;
    int rc = load_visible(c, &x, &t, &d, e);
    if (!rc)
        rc = allowed(&t, a, &d, who, e);
    if (!rc)
        rc = payment_list(c, ar, d.id, &rows, &n, e);
    for (int i = 0; !rc && i < n; i++)
        if (strcmp(rows[i].status, "pending") == 0) {
            *out = rows[i];
            return 0;
        }
    return rc ? rc
              : err_set(e, E_CONFLICT, "payment",
                        "Hồ sơ không có khoản phí nào đang chờ thanh toán");
}

static int counter_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct pay_ctx *x = ctx;
    struct payment_row p;
    int rc = payment_pending_for(x->s, c, x->ar, x->a, x->code, PAY_COUNTER, &p, e);
    if (rc)
        return rc;
    p.method = "counter";
    p.paid_at = svc_now();
    p.paid_by = x->a->user_id;
    p.receipt_no = x->receipt_no;
    p.status = "paid";
    payment_to_svc(&p, x->out);
    return payment_settle(x->s, c, x->ar, x->a, &p, e);
}

int svc_payment_counter(struct svc *s, const struct actor *a, const char *code,
                        const char *receipt_no, struct arena *ar, struct svc_payment *out,
                        struct err *e)
{
    if (!receipt_no || !*receipt_no || strlen(receipt_no) > RECEIPT_MAX)
        return err_set(e, E_INVALID, "receipt_no",
                       "Vui lòng nhập số biên lai thu phí, lệ phí (tối đa %d ký tự)", RECEIPT_MAX);
    struct pay_ctx x = {s, a, code ? code : "", 0, receipt_no, ar, out, 0, NULL};
    return db_tx(s->db, counter_tx, &x, e);
}

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct pay_ctx *x = ctx;
    struct org_tree t;
    struct dossier_row d;
    struct payment_row *rows = NULL;
    int rc = load_visible(c, x, &t, &d, e);
    if (!rc)
        rc = payment_list(c, x->ar, d.id, &rows, &x->n, e);
    if (rc)
        return rc;
    x->out = arena_alloc(x->ar, sizeof *x->out * (size_t)(x->n + 1));
    for (int i = 0; i < x->n; i++)
        payment_to_svc(&rows[i], &x->out[i]);
    return 0;
}

int svc_payment_list(struct svc *s, const struct actor *a, const char *code, struct arena *ar,
                     struct svc_payment **out, int *n, struct err *e)
{
    struct pay_ctx x = {s, a, code ? code : "", 0, NULL, ar, NULL, 0, NULL};
    int rc = db_with_conn(s->db, list_read, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}
