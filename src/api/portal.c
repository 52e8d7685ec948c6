/* portal.c — the national portal (Cổng DVCQG) over HTTP (docs/national-portal.md).
 * POST /api/v1/portal/{partner}/dossiers is where the portal pushes a dossier submitted there:
 * no session, the partner's secret as a bearer token, and the answer in the portal's words —
 * {"error_code": 0} accepted, 1 already received, -1 an error with its message (CONNECTED.md
 * §1.4), always HTTP 200 except for an unknown partner (404) or a wrong secret (401).
 * Operators (admins without a unit) run a reconciliation (POST …/reconcile, optional
 * {"from","to"} as YYYY-MM-DD, default the last 30 days), read its differences (GET
 * /api/v1/portal/differences) and resend one (POST …/differences/{id}/resend). */
#include "api.h"
#include "api_portal.h"
#include "jpack.h"

#include "api_exchange.h"
#include "cal_date.h"
#include "jspec.h"
#include "svc_portal.h"

#include <stdlib.h>
#include <string.h>

int api_portal_push(struct api_call *c)
{
    struct svc_exchange_inbound in;
    api_exchange_inbound(c, &in);
    int code = -1; /* an error, until the service says otherwise */
    const char *message = "";
    if (svc_portal_push(c->svc, c->arena, &in, &code, &message, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:i, s:s}", "error_code", code, "message", message));
}

/* A period's end points: the day's first moment, and the moment after the last day. */
static int period(struct api_call *c, const char *from, const char *to, int64_t *a, int64_t *b)
{
    int32_t day = 0;
    int64_t now = svc_now();
    *b = now + 1;
    *a = now - (int64_t)SVC_PORTAL_RECONCILE_DAYS * 86400;
    if (from && cal_parse_date(from, &day, NULL))
        return err_set(&c->e, E_INVALID, "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD");
    if (from)
        *a = cal_instant(day, 0);
    if (to && cal_parse_date(to, &day, NULL))
        return err_set(&c->e, E_INVALID, "to", "Ngày kết thúc phải có dạng YYYY-MM-DD");
    if (to)
        *b = cal_instant(day + 1, 0);
    if (*b <= *a)
        return err_set(&c->e, E_INVALID, "to", "Ngày kết thúc phải sau ngày bắt đầu");
    return 0;
}

int api_portal_reconcile(struct api_call *c)
{
    const char *from = NULL, *to = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("from", 0, 10, 10, &from, "Từ ngày"),
        JSPEC_STR("to", 0, 10, 10, &to, "Đến ngày"),
        JSPEC_END,
    };
    int64_t a = 0, b = 0;
    struct svc_portal_reconcile_result res;
    if ((c->r->json && api_body(c, spec)) || period(c, from, to, &a, &b) ||
        svc_portal_reconcile(c->svc, c->actor, http_param(c->r, "partner"), a, b, svc_now(), &res,
                             &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:i, s:i, s:i}", "checked", res.checked, "differences", res.differences,
                          "unreachable", res.unreachable));
}

int api_portal_differences(struct api_call *c)
{
    struct svc_portal_difference *d = NULL;
    int n = 0;
    if (svc_portal_differences(c->svc, c->actor, c->arena, http_param(c->r, "partner"), &d, &n,
                               &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "id",
                                         (json_int_t)d[i].id, "partner", d[i].partner, "code",
                                         d[i].code, "kind", d[i].kind, "kind_label",
                                         d[i].kind_label, "field", d[i].field, "ours", d[i].ours,
                                         "theirs", d[i].theirs, "run_at", (json_int_t)d[i].run_at,
                                         "resent_at", (json_int_t)d[i].resent_at));
    return api_json(c, 200, jpack("{s:o}", "differences", out));
}

int api_portal_resend(struct api_call *c)
{
    int64_t id = http_param_id(c->r, "id");
    if (svc_portal_resend(c->svc, c->actor, id, svc_now(), &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "state", "queued"));
}
