/* exchange_deliver.c — the delivery loop of the exchange outbox, the same shape as the
 * outbox's (messages/delivery.c): claim a small batch in one short transaction, send each
 * message outside any transaction (a slow partner never holds a database lock), record each
 * outcome in a transaction of its own. What differs is what an exchange needs:
 *
 * - Order per object: only the head of each object's queue is claimed (exchange_store.c), so
 *   the next message of a dossier is claimed in a later batch of the same run, once this one
 *   is acknowledged.
 * - At least once: a claim is a lease on the row (next_attempt_at moved past the send's
 *   timeout); a worker killed mid-send leaves the message queued, and it is sent again after
 *   the lease with the same idempotency key, for the receiver to apply once.
 * - No give-up by count: a message the partner cannot take now is retried with the service's
 *   backoff (svc_retry_delay) for as long as it takes, since a dropped status would leave the
 *   partner wrong; one the partner refuses for good is `failed` and holds its object until an
 *   operator resends or skips it.
 * - A partner that cannot be reached is left alone for the rest of the run after its first
 *   failure, and the rest of its batch waits the same delay, so an outage costs one timeout
 *   per run, not one per message. */
#include "exchange_internal.h"

#include "exchange_store.h"
#include "log.h"

#include <string.h>

#define DEFAULT_BACKOFF 30
#define DEFAULT_BATCH   20
#define DEFAULT_TIMEOUT 20
/* A claim lasts the send's timeout and this much more (recording the outcome); only the job's
 * lease holder claims, so a claim that runs out early costs at most a duplicate the receiver
 * drops by its key. */
#define CLAIM_MARGIN 10

struct claim_ctx {
    const char *partner;
    struct arena *ar;
    int64_t now, until;
    int limit;
    struct exchange_row *rows;
    int n;
};

static int claim_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct claim_ctx *x = arg;
    return exchange_out_claim(c, x->ar, x->partner, x->now, x->until, x->limit, &x->rows, &x->n, e);
}

static int record_tx(struct db_conn *c, void *arg, struct err *e)
{
    return exchange_out_record(c, arg, e);
}

static int64_t backoff_of(struct svc *s, int attempts)
{
    const struct svc_exchange_config *cfg = exchange_config(s);
    return svc_retry_delay(cfg->backoff_seconds > 0 ? cfg->backoff_seconds : DEFAULT_BACKOFF,
                           cfg->backoff_max_seconds, attempts);
}

/* One attempt: map, send, read the answer. *reachable is 0 when the partner could not be
 * reached at all. */
static enum exchange_outcome attempt(struct exchange_partner *p, struct arena *ar,
                                     const struct exchange_row *row, int *reachable,
                                     const char **why)
{
    struct exchange_message m = {
        .id = row->id,
        .dossier_id = row->dossier_id,
        .created_at = row->created_at,
        .attempts = row->attempts,
        .partner = row->partner,
        .object_key = row->object_key,
        .kind = row->kind,
        .idem_key = row->idem_key,
        .payload = row->payload,
    };
    struct exchange_request rq = {0};
    struct exchange_response rs = {0};
    struct err e = {0};
    *reachable = 1;
    int rc = p->adapter->map(p, ar, &m, &rq, &e);
    if (rc) {
        *why = arena_strdup(ar, e.msg);
        if (rc == E_UNAVAILABLE)
            *reachable = 0;
        return rc == E_INVALID ? EXCHANGE_REJECT : EXCHANGE_RETRY;
    }
    if (exchange_http(ar, p, &rq, &rs, &e) != 0) {
        *why = arena_strdup(ar, e.msg);
        *reachable = 0;
        return EXCHANGE_RETRY;
    }
    return p->adapter->ack(p, ar, &m, &rs, why);
}

