/* outbox.c — the one outbox: every message to a person (a deadline warning on the desk, and
 * later e-mail and SMS) is a row written in the same transaction as the change that causes
 * it, so a rolled-back change sends nothing and a committed one is never forgotten by a
 * crash. Internal messages are delivered by being written (the desk reads them); the other
 * channels wait as `queued` for a delivery job. Reading: a person's own notifications, and
 * for administrators the status of every channel. Afterwards: an SMS or Zalo gateway's signed
 * delivery receipt moves a message on to delivered or failed, and an administrator may send a
 * failed message again — except a one-time code's, whose code is gone (code_internal.h). */
#include "svc_jobs.h"
#include "jpack.h"

#include "code_internal.h"
#include "delivery_internal.h"
#include "outbox_store.h"
#include "svc_delivery.h"
#include "svc_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 500

static const char *const channels[] = {"internal", "email", "sms", "zalo", NULL};
static const char *const receipt_statuses[] = {"delivered", "failed", NULL};

#define RECEIPT_ERROR_MAX 500
static const char *const statuses[] = {"queued", "sent", "delivered", "failed", NULL};

/* How a status reads in a sentence about one message. */
static const char *status_label(const char *status)
{
    static const char *const labels[][2] = {{"queued", "đang chờ gửi"},
                                            {"sent", "đã được gửi đi"},
                                            {"delivered", "đã đến người nhận"},
                                            {"failed", "đã gửi thất bại"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], status) == 0)
            return labels[i][1];
    return status;
}

static int known(const char *const *names, const char *v)
{
    for (int i = 0; v && names[i]; i++)
        if (strcmp(names[i], v) == 0)
            return 1;
    return 0;
}

/* Read here, where the outbox's payloads are, because both the outbox (which keeps a code's
 * message out of the list a person reads) and the delivery loop ask it (code_internal.h). */
int64_t code_message_ref(const char *payload)
{
    json_t *p = payload ? json_loads(payload, 0, NULL) : NULL;
    int64_t ref = (int64_t)json_integer_value(json_object_get(p, "code_ref"));
    json_decref(p);
    return ref;
}

int svc_outbox_add(struct db_conn *c, const struct svc_outbox_new *m, json_t *payload,
                   struct err *e)
{
    char *text = payload ? json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(payload);
    int rc = 0;
    if (!known(channels, m->channel) || !m->recipient || !*m->recipient || !m->event)
        rc = err_set(e, E_INTERNAL, NULL, "outbox message without channel, recipient or event");
    else if (!text)
        rc = err_set(e, E_NOMEM, NULL, "out of memory");
    int internal = !rc && strcmp(m->channel, "internal") == 0;
    struct outbox_row row = {.dossier_id = m->dossier_id,
                             .user_id = m->user_id,
                             .next_attempt_at = m->now,
                             .created_at = m->now,
                             .channel = m->channel,
                             .recipient = m->recipient,
                             .event = m->event,
                             .payload = text,
                             .status = internal ? "delivered" : "queued"};
    if (!rc)
        rc = outbox_insert(c, &row, e);
    free(text);
    return rc;
}

static int clamp_limit(int limit)
{
    return limit > 0 && limit <= MAX_LIST ? limit : 100;
}

static struct svc_message *messages_out(struct arena *ar, const struct outbox_row *rows, int n)
{
    struct svc_message *out = arena_alloc(ar, sizeof *out * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        out[i] = (struct svc_message){.id = rows[i].id,
                                      .created_at = rows[i].created_at,
                                      .next_attempt_at = rows[i].next_attempt_at,
                                      .attempts = rows[i].attempts,
                                      .channel = rows[i].channel,
                                      .recipient = rows[i].recipient,
                                      .event = rows[i].event,
                                      .status = rows[i].status,
                                      .last_error = rows[i].last_error,
                                      .payload = rows[i].payload};
    return out;
}

struct list_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *status;
    int limit;
    struct outbox_row *rows;
    struct outbox_count *counts;
    int n;
};

