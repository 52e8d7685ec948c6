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
static int optional_body(struct http_req *r, struct http_resp *w, const struct jspec *spec)
{
    return r->json ? api_body_or_reply(r, w, spec) : 0;
}

int api_payment_request(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    int64_t quantity = 1;
    const struct jspec spec[] = {
        {"quantity", JSPEC_INT, 0, 1, 1000, &quantity, "Số trang, số bản"},
        JSPEC_END,
    };
    if (optional_body(r, w, spec))
        return 0;
    struct svc_payment p;
    struct err e = {0};
    int rc =
        svc_payment_request(app->svc, a, http_param(r, "code"), (int)quantity, r->arena, &p, &e);
    if (rc < 0)
        return http_resp_err(w, &e);
    if (rc > 0)
        return http_resp_json(w, 200,
                              jpack("{s:s, s:i, s:s, s:s}", "dossier_code", http_param(r, "code"),
                                    "amount", 0, "status", "none", "message",
                                    "Thủ tục này không thu phí, lệ phí"));
    return http_resp_json(w, 201, payment_json(&p));
}

int api_payment_counter(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *receipt_no = NULL;
    const struct jspec spec[] = {
        {"receipt_no", JSPEC_STRING, 1, 1, 64, &receipt_no, "Số biên lai"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_payment p;
    struct err e = {0};
    if (svc_payment_counter(app->svc, a, http_param(r, "code"), receipt_no, r->arena, &p, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, payment_json(&p));
}

int api_payment_list(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_payment *rows = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_payment_list(app->svc, a, http_param(r, "code"), r->arena, &rows, &n, &e))
        return http_resp_err(w, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, payment_full_json(&rows[i]));
    return http_resp_json(w, 200, jpack("{s:o}", "payments", list));
}

int api_payment_vnpay_url(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *url = NULL;
    struct err e = {0};
    if (app_vnpay_url(app, r, a, RETURN_PATH, &url, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:s}", "url", url));
}

int api_payment_vnpay_ipn(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct svc_vnpay_answer answer;
    struct err e = {0};
    if (svc_payment_vnpay_ipn(app->svc, app_query_params(r), r->nquery, r->client_ip, &answer, &e))
        log_msg(LOG_ERROR, "vnpay_ipn not_processed client=%s error=%s", r->client_ip, e.msg);
    return http_resp_json(
        w, 200, jpack("{s:s, s:s}", "RspCode", answer.rsp_code, "Message", answer.message));
}

int api_payment_vnpay_return(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct svc_vnpay_return v;
    struct err e = {0};
    if (svc_payment_vnpay_return(app->svc, app_query_params(r), r->nquery, r->arena, &v, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200,
                          jpack("{s:b, s:b, s:s?, s:s?, s:s?, s:s?, s:I, s:s}", "signature_ok",
                                v.signature_ok, "success", v.success, "txn_ref", v.txn_ref,
                                "response_code", v.response_code, "dossier_code", v.dossier_code,
                                "status", v.status, "amount", (json_int_t)v.amount, "message",
                                v.message));
}

int api_payment_cancel(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *reason = NULL;
    const struct jspec spec[] = {
        {"reason", JSPEC_STRING, 1, 1, 500, &reason, "Lý do hủy"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_payment p;
    struct err e = {0};
    if (svc_payment_cancel(app->svc, a, http_param(r, "code"), reason, r->arena, &p, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, payment_full_json(&p));
}
