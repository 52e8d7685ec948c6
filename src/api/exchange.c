/* exchange.c — the exchange layer over HTTP (docs/exchange.md). POST
 * /api/v1/exchange/{partner}/messages is a partner's push: no session, the partner's secret
 * as a bearer token is the authentication (checked by the service), the Idempotency-Key
 * header the de-duplication key, and the answer {"status": "applied" | "duplicate" |
 * "rejected", "key", "message"} with 200 or 422. GET /api/v1/exchange/partners gives
 * operators each partner's queue; POST /api/v1/exchange/messages/{id}/resend and …/skip act
 * on one message (administrators, audited). */
#include "api.h"
#include "api_exchange.h"
#include "jpack.h"

#include "jspec.h"
#include "svc_exchange.h"

#include <stdlib.h>
#include <string.h>

void api_exchange_inbound(struct api_call *c, struct svc_exchange_inbound *in)
{
    char *text = c->r->json ? json_dumps(c->r->json, JSON_COMPACT) : NULL;
    const char *body = text ? arena_strdup(c->arena, text) : "";
    free(text);
    *in = (struct svc_exchange_inbound){
        .partner = http_param(c->r, "partner"),
        .authorization = http_header(c->r, "Authorization"),
        .idem_key = http_header(c->r, "Idempotency-Key"),
        .content_type = "application/json",
        .body = body,
        .len = strlen(body),
    };
}

int api_exchange_receive(struct api_call *c)
{
    struct svc_exchange_inbound in;
    api_exchange_inbound(c, &in);
    struct svc_exchange_answer ans;
    if (svc_exchange_receive(c->svc, c->arena, &in, &ans, &c->e))
        return API_FAILED;
    json_t *j = json_loads(ans.body, 0, NULL);
    return api_json(c, ans.http_status, j ? j : json_object());
}

static json_t *partner_json(const struct svc_exchange_partner_view *v)
{
    return jpack("{s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "name",
                 v->name, "adapter", v->adapter, "url", v->url, "configured", v->configured,
                 "queued", (json_int_t)v->queued, "failed", (json_int_t)v->failed, "retrying",
                 (json_int_t)v->retrying, "oldest_unsent_at", (json_int_t)v->oldest_unsent_at,
                 "lag_seconds", (json_int_t)v->lag_seconds, "acked", (json_int_t)v->acked,
                 "skipped", (json_int_t)v->skipped, "received", (json_int_t)v->received,
                 "last_ack_at", (json_int_t)v->last_ack_at);
}

int api_exchange_partners(struct api_call *c)
{
    struct svc_exchange_partner_view *v = NULL;
    int n = 0;
    if (svc_exchange_partners(c->svc, c->actor, c->arena, svc_now(), &v, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, partner_json(&v[i]));
    return api_json(c, 200, jpack("{s:o}", "partners", out));
}

int api_exchange_resend(struct api_call *c)
{
    int64_t id = http_param_id(c->r, "id");
    if (svc_exchange_resend(c->svc, c->actor, id, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "state", "queued"));
}

int api_exchange_skip(struct api_call *c)
{
    const char *reason = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("reason", 1, 1, SVC_EXCHANGE_REASON_MAX, &reason, "Lý do bỏ qua"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    int64_t id = http_param_id(c->r, "id");
    if (svc_exchange_skip(c->svc, c->actor, id, reason, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "state", "skipped"));
}
