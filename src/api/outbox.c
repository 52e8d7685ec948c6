/* outbox.c — GET /api/v1/notifications: the logged-in person's own messages from the
 * outbox (deadline warnings, apology proposals), newest first; GET /api/v1/outbox: for
 * administrators, how many messages each channel has in each status and the latest messages,
 * optionally of one status (?status=queued|sent|delivered|failed). */
#include "api.h"
#include "api_outbox.h"

#include "svc_jobs.h"

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
        json_array_append_new(out,
                              json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)m[i].id, "event",
                                        m[i].event, "created_at", (json_int_t)m[i].created_at,
                                        "payload", payload_json(m[i].payload)));
    return http_resp_json(w, 200, json_pack("{s:o}", "notifications", out));
}

static json_t *message_json(const struct svc_message *m)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:s?, s:I, s:o}", "id", (json_int_t)m->id,
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
    struct svc_outbox_count *c = NULL;
    struct svc_message *m = NULL;
    int nc = 0, nm = 0;
    struct err e = {0};
    if (svc_outbox_pending(app->svc, a, r->arena, &c, &nc, &e) ||
        svc_outbox_list(app->svc, a, r->arena, http_query(r, "status"), limit_of(r), &m, &nm, &e))
        return http_resp_err(w, &e);
    json_t *channels = json_array(), *messages = json_array();
    for (int i = 0; i < nc; i++)
        json_array_append_new(channels,
                              json_pack("{s:s, s:s, s:I}", "channel", c[i].channel, "status",
                                        c[i].status, "count", (json_int_t)c[i].count));
    for (int i = 0; i < nm; i++)
        json_array_append_new(messages, message_json(&m[i]));
    return http_resp_json(w, 200,
                          json_pack("{s:o, s:o}", "channels", channels, "messages", messages));
}
