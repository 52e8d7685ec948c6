/* pages_outbox.c — /desk/thong-bao, for administrators: the one outbox seen from the office.
 * A table of counts per channel (e-mail, SMS, Zalo OA, in the system) and status (waiting,
 * sent, delivered, failed) shows a backlog or a channel that stopped working; below, the
 * failed messages with what went wrong last and a button that queues one again (audited by
 * the service). Permission is checked again in the service layer. */
#include "page.h"
#include "jpack.h"
#include "pages_outbox.h"

#include "svc_labels.h"
#include "svc_delivery.h"
#include "svc_jobs.h"

#include <string.h>

#define FAILED_SHOWN 200

static const char *const channels[][2] = {
    {"email", "Thư điện tử"}, {"sms", "SMS"}, {"zalo", "Zalo OA"}, {"internal", "Trong hệ thống"}};
static const char *const statuses[] = {"queued", "sent", "delivered", "failed"};

static const char *channel_label(const char *channel)
{
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        if (strcmp(channels[i][0], channel) == 0)
            return channels[i][1];
    return channel;
}

static int64_t count_of(const struct svc_outbox_count *c, int n, const char *channel,
                        const char *status)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].channel, channel) == 0 && strcmp(c[i].status, status) == 0)
            return c[i].count;
    return 0;
}

static json_t *counts_json(const struct svc_outbox_count *c, int n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++) {
        json_t *cells = json_array();
        for (size_t k = 0; k < sizeof statuses / sizeof statuses[0]; k++)
            json_array_append_new(
                cells,
                jpack("{s:I}", "count", (json_int_t)count_of(c, n, channels[i][0], statuses[k])));
        json_array_append_new(rows, jpack("{s:s, s:o}", "label", channels[i][1], "cells", cells));
    }
    return rows;
}

/* The subject the person was sent, from the stored payload. */
static const char *subject_of(struct http_req *r, const char *payload)
{
    json_t *p = page_own(r, json_loads(payload, 0, NULL));
    const char *s = json_string_value(json_object_get(p, "subject"));
    return arena_strdup(r->arena, s ? s : "");
}

static json_t *failed_json(struct http_req *r, const struct svc_message *m, int n)
{
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, jpack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "id",
                                          (json_int_t)m[i].id, "created",
                                          page_datetime(r, m[i].created_at), "channel",
                                          channel_label(m[i].channel), "recipient", m[i].recipient,
                                          "event", svc_event_label(m[i].event), "subject",
                                          subject_of(r, m[i].payload), "attempts", m[i].attempts,
                                          "last_error", m[i].last_error ? m[i].last_error : ""));
    return rows;
}

static int outbox_page(struct http_req *r, struct http_resp *w, int status, const struct err *fe)
{
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct svc_outbox_view v;
    struct err e = {0};
    if (svc_outbox_view(app->svc, a, r->arena, "failed", FAILED_SHOWN, &v, &e))
        return app_err(r, w, &e);
    json_t *ctx = jpack("{s:o, s:o, s:b}", "channels", counts_json(v.counts, v.ncounts), "failed",
                        failed_json(r, v.messages, v.nmessages), "any_failed", v.nmessages > 0);
    const char *again = http_query(r, "gui-lai");
    if (again && *again)
        json_object_set_new(ctx, "requeued", json_string(again));
    if (fe)
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", fe->field, "message", fe->msg));
    return page_render(r, w, status, "desk_outbox", "Thông báo gửi người dân", ctx);
}

int page_desk_outbox(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return outbox_page(r, w, 200, NULL);
}

int page_desk_outbox_requeue(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct err e = {0};
    int64_t id = http_param_id(r, "id");
    if (svc_outbox_requeue(app->svc, a, id, &e) != 0)
        return outbox_page(r, w, http_status_for(e.code), &e);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/thong-bao?gui-lai=%lld", (long long)id));
    return 0;
}
