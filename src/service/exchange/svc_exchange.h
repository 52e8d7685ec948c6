/* svc_exchange.h — the exchange layer (docs/exchange.md): messages between motcua and other
 * systems (the national portal, and later the document axis, the civil-status, residence and
 * social-insurance systems). Outbound messages are queued in the transaction of the change
 * that causes them (exchange_internal.h: exchange_enqueue) and delivered at least once, in
 * order per object, with retries and exponential backoff and an idempotency key the receiver
 * de-duplicates on; inbound messages are authenticated, de-duplicated and applied in one
 * transaction. Each partner system is an adapter (exchange_internal.h) configured from the
 * environment (MOTCUA_PARTNERS, MOTCUA_PARTNER_<NAME>_*), never from the database. This is the
 * module's face for api/, web/, jobs/ and cli/. */
#ifndef MOTCUA_SVC_EXCHANGE_H
#define MOTCUA_SVC_EXCHANGE_H

#include "svc.h"

#include <stdint.h>

#define SVC_EXCHANGE_PARTNERS_MAX 16

/* One configured partner: the instance of an adapter (docs/exchange.md "Configuration"). */
struct svc_partner_config {
    const char *name;     /* lower case, [a-z0-9_]: "dvcqg", "hook"; the URL and page use it */
    const char *adapter;  /* the adapter's name ("webhook", "portal"…); default = name */
    const char *url;      /* base URL of the partner's API; unset = the partner is off */
    const char *user;     /* log-in name at the partner, when its adapter logs in */
    const char *password; /* log-in password at the partner */
    const char *secret;   /* what the partner presents to us (inbound: Bearer), and signs with */
    int schedule_seconds; /* the adapter's poll interval (inbound pull, reconciliation); 0 = none */
    int timeout_seconds;  /* per HTTP exchange; 0 = 20 */
};

struct svc_exchange_config {
    struct svc_partner_config partners[SVC_EXCHANGE_PARTNERS_MAX];
    int npartners;
    int backoff_seconds;     /* first retry delay, doubled per attempt up to max; 0 = 30 */
    int backoff_max_seconds; /* 0 = 1 h */
    int batch;               /* messages claimed per transaction; 0 = 20 */
};

/* Reads the configuration through get (getenv, or a test's table): MOTCUA_PARTNERS is a
 * comma-separated list of names; for each NAME (upper-cased) MOTCUA_PARTNER_<NAME>_ADAPTER,
 * _URL, _USER, _PASSWORD, _SECRET, _SCHEDULE, _TIMEOUT; MOTCUA_EXCHANGE_BACKOFF,
 * MOTCUA_EXCHANGE_BACKOFF_MAX, MOTCUA_EXCHANGE_BATCH. The strings are get's, not copied.
 * E_INVALID naming the variable for a bad name, an unknown adapter or a bad number. */
int svc_exchange_config_read(struct svc_exchange_config *out, const char *(*get)(const char *),
                             struct err *e);
/* Installs the configuration in the service (copied; svc_close frees it). Until it is called
 * no partner is configured: exchange_enqueue queues nothing and inbound is refused. */
int svc_exchange_configure(struct svc *s, const struct svc_exchange_config *cfg, struct err *e);

/* Calls fn(arg) whenever a message is queued (inside the queuing transaction, so fn must only
 * wake something up, never wait): the job runner uses it to deliver within a second instead
 * of at its next round. NULL removes it; once this returns the old fn is no longer running. */
void svc_exchange_on_queue(struct svc *s, void (*fn)(void *arg), void *arg);

/* One run of the delivery worker (the exchange job, src/jobs/exchange_job.c) at `now`: for
 * every configured partner, claims the due messages that head their object's queue, sends
 * each outside any transaction, and records each outcome in a transaction of its own. A
 * partner that cannot be reached is left for this run after its first failure. keep_going is
 * asked before every batch (NULL = always go on). */
struct svc_exchange_stats {
    int sent, retried, failed; /* acknowledged, to be tried again, refused for good */
    int polled;                /* partners whose poll ran */
    int stopped;               /* 1 when keep_going ended the run early */
};
int svc_exchange_run(struct svc *s, int64_t now, int (*keep_going)(void *arg), void *arg,
                     struct svc_exchange_stats *st, struct err *e);

