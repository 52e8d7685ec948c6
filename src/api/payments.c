/* payments.c — the fees of a dossier over the API: staff turn the catalogue's fee lines into
 * a payment request, the counter records a receipt, the applicant (or staff, to show a QR
 * code) gets the VNPAY payment address; and the two public addresses VNPAY uses: the IPN,
 * which it calls with GET and which always answers 200 with {"RspCode","Message"} as the
 * protocol wants, and the return page the payer's browser comes back to, which only reports
 * (the IPN is the confirmation). */
#include "api.h"
#include "jpack.h"
#include "api_payments.h"

#include "jspec.h"
#include "log.h"
#include "svc_payments.h"

#include <string.h>

#define RETURN_PATH "/api/v1/payments/vnpay/return"

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

static json_t *payment_json(const struct svc_payment *p)
{
    json_t *lines = json_loads(p->lines ? p->lines : "[]", 0, NULL);
    return jpack("{s:s, s:I, s:s, s:s?, s:s, s:s?, s:s?, s:I, s:o, s:o}", "dossier_code",
                 p->dossier_code, "amount", (json_int_t)p->amount, "status", p->status, "method",
                 p->method, "txn_ref", p->txn_ref, "receipt_no", p->receipt_no, "gateway_txn_no",
                 p->gateway_txn_no, "created_at", (json_int_t)p->created_at, "paid_at",
                 opt_time(p->paid_at), "lines", lines ? lines : json_array());
}

/* The request with its cancellation, when it was cancelled. */
static json_t *payment_full_json(const struct svc_payment *p)
{
    json_t *j = payment_json(p);
    if (p->cancelled_at)
        json_object_update_new(j, jpack("{s:I, s:s?}", "cancelled_at", (json_int_t)p->cancelled_at,
                                        "cancel_reason", p->cancel_reason));
    return j;
}

/* An optional JSON body: nothing to parse when none was sent. */
static int optional_body(struct api_call *c, const struct jspec *spec)
{
    return c->r->json ? api_body(c, spec) : 0;
}

int api_payment_request(struct api_call *c)
{
    int64_t quantity = 1;
    const struct jspec spec[] = {
        JSPEC_NUM("quantity", 0, 1, 1000, &quantity, "Số trang, số bản"),
        JSPEC_END,
    };
    if (optional_body(c, spec))
        return API_FAILED;
    struct svc_payment p;
    int rc = svc_payment_request(c->svc, c->actor, http_param(c->r, "code"), (int)quantity,
                                 c->arena, &p, &c->e);
    if (rc < 0)
        return API_FAILED;
    if (rc > 0)
        return api_json(c, 200,
                        jpack("{s:s, s:i, s:s, s:s}", "dossier_code", http_param(c->r, "code"),
                              "amount", 0, "status", "none", "message",
                              "Thủ tục này không thu phí, lệ phí"));
    return api_json(c, 201, payment_json(&p));
}

int api_payment_counter(struct api_call *c)
{
    const char *receipt_no = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("receipt_no", 1, 1, 64, &receipt_no, "Số biên lai"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_payment p;
    if (svc_payment_counter(c->svc, c->actor, http_param(c->r, "code"), receipt_no, c->arena, &p,
                            &c->e))
        return API_FAILED;
    return api_json(c, 200, payment_json(&p));
}

int api_payment_list(struct api_call *c)
{
    struct svc_payment *rows = NULL;
    int n = 0;
    if (svc_payment_list(c->svc, c->actor, http_param(c->r, "code"), c->arena, &rows, &n, &c->e))
        return API_FAILED;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, payment_full_json(&rows[i]));
    return api_json(c, 200, jpack("{s:o}", "payments", list));
}

int api_payment_vnpay_url(struct api_call *c)
{
    const char *url = NULL;
    if (app_vnpay_url(c->app, c->r, c->actor, RETURN_PATH, &url, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:s}", "url", url));
}

int api_payment_vnpay_ipn(struct api_call *c)
{
    struct svc_vnpay_answer answer;
    if (svc_payment_vnpay_ipn(c->svc, app_query_params(c->r), c->r->nquery, c->r->client_ip,
                              &answer, &c->e))
        log_msg(LOG_ERROR, "vnpay_ipn not_processed client=%s error=%s", c->r->client_ip, c->e.msg);
    return api_json(c, 200,
                    jpack("{s:s, s:s}", "RspCode", answer.rsp_code, "Message", answer.message));
}

int api_payment_vnpay_return(struct api_call *c)
{
    struct svc_vnpay_return v;
    if (svc_payment_vnpay_return(c->svc, app_query_params(c->r), c->r->nquery, c->arena, &v, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:b, s:b, s:s?, s:s?, s:s?, s:s?, s:I, s:s}", "signature_ok",
                          v.signature_ok, "success", v.success, "txn_ref", v.txn_ref,
                          "response_code", v.response_code, "dossier_code", v.dossier_code,
                          "status", v.status, "amount", (json_int_t)v.amount, "message",
                          v.message));
}

int api_payment_cancel(struct api_call *c)
{
    const char *reason = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("reason", 1, 1, 500, &reason, "Lý do hủy"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_payment p;
    if (svc_payment_cancel(c->svc, c->actor, http_param(c->r, "code"), reason, c->arena, &p, &c->e))
        return API_FAILED;
    return api_json(c, 200, payment_full_json(&p));
}
