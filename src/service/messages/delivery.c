/* delivery.c — the delivery loop of the outbox: claim a small batch of due messages in one
 * short transaction, send each outside any transaction (a slow SMTP server or gateway never
 * holds a database lock, and a failed channel never touches the dossier, whose transition
 * committed long ago), then record each outcome in a transaction of its own. A failure is
 * retried with exponential backoff (base, 2·base, 4·base … at most one hour) until
 * max_attempts, then the message is `failed` with its last error kept for staff. A claim is
 * a lease on the row (its next_attempt_at moved past the send's timeout), so a worker that
 * dies mid-send leaves the message to be sent again later, never lost. E-mail goes over SMTP,
 * SMS and Zalo OA each to its own webhook; a channel without configuration is not claimed.
 * A gateway's delivery receipt may arrive before the outcome is recorded: the record then
 * leaves the receipt's final status alone (outbox_record). A one-time code's message is
 * rendered here from its sealed code and the code forgotten when the outcome is recorded. */
#include "svc_delivery.h"

#include "code_internal.h"
#include "delivery_internal.h"
#include "outbox_store.h"
#include "svc_internal.h"

#include <jansson.h>
#include <string.h>

#define DEFAULT_ATTEMPTS 8
#define DEFAULT_TIMEOUT  20
#define DEFAULT_BATCH    20

static int given(const char *s)
{
    return s && *s;
}

/* The channels this configuration can send: a channel without its URL keeps its messages
 * queued. */
static unsigned configured_channels(const struct svc_delivery_config *cfg)
{
    return (given(cfg->smtp_url) ? OUTBOX_EMAIL : 0u) |
           (given(cfg->sms_webhook) ? OUTBOX_SMS : 0u) |
           (given(cfg->zalo_webhook) ? OUTBOX_ZALO : 0u);
}

/* The delay before attempt number attempts + 1: the service's one retry policy. */
static int64_t delivery_backoff(const struct svc_delivery_config *cfg, int attempts)
{
    return svc_retry_delay(cfg->backoff_seconds, 0, attempts);
}

struct claim_ctx {
    const struct svc_delivery_config *cfg;
    struct arena *ar;
    int64_t now;
    struct outbox_row *rows;
    int n;
};

static int claim_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct claim_ctx *x = arg;
    int timeout = x->cfg->timeout_seconds > 0 ? x->cfg->timeout_seconds : DEFAULT_TIMEOUT;
    int batch = x->cfg->batch > 0 ? x->cfg->batch : DEFAULT_BATCH;
    return outbox_claim(c, x->ar, x->now, x->now + 2 * (int64_t)timeout + 60,
                        configured_channels(x->cfg), batch, &x->rows, &x->n, e);
}

/* The outcome, and for a one-time code that went out (or never will) the code forgotten in
 * the same transaction: it never outlives its delivery. */
static int record_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct outbox_row *row = arg;
    int rc = outbox_record(c, row, e);
    if (!rc && strcmp(row->status, "queued") != 0)
        rc = code_message_done(c, code_message_ref(row->payload), e);
    return rc;
}

/* The message as the person reads it: the stored text and, for a message about a dossier,
 * the lookup link (a one-time code or a feedback answer has none: its "code", if any, is not a
 * dossier's). */
static int message_of(struct svc *s, struct arena *ar, const struct svc_delivery_config *cfg,
                      const struct outbox_row *row, struct delivery_msg *m, struct err *e)
{
    json_t *p = json_loads(row->payload, 0, NULL);
    const char *code = row->dossier_id ? json_string_value(json_object_get(p, "code")) : NULL;
    const char *subject = json_string_value(json_object_get(p, "subject"));
    const char *text = json_string_value(json_object_get(p, "text"));
    int rc = 0;
    /* A one-time code is written into its message only now (code_internal.h). */
    if (code_message_ref(row->payload) &&
        (rc = code_message_render(s, ar, row->payload, &subject, &text, e)) != 0) {
        json_decref(p);
        return rc;
    }
    if (!subject || !text || (row->dossier_id && !code))
        rc = err_set(e, E_INVALID, NULL, "the message has no subject, text or dossier code");
    else
        *m = (struct delivery_msg){
            .id = row->id,
            .channel = row->channel,
            .recipient = row->recipient,
            .event = row->event,
            .code = code ? arena_strdup(ar, code) : NULL,
            .subject = arena_strdup(ar, subject),
            .text = code && given(cfg->base_url)
                        ? arena_printf(
                              ar, "%s\nTra cứu hồ sơ: %s\n", text,
                              svc_dossier_lookup_url(ar, cfg->base_url, code, row->lookup_token))
                        : arena_strdup(ar, text)};
    json_decref(p);
    return rc;
}

static int send_one(struct svc *s, struct arena *ar, const struct svc_delivery_config *cfg,
                    const struct outbox_row *row, struct err *e)
{
    struct delivery_msg m;
    int rc = message_of(s, ar, cfg, row, &m, e);
    if (rc)
        return rc;
    if (strcmp(row->channel, "email") == 0)
        return delivery_smtp_send(cfg, &m, e);
    const char *url = strcmp(row->channel, "zalo") == 0 ? cfg->zalo_webhook : cfg->sms_webhook;
    return delivery_webhook_send(cfg, url, &m, e);
}

static void count(struct svc_delivery_stats *st, const char *status)
{
    if (strcmp(status, "sent") == 0)
        st->sent++;
    else if (strcmp(status, "failed") == 0)
        st->failed++;
    else
        st->retried++;
}

/* Sends one claimed message and records the outcome. */
static int deliver(struct svc *s, struct arena *ar, const struct svc_delivery_config *cfg,
                   int64_t now, struct outbox_row *row, struct svc_delivery_stats *st,
                   struct err *e)
{
    struct err why = {0};
    int sent = send_one(s, ar, cfg, row, &why);
    int attempts_max = cfg->max_attempts > 0 ? cfg->max_attempts : DEFAULT_ATTEMPTS;
    row->attempts++;
    row->last_error = sent ? arena_strdup(ar, why.msg) : NULL;
    if (!sent)
        row->status = "sent";
    else if (sent == E_INVALID || row->attempts >= attempts_max)
        row->status = "failed";
    else
        row->status = "queued";
    row->next_attempt_at =
        strcmp(row->status, "queued") == 0 ? now + delivery_backoff(cfg, row->attempts) : now;
    count(st, row->status);
    return db_tx(s->db, record_tx, row, e);
}

int svc_delivery_run(struct svc *s, const struct svc_delivery_config *cfg, int64_t now,
                     int (*keep_going)(void *arg), void *arg, struct svc_delivery_stats *st,
                     struct err *e)
{
    *st = (struct svc_delivery_stats){0};
    int batch = cfg->batch > 0 ? cfg->batch : DEFAULT_BATCH;
    int rc = 0;
    for (;;) {
        if (keep_going && !keep_going(arg)) {
            st->stopped = 1;
            break;
        }
        struct arena *ar = arena_new();
        struct claim_ctx x = {cfg, ar, now, NULL, 0};
        rc = db_tx(s->db, claim_tx, &x, e);
        for (int i = 0; !rc && i < x.n; i++)
            rc = deliver(s, ar, cfg, now, &x.rows[i], st, e);
        arena_free(ar);
        if (rc || x.n < batch)
            break;
    }
    return rc;
}