/* Sends one claimed message and records its outcome. */
static int deliver(struct svc *s, struct exchange_partner *p, struct arena *ar, int64_t now,
                   struct exchange_row *row, int *reachable, struct svc_exchange_stats *st,
                   struct err *e)
{
    const char *why = NULL;
    enum exchange_outcome o = attempt(p, ar, row, reachable, &why);
    row->attempts++;
    row->last_attempt_at = now;
    row->last_error = why;
    row->next_attempt_at = now;
    if (o == EXCHANGE_ACK) {
        row->state = "acked";
        row->acked_at = now;
        st->sent++;
    } else if (o == EXCHANGE_REJECT) {
        row->state = "failed";
        st->failed++;
    } else {
        row->state = "queued";
        row->next_attempt_at = now + backoff_of(s, row->attempts);
        st->retried++;
    }
    if (o != EXCHANGE_ACK)
        log_warn("exchange partner=%s message=%lld kind=%s: %s", p->cfg.name, (long long)row->id,
                 row->kind, why ? why : "refused");
    return db_tx(s->db, record_tx, row, e);
}

/* The rest of a batch after the partner turned out to be unreachable: back in the queue,
 * due when the failed message is, attempts unchanged (they were not tried). */
static int release(struct svc *s, struct exchange_row *rows, int from, int n, int64_t due,
                   struct err *e)
{
    int rc = 0;
    for (int i = from; !rc && i < n; i++) {
        rows[i].next_attempt_at = due;
        rc = db_tx(s->db, record_tx, &rows[i], e);
    }
    return rc;
}

/* Delivers what is due for one partner; stops at the first unreachable answer. */
static int run_partner(struct svc *s, struct exchange_partner *p, int64_t now,
                       int (*keep_going)(void *), void *arg, struct svc_exchange_stats *st,
                       struct err *e)
{
    const struct svc_exchange_config *cfg = exchange_config(s);
    int limit = cfg->batch > 0 ? cfg->batch : DEFAULT_BATCH;
    int timeout = p->cfg.timeout_seconds > 0 ? p->cfg.timeout_seconds : DEFAULT_TIMEOUT;
    int rc = 0, reachable = 1;
    while (!rc && reachable) {
        if (keep_going && !keep_going(arg)) {
            st->stopped = 1;
            break;
        }
        struct arena *ar = arena_new();
        struct claim_ctx x = {.partner = p->cfg.name,
                              .ar = ar,
                              .now = now,
                              .until = now + (int64_t)timeout + CLAIM_MARGIN,
                              .limit = limit};
        rc = db_tx(s->db, claim_tx, &x, e);
        int i = 0;
        for (; !rc && reachable && i < x.n; i++)
            rc = deliver(s, p, ar, now, &x.rows[i], &reachable, st, e);
        if (!rc && !reachable && i < x.n)
            rc = release(s, x.rows, i, x.n, x.rows[i - 1].next_attempt_at, e);
        int claimed = x.n;
        arena_free(ar);
        if (claimed == 0)
            break;
    }
    return rc;
}

/* The adapter's poll, when it has one and its schedule is due. */
static void poll_partner(struct svc *s, struct exchange_partner *p, int64_t now,
                         struct svc_exchange_stats *st)
{
    if (!p->adapter->poll || p->cfg.schedule_seconds <= 0 || now < p->next_poll_at)
        return;
    p->next_poll_at = now + p->cfg.schedule_seconds;
    struct err e = {0};
    if (p->adapter->poll(s, p, now, &e) != 0)
        log_warn("exchange partner=%s poll failed: %s", p->cfg.name, e.msg);
    st->polled++;
}

int svc_exchange_run(struct svc *s, int64_t now, int (*keep_going)(void *arg), void *arg,
                     struct svc_exchange_stats *st, struct err *e)
{
    *st = (struct svc_exchange_stats){0};
    struct exchange_partner *all = NULL;
    int n = exchange_all_partners(s, &all), rc = 0;
    for (int i = 0; !rc && !st->stopped && i < n; i++) {
        if (!all[i].cfg.url)
            continue;
        rc = run_partner(s, &all[i], now, keep_going, arg, st, e);
        if (!rc && !st->stopped)
            poll_partner(s, &all[i], now, st);
    }
    return rc;
}
