/* vnpay.c — what the JSON API and the pages share when they talk to VNPAY for the payments
 * service: the payment address for the dossier of the path, with this server's address for
 * the payer's way back, and the query string of VNPAY's calls (the IPN, the payer's return)
 * as the service's own parameter list — the same pairs in the same order, since the
 * signature is checked over them as they came. */
#include "app.h"

#include "svc_payments.h"

int app_vnpay_url(struct app *app, struct http_req *r, const struct actor *a,
                  const char *return_path, const char **url, struct err *e)
{
    const char *back = arena_printf(r->arena, "%s%s", app->base_url, return_path);
    return svc_payment_vnpay_url(app->svc, a, http_param(r, "code"), back, r->client_ip, r->arena,
                                 url, e);
}

struct svc_param *app_query_params(struct http_req *r)
{
    struct svc_param *p = arena_alloc(r->arena, sizeof *p * (size_t)(r->nquery + 1));
    for (int i = 0; i < r->nquery; i++)
        p[i] = (struct svc_param){r->query[i].key, r->query[i].value};
    return p;
}
