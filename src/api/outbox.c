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

int api_notifications(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_message *m = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_notifications(app->svc, a, r->arena, limit_of(r), &m, &n, &e))
        return http_resp_err(w, &e);
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)m[i].id, "event",
                                         m[i].event, "created_at", (json_int_t)m[i].created_at,
                                         "payload", payload_json(m[i].payload)));
    return http_resp_json(w, 200, jpack("{s:o}", "notifications", out));
}

static json_t *message_json(const struct svc_message *m)
{
    return jpack("{s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:s?, s:I, s:o}", "id", (json_int_t)m->id,
                 "channel", m->channel, "recipient", m->recipient, "event", m->event, "status",
                 m->status, "attempts", m->attempts, "next_attempt_at",
                 (json_int_t)m->next_attempt_at, "last_error", m->last_error, "created_at",
                 (json_int_t)m->created_at, "payload", payload_json(m->payload));
}

int api_outbox(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_outbox_view v;
    struct err e = {0};
    if (svc_outbox_view(app->svc, a, r->arena, http_query(r, "status"), limit_of(r), &v, &e))
        return http_resp_err(w, &e);
    json_t *channels = json_array(), *messages = json_array();
    for (int i = 0; i < v.ncounts; i++)
        json_array_append_new(channels,
                              jpack("{s:s, s:s, s:I}", "channel", v.counts[i].channel, "status",
                                    v.counts[i].status, "count", (json_int_t)v.counts[i].count));
    for (int i = 0; i < v.nmessages; i++)
        json_array_append_new(messages, message_json(&v.messages[i]));
    return http_resp_json(w, 200, jpack("{s:o, s:o}", "channels", channels, "messages", messages));
}

int api_outbox_requeue(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct err e = {0};
    int64_t id = http_param_id(r, "id");
    if (svc_outbox_requeue(app->svc, a, id, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "status", "queued"));
}

/* The receipt's fields are taken as they come: the signature is checked over them before
 * anything else, and the service then says what is wrong with a signed one. */
int api_outbox_receipt(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct svc_receipt got = {
        .id = json_integer_value(json_object_get(r->json, "id")),
        .status = json_string_value(json_object_get(r->json, "status")),
        .error = json_string_value(json_object_get(r->json, "error")),
    };
    int changed = 0;
    struct err e = {0};
    if (svc_outbox_receipt(app->svc, http_header(r, "X-Motcua-Signature"), &got, &changed, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200,
                          jpack("{s:I, s:s, s:b}", "id", (json_int_t)got.id, "status", got.status,
                                "changed", changed));
}

static json_t *prefs_json(const struct svc_notify_prefs *p)
{
    return jpack("{s:b, s:b, s:b, s:b}", "email", p->email, "sms", p->sms, "zalo", p->zalo,
                 "chosen", p->chosen);
}

int api_my_notify_prefs(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_notify_prefs p;
    struct err e = {0};
    if (svc_notify_prefs_get(app->svc, a, &p, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, prefs_json(&p));
}

int api_my_notify_prefs_put(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_notify_prefs p = {0, 0, 0, 1};
    const struct jspec spec[] = {
        {"email", JSPEC_BOOL, 1, 0, 0, &p.email, "Nhận thông báo qua thư điện tử"},
        {"sms", JSPEC_BOOL, 1, 0, 0, &p.sms, "Nhận thông báo qua SMS"},
        {"zalo", JSPEC_BOOL, 1, 0, 0, &p.zalo, "Nhận thông báo qua Zalo"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    if (svc_notify_prefs_put(app->svc, a, &p, &e) || svc_notify_prefs_get(app->svc, a, &p, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, prefs_json(&p));
}
