/* postal.c — the handover of a result to the postal operator (svc_postal.h). Under Decision
 * 45/2016 a handover record is signed when the agency gives the result to the postal worker;
 * the system keeps what that record says so that the citizen can follow the item. The
 * handover is recorded once the result is ready (state result_ready) and before the return,
 * which closes the dossier (a returned dossier is handed over already); it does not change
 * the dossier's state: the receptionist records the return with the ordinary "return" action. Any
 * return method is accepted, because a citizen may ask for the result to be posted after all. */
#include "svc_postal.h"
#include "jpack.h"

#include "cal_date.h"
#include "dossier_internal.h"
#include "postal_store.h"

#include <string.h>

#define MAX_OPERATOR 200
#define MAX_TRACKING 64
#define CLOCK_SLACK  300 /* seconds a handover time may be ahead of the server's clock */

static int between(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max;
}

static int handover_time(const char *text, int64_t now, int64_t *at, struct err *e)
{
    *at = now;
    if (!text || !*text)
        return 0;
    if (cal_parse_datetime(text, at, e) != 0)
        return err_set(e, E_INVALID, "handed_over_at",
                       "Thời điểm bàn giao phải có dạng YYYY-MM-DDTHH:MM");
    if (*at > now + CLOCK_SLACK)
        return err_set(e, E_INVALID, "handed_over_at", "Thời điểm bàn giao không thể ở tương lai");
    return 0;
}

static int check_input(const struct svc_postal_in *in, struct err *e)
{
    if (!between(in->operator_name, MAX_OPERATOR))
        return err_set(e, E_INVALID, "operator",
                       "Tên doanh nghiệp bưu chính phải có từ 1 đến %d byte", MAX_OPERATOR);
    if (!between(in->tracking_number, MAX_TRACKING))
        return err_set(e, E_INVALID, "tracking_number", "Số hiệu bưu gửi phải có từ 1 đến %d byte",
                       MAX_TRACKING);
    return 0;
}

struct postal_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code;
    struct postal_row row;
    struct dossier_row d;
    int found;
};

static int load_visible(struct db_conn *c, struct postal_ctx *x, struct org_tree *t, struct err *e)
{
    int rc = org_tree_of(x->s, c, t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &x->d, e);
    return rc ? rc : dossier_visible(t, x->a, &x->d, e);
}

static int result_out(const struct dossier_row *d, struct err *e)
{
    if (strcmp(d->state, "result_ready") == 0)
        return 0;
    if (strcmp(d->state, "returned") == 0)
        return err_set(e, E_CONFLICT, "code", "Hồ sơ đã trả kết quả, không gửi qua bưu chính nữa");
    return err_set(e, E_CONFLICT, "code", "Hồ sơ chưa có kết quả để gửi qua bưu chính");
}

static int record_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct postal_ctx *x = ctx;
    struct org_tree t;
    int rc = load_visible(c, x, &t, e);
    if (!rc)
        rc = dossier_role_at(&t, x->a, ROLE_RECEPTIONIST, x->d.receiving_unit_id, e);
    if (!rc)
        rc = result_out(&x->d, e);
    if (!rc && x->d.accepted_at && x->row.handed_over_at < x->d.accepted_at)
        rc = err_set(e, E_INVALID, "handed_over_at",
                     "Thời điểm bàn giao không thể trước khi hồ sơ được tiếp nhận");
    x->row.dossier_id = x->d.id;
    if (!rc)
        rc = postal_insert(c, &x->row, e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "dossier.postal_handover", "dossier", x->d.code,
                            jpack("{s:s, s:s, s:I}", "operator", x->row.operator_name,
                                  "tracking_number", x->row.tracking_number, "handed_over_at",
                                  (json_int_t)x->row.handed_over_at),
                            e);
    return rc;
}

static struct svc_postal postal_out(const struct postal_row *r)
{
    return (struct svc_postal){.operator_name = r->operator_name,
                               .tracking_number = r->tracking_number,
                               .recorded_by = r->recorder,
                               .handed_over_at = r->handed_over_at,
                               .created_at = r->created_at};
}

int svc_postal_record(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const struct svc_postal_in *in, struct svc_postal *out, struct err *e)
{
    int64_t now = svc_now();
    struct postal_ctx x = {.s = s, .a = a, .ar = ar, .code = code ? code : ""};
    int rc = check_input(in, e);
    if (!rc)
        rc = handover_time(in->handed_over_at, now, &x.row.handed_over_at, e);
    if (rc)
        return rc;
    x.row.operator_name = in->operator_name;
    x.row.tracking_number = in->tracking_number;
    x.row.recorded_by = a->user_id;
    x.row.recorder = a->user_id ? a->full_name : "";
    x.row.created_at = now;
    if ((rc = db_tx(s->db, record_tx, &x, e)) != 0)
        return rc;
    *out = postal_out(&x.row);
    return 0;
}

static int get_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct postal_ctx *x = ctx;
    struct org_tree t;
    int rc = load_visible(c, x, &t, e);
    if (rc)
        return rc;
    rc = postal_get(c, x->ar, x->d.id, &x->row, e);
    x->found = rc == 0;
    if (rc == E_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    return rc;
}

int svc_postal_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                   struct svc_postal *out, struct err *e)
{
    struct postal_ctx x = {.s = s, .a = a, .ar = ar, .code = code ? code : ""};
    int rc = db_with_conn(s->db, get_read, &x, e);
    if (rc)
        return rc;
    if (x.found)
        *out = postal_out(&x.row);
    return x.found;
}
