/* outbox.c — the one outbox: every message to a person (a deadline warning on the desk, and
 * later e-mail and SMS) is a row written in the same transaction as the change that causes
 * it, so a rolled-back change sends nothing and a committed one is never forgotten by a
 * crash. Internal messages are delivered by being written (the desk reads them); the other
 * channels wait as `queued` for a delivery job. Reading: a person's own notifications, and
 * for administrators the status of every channel. */
#include "svc_jobs.h"

#include "outbox_store.h"
#include "svc_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 500

static const char *const channels[] = {"internal", "email", "sms", NULL};
static const char *const statuses[] = {"queued", "sent", "delivered", "failed", NULL};

static int known(const char *const *names, const char *v)
{
    for (int i = 0; v && names[i]; i++)
        if (strcmp(names[i], v) == 0)
            return 1;
    return 0;
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
        out[i] = (struct svc_message){rows[i].id,       rows[i].created_at, rows[i].next_attempt_at,
                                      rows[i].attempts, rows[i].channel,    rows[i].recipient,
                                      rows[i].event,    rows[i].status,     rows[i].last_error,
                                      rows[i].payload};
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
        (*out)[i] =
            (struct svc_outbox_count){x.counts[i].channel, x.counts[i].status, x.counts[i].count};
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