static int mine_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    return outbox_for_user(c, x->ar, x->a->user_id, "internal", x->limit, &x->rows, &x->n, e);
}

int svc_notifications(struct svc *s, const struct actor *a, struct arena *ar, int limit,
                      struct svc_message **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!a->user_id)
        return err_set(e, E_UNAUTH, NULL, "Vui lòng đăng nhập");
    struct list_ctx x = {a, ar, NULL, clamp_limit(limit), NULL, NULL, 0};
    int rc = db_with_conn(s->db, mine_read, &x, e);
    if (!rc) {
        *out = messages_out(ar, x.rows, x.n);
        *n = x.n;
    }
    return rc;
}

static int pending_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    return rc ? rc : outbox_counts(c, x->ar, &x->counts, &x->n, e);
}

int svc_outbox_pending(struct svc *s, const struct actor *a, struct arena *ar,
                       struct svc_outbox_count **out, int *n, struct err *e)
{
    struct list_ctx x = {a, ar, NULL, 0, NULL, NULL, 0};
    *out = NULL;
    *n = 0;
    int rc = db_with_conn(s->db, pending_read, &x, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(x.n ? x.n : 1));
    for (int i = 0; i < x.n; i++)
        (*out)[i] = (struct svc_outbox_count){.channel = x.counts[i].channel,
                                              .status = x.counts[i].status,
                                              .count = x.counts[i].count};
    *n = x.n;
    return 0;
}

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc && x->status && !known(statuses, x->status))
        rc = err_set(e, E_INVALID, "status",
                     "Trạng thái phải là queued, sent, delivered hoặc failed");
    return rc ? rc : outbox_list(c, x->ar, x->status, x->limit, &x->rows, &x->n, e);
}

int svc_outbox_list(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                    int limit, struct svc_message **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (status && !*status)
        status = NULL;
    struct list_ctx x = {a, ar, status, clamp_limit(limit), NULL, NULL, 0};
    int rc = db_with_conn(s->db, list_read, &x, e);
    if (!rc) {
        *out = messages_out(ar, x.rows, x.n);
        *n = x.n;
    }
    return rc;
}

int svc_outbox_view(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                    int limit, struct svc_outbox_view *out, struct err *e)
{
    *out = (struct svc_outbox_view){0};
    int rc = svc_outbox_pending(s, a, ar, &out->counts, &out->ncounts, e);
    return rc ? rc : svc_outbox_list(s, a, ar, status, limit, &out->messages, &out->nmessages, e);
}

const char *svc_receipt_signed_text(struct arena *a, const struct svc_receipt *r)
{
    return arena_printf(a, "id=%lld&status=%s&error=%s", (long long)r->id,
                        r->status ? r->status : "", r->error ? r->error : "");
}

static int receipt_valid(const struct svc_receipt *r, struct err *e)
{
    if (r->id <= 0)
        return err_set(e, E_INVALID, "id", "Mã tin nhắn (id) phải là số nguyên dương");
    if (!known(receipt_statuses, r->status))
        return err_set(e, E_INVALID, "status", "Trạng thái phải là delivered hoặc failed");
    if (r->error && strlen(r->error) > RECEIPT_ERROR_MAX)
        return err_set(e, E_INVALID, "error", "Lý do không được dài quá %d ký tự",
                       RECEIPT_ERROR_MAX);
    return 0;
}

struct receipt_ctx {
    const struct svc_receipt *r;
    int changed;
};

/* What the gateway said went wrong, for last_error; NULL (cleared) for a delivery. */
static const char *receipt_error(struct arena *ar, const struct svc_receipt *r)
{
    if (r->error && *r->error)
        return arena_printf(ar, "receipt: %s", r->error);
    return strcmp(r->status, "failed") == 0 ? "receipt: failed" : NULL;
}

