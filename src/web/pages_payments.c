/* pages_payments.c — the citizen pays a dossier's fees online. The dossier page shows the
 * amount waiting and a button; the button asks the service for a new payment attempt (its own
 * order reference, so paying again after a failure works) and sends the browser to VNPAY with
 * a 303; VNPAY sends it back to /thanh-toan/ket-qua, which says in plain words what happened.
 * That page only reports what the signed parameters say: the payment itself is confirmed by
 * the gateway's server-to-server notification (IPN), never by the browser. */
#include "pages_payments.h"
#include "jpack.h"

#include "format.h"
#include "page.h"
#include "svc_payments.h"

#include <string.h>

#define RETURN_PATH "/thanh-toan/ket-qua"

static const char *money(struct http_req *r, int64_t dong)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt_money(b, dong);
    return buf_str(b);
}

int page_payments_my_dossier(struct http_req *r, const struct actor *a, const char *code,
                             json_t *ctx, struct err *e)
{
    struct svc_payment *rows = NULL;
    int n = 0;
    if (svc_payment_list(page_app(r)->svc, a, code, r->arena, &rows, &n, e))
        return e->code;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].status, "pending") == 0)
            json_object_set_new(ctx, "payment_due",
                                jpack("{s:s}", "amount", money(r, rows[i].amount)));
    return 0;
}

int page_my_payment(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *url = NULL;
    struct err e = {0};
    if (app_vnpay_url(app, r, a, RETURN_PATH, &url, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, url);
    return 0;
}

int page_payment_return(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_vnpay_return v;
    struct err e = {0};
    if (svc_payment_vnpay_return(app->svc, app_query_params(r), r->nquery, r->arena, &v, &e))
        return app_err(r, w, &e);
    int paid = v.status && strcmp(v.status, "paid") == 0;
    json_t *ctx =
        jpack("{s:s, s:b, s:b, s:s?, s:s?, s:s?}", "message", v.message, "paid", paid, "failed",
              !paid && !v.success, "amount", v.dossier_code ? money(r, v.amount) : NULL, "code",
              v.dossier_code, "href",
              v.dossier_code ? arena_printf(r->arena, "/ho-so-cua-toi/%s", v.dossier_code) : NULL);
    return page_render(r, w, 200, "payment_return", "Kết quả thanh toán", ctx);
}