/* An inbound message as the HTTP edge received it (POST /api/v1/exchange/{partner}). */
struct svc_exchange_inbound {
    const char *partner;       /* from the path */
    const char *authorization; /* the Authorization header, "Bearer <secret>" */
    const char *idem_key;      /* the Idempotency-Key header; NULL = the adapter finds it */
    const char *content_type;
    const char *body;
    size_t len;
};
/* The answer for the partner: HTTP status and a JSON body
 * {"status": "applied"|"duplicate"|"rejected", "key", "message"}, in arena a. */
struct svc_exchange_answer {
    int http_status;
    const char *body;
};
/* Authenticates (the partner's secret, in constant time), de-duplicates on (partner, key) and
 * applies through the partner's adapter, all in one transaction; a duplicate gets the first
 * answer again and changes nothing. Returns non-zero only for what the edge answers itself:
 * E_NOTFOUND for an unknown or unconfigured partner, E_UNAUTH for a wrong secret, E_INVALID
 * (422) for a message without a key or one the adapter cannot read. */
int svc_exchange_receive(struct svc *s, struct arena *a, const struct svc_exchange_inbound *in,
                         struct svc_exchange_answer *out, struct err *e);

/* What operators see per partner (the admin page /admin/lien-thong, /metrics). */
struct svc_exchange_partner_view {
    const char *name, *adapter, *url; /* the URL without credentials */
    int configured;                   /* 1 when its URL is set */
    int64_t queued;                   /* unacknowledged messages (queued + failed) */
    int64_t failed;                   /* refused for good, waiting for resend or skip */
    int64_t retrying;                 /* queued with at least one failed attempt */
    int64_t oldest_unsent_at;         /* created_at of the oldest unacknowledged; 0 = none */
    int64_t lag_seconds;              /* now − oldest_unsent_at; 0 when nothing waits */
    int64_t acked, skipped, received; /* totals: acknowledged, skipped, inbound applied */
    int64_t last_ack_at;              /* 0 = never */
};
struct svc_exchange_message {
    int64_t id, created_at, next_attempt_at, acked_at, dossier_id;
    int attempts;
    const char *partner, *object_key, *kind, *idem_key, *payload;
    const char *state;       /* queued | acked | failed | skipped */
    const char *last_error;  /* the partner's answer, or what went wrong; NULL = none */
    const char *state_label; /* Vietnamese, for pages */
};
/* Every configured partner's numbers at now (admins and auditors without a unit). */
int svc_exchange_partners(struct svc *s, const struct actor *a, struct arena *ar, int64_t now,
                          struct svc_exchange_partner_view **out, int *n, struct err *e);
/* The same numbers without an actor, for /metrics (the edge guards /metrics itself). */
int svc_exchange_metrics(struct svc *s, struct arena *ar, int64_t now,
                         struct svc_exchange_partner_view **out, int *n, struct err *e);
/* One partner's numbers and its messages in trouble (failed, or queued after a failed
 * attempt), oldest first, at most limit; E_NOTFOUND for an unknown partner. */
int svc_exchange_partner(struct svc *s, const struct actor *a, struct arena *ar,
                         const char *partner, int64_t now, int limit,
                         struct svc_exchange_partner_view *view, struct svc_exchange_message **msgs,
                         int *n, struct err *e);
/* One message (admins and auditors without a unit); E_NOTFOUND. */
int svc_exchange_message_get(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                             struct svc_exchange_message *out, struct err *e);
/* Sends a message again now (admins without a unit, audited): a failed one is queued with a
 * fresh count of attempts, a queued one is made due at once. E_CONFLICT for an acknowledged
 * or skipped message, E_NOTFOUND. */
int svc_exchange_resend(struct svc *s, const struct actor *a, int64_t id, struct err *e);
/* The longest reason an operator may give for a skip (characters of UTF-8, counted in bytes). */
#define SVC_EXCHANGE_REASON_MAX 500
/* Gives a message up (admins without a unit, audited, with the operator's reason): it is
 * never sent, and the messages after it for the same object go on. E_CONFLICT for an
 * acknowledged or skipped message, E_INVALID on "reason" when it is empty or longer than
 * SVC_EXCHANGE_REASON_MAX, E_NOTFOUND. */
int svc_exchange_skip(struct svc *s, const struct actor *a, int64_t id, const char *reason,
                      struct err *e);
/* "Chờ gửi", "Đã xác nhận", "Bị từ chối", "Đã bỏ qua" for a state; "" for another. */
const char *svc_exchange_state_label(const char *state);

#endif