/* A receipt is final: the same one again is a no-op, the other outcome afterwards is refused
 * (the gateway contradicts itself; staff should look). */
static int receipt_apply(struct db_conn *c, struct arena *ar, const struct outbox_row *m,
                         const struct svc_receipt *r, int *changed, struct err *e)
{
    if (strcmp(m->channel, "sms") != 0 && strcmp(m->channel, "zalo") != 0)
        return err_set(e, E_CONFLICT, "id",
                       "Tin nhắn số %lld không gửi qua SMS hay Zalo, không nhận biên nhận",
                       (long long)m->id);
    if (strcmp(m->status, r->status) == 0)
        return 0;
    if (known(receipt_statuses, m->status))
        return err_set(e, E_CONFLICT, "status", "Tin nhắn số %lld %s", (long long)m->id,
                       status_label(m->status));
    int64_t n = 0;
    int rc = outbox_receipt(c, m->id, r->status, receipt_error(ar, r), &n, e);
    *changed = n == 1;
    return rc;
}

static int receipt_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct receipt_ctx *x = arg;
    struct arena *ar = arena_new();
    struct outbox_row m;
    int rc = outbox_get(c, ar, x->r->id, &m, e);
    if (!rc)
        rc = receipt_apply(c, ar, &m, x->r, &x->changed, e);
    arena_free(ar);
    return rc;
}

int svc_outbox_receipt(struct svc *s, const char *signature, const struct svc_receipt *r,
                       int *changed, struct err *e)
{
    const char *secret = s->cfg.webhook_secret;
    *changed = 0;
    if (!secret || !*secret)
        return err_set(e, E_UNAVAILABLE, NULL,
                       "Chưa cấu hình khóa ký biên nhận (MOTCUA_WEBHOOK_SECRET)");
    struct arena *ar = arena_new();
    const char *text = svc_receipt_signed_text(ar, r);
    int ok = webhook_signature_ok(secret, text, strlen(text), signature);
    arena_free(ar);
    if (!ok)
        return err_set(e, E_UNAUTH, "signature", "Chữ ký biên nhận không hợp lệ");
    int rc = receipt_valid(r, e);
    struct receipt_ctx x = {r, 0};
    if (!rc)
        rc = db_tx(s->db, receipt_tx, &x, e);
    *changed = x.changed;
    return rc;
}

struct requeue_ctx {
    const struct actor *a;
    int64_t id;
};

static int requeue_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct requeue_ctx *x = arg;
    struct arena *ar = arena_new();
    struct outbox_row m;
    int64_t changed = 0;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = outbox_get(c, ar, x->id, &m, e);
    /* Its code was forgotten when it failed: a person who still needs one asks again. */
    if (!rc && code_message_ref(m.payload))
        rc = err_set(e, E_CONFLICT, "id",
                     "Tin nhắn số %lld chứa mã dùng một lần nên không gửi lại được; người dân "
                     "hãy yêu cầu mã mới",
                     (long long)m.id);
    if (!rc)
        rc = outbox_requeue(c, m.id, svc_now(), &changed, e);
    if (!rc && changed != 1)
        rc = err_set(e, E_CONFLICT, "id", "Chỉ gửi lại được tin nhắn gửi thất bại; tin này %s",
                     status_label(m.status));
    if (!rc)
        rc = svc_audit_json(c, x->a, "outbox.requeue", "outbox",
                            arena_printf(ar, "%lld", (long long)m.id),
                            jpack("{s:s, s:s, s:i, s:s?}", "channel", m.channel, "event", m.event,
                                  "attempts", m.attempts, "last_error", m.last_error),
                            e);
    arena_free(ar);
    return rc;
}

int svc_outbox_requeue(struct svc *s, const struct actor *a, int64_t id, struct err *e)
{
    struct requeue_ctx x = {a, id};
    return db_tx(s->db, requeue_tx, &x, e);
}
