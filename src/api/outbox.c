/* outbox.c — GET /api/v1/notifications: the logged-in person's own messages from the
 * outbox (deadline warnings, apology proposals), newest first; GET /api/v1/outbox: for
 * administrators, how many messages each channel has in each status and the latest messages,
 * optionally of one status (?status=queued|sent|delivered|failed); POST
 * /api/v1/outbox/{id}/requeue: an administrator sends a failed message again; POST
 * /api/v1/outbox/receipts: an SMS / Zalo gateway's signed delivery receipt (no session: the
 * signature is the authentication); GET and PUT /api/v1/me/notifications: the channels a
 * citizen wants to be told through. */
#include "api.h"
#include "jpack.h"
#include "api_outbox.h"

#include "jspec.h"
#include "svc_delivery.h"
#include "svc_jobs.h"
#include "svc_notify.h"

#include <stdlib.h>

static int limit_of(struct http_req *r)
{
    const char *limit = http_query(r, "limit");
    return limit ? atoi(limit) : 100;
}

/* The stored payload as JSON (it was written as a JSON object). */
static json_t *payload_json(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    return j ? j : json_object();
}

int api_notifications(struct api_call *c)
{
    struct svc_message *m = NULL;
    int n = 0;
    if (svc_notifications(c->svc, c->actor, c->arena, limit_of(c->r), &m, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)m[i].id, "event",
                                         m[i].event, "created_at", (json_int_t)m[i].created_at,
                                         "payload", payload_json(m[i].payload)));
    return api_json(c, 200, jpack("{s:o}", "notifications", out));
}

static json_t *message_json(const struct svc_message *m)
{
    return jpack("{s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:s?, s:I, s:o}", "id", (json_int_t)m->id,
                 "channel", m->channel, "recipient", m->recipient, "event", m->event, "status",
                 m->status, "attempts", m->attempts, "next_attempt_at",
                 (json_int_t)m->next_attempt_at, "last_error", m->last_error, "created_at",
                 (json_int_t)m->created_at, "payload", payload_json(m->payload));
}

int api_outbox(struct api_call *c)
{
    struct svc_outbox_view v;
    if (svc_outbox_view(c->svc, c->actor, c->arena, http_query(c->r, "status"), limit_of(c->r), &v,
                        &c->e))
        return API_FAILED;
    json_t *channels = json_array(), *messages = json_array();
    for (int i = 0; i < v.ncounts; i++)
        json_array_append_new(channels,
                              jpack("{s:s, s:s, s:I}", "channel", v.counts[i].channel, "status",
                                    v.counts[i].status, "count", (json_int_t)v.counts[i].count));
    for (int i = 0; i < v.nmessages; i++)
        json_array_append_new(messages, message_json(&v.messages[i]));
    return api_json(c, 200, jpack("{s:o, s:o}", "channels", channels, "messages", messages));
}

int api_outbox_requeue(struct api_call *c)
{
    int64_t id = http_param_id(c->r, "id");
    if (svc_outbox_requeue(c->svc, c->actor, id, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "status", "queued"));
}

/* The receipt's fields are taken as they come: the signature is checked over them before
 * anything else, and the service then says what is wrong with a signed one. */
int api_outbox_receipt(struct api_call *c)
{
    struct svc_receipt got = {
        .id = json_integer_value(json_object_get(c->r->json, "id")),
        .status = json_string_value(json_object_get(c->r->json, "status")),
        .error = json_string_value(json_object_get(c->r->json, "error")),
    };
    int changed = 0;
    if (svc_outbox_receipt(c->svc, http_header(c->r, "X-Motcua-Signature"), &got, &changed, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:I, s:s, s:b}", "id", (json_int_t)got.id, "status", got.status,
                          "changed", changed));
}

static json_t *prefs_json(const struct svc_notify_prefs *p)
{
    return jpack("{s:b, s:b, s:b, s:b}", "email", p->email, "sms", p->sms, "zalo", p->zalo,
                 "chosen", p->chosen);
}

int api_my_notify_prefs(struct api_call *c)
{
    struct svc_notify_prefs p;
    if (svc_notify_prefs_get(c->svc, c->actor, &p, &c->e))
        return API_FAILED;
    return api_json(c, 200, prefs_json(&p));
}

int api_my_notify_prefs_put(struct api_call *c)
{
    struct svc_notify_prefs p = {0, 0, 0, 1};
    const struct jspec spec[] = {
        JSPEC_FLAG("email", 1, &p.email, "Nhận thông báo qua thư điện tử"),
        JSPEC_FLAG("sms", 1, &p.sms, "Nhận thông báo qua SMS"),
        JSPEC_FLAG("zalo", 1, &p.zalo, "Nhận thông báo qua Zalo"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    if (svc_notify_prefs_put(c->svc, c->actor, &p, &c->e) ||
        svc_notify_prefs_get(c->svc, c->actor, &p, &c->e))
        return API_FAILED;
    return api_json(c, 200, prefs_json(&p));
}
