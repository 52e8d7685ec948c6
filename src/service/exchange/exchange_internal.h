/* exchange_internal.h — the exchange layer as the other service modules and the adapters see
 * it (docs/exchange.md): exchange_enqueue, called inside the transaction of the change that
 * causes a message; the partner adapters (a mapping from a queued message to an HTTP request,
 * an acknowledgement parser, and optionally the application of inbound messages and a poll);
 * the HTTP client they share. Not for the layers above: they use svc_exchange.h. */
#ifndef MOTCUA_EXCHANGE_INTERNAL_H
#define MOTCUA_EXCHANGE_INTERNAL_H

#include "svc_exchange.h"
#include "svc_internal.h"

#include <stddef.h>
#include <stdint.h>

/* ---- Queuing a message (any service module, inside its transaction) ---------------------- */

struct exchange_new {
    const char *partner;    /* a configured partner's name ("dvcqg"); see exchange_partners_of */
    const char *object_key; /* what orders the messages: "dossier:42"; a message waits while an
                               earlier one of the same partner and key is unacknowledged */
    const char *kind;       /* the event, e.g. "dossier.received", "dossier.status" (the
                               adapter's vocabulary; shown to operators) */
    const char *idem_key;   /* unique per partner, sent to the receiver (Idempotency-Key);
                               NULL = a random one. The same key again queues nothing. */
    int64_t dossier_id;     /* the dossier it is about, for the operator's page; 0 = none */
    int64_t now;            /* the change's business time (created_at, first due moment) */
};
/* Queues one message inside the caller's transaction, so it exists exactly when the change
 * does. Takes ownership of (decrefs) payload, a JSON object kept as the message's body for the
 * adapter. When the partner is not configured nothing is written and *id is 0 (a deployment
 * without that partner); when the key was queued before, *id is the earlier message's. id may
 * be NULL. E_INVALID for a missing object key or kind. */
int exchange_enqueue(struct svc *s, struct db_conn *c, const struct exchange_new *m,
                     struct json_t *payload, int64_t *id, struct err *e);

/* ---- Partners and adapters --------------------------------------------------------------- */

struct exchange_adapter;
/* A configured partner: its configuration (from the environment), its adapter, and a slot the
 * adapter keeps its state in (a log-in session…) under lock. Lives as long as the service. */
struct exchange_partner {
    struct svc_partner_config cfg;
    const struct exchange_adapter *adapter;
    pthread_mutex_t lock; /* guards state */
    void *state;          /* the adapter's; freed with adapter->dispose */
    int64_t next_poll_at; /* business time of the next poll (the worker's) */
};
/* The configured partner of that name (URL set), or NULL. */
struct exchange_partner *exchange_partner_find(struct svc *s, const char *name);
/* The configured partners whose adapter is named adapter (e.g. every "portal"), at most max;
 * returns how many. */
int exchange_partners_of(struct svc *s, const char *adapter, struct exchange_partner **out,
                         int max);

/* An HTTP exchange with a partner (exchange_http). */
struct exchange_request {
    const char *method;       /* NULL = POST (GET when there is no body) */
    const char *url;          /* absolute; exchange_url joins the partner's base and a path */
    const char *content_type; /* NULL = application/json */
    const char *body;         /* NULL = none */
    size_t len;               /* of body; 0 = strlen */
    const char *idem_key;     /* sent as Idempotency-Key; NULL = none */
    const char *bearer;       /* sent as Authorization: Bearer; NULL = none */
    const char *headers[8];   /* more "Name: value" lines, NULL after the last */
};
struct exchange_response {
    long status;      /* HTTP status */
    const char *body; /* NUL-terminated, in the arena; "" for none */
    size_t len;
};
/* base URL + path (path begins with '/'), in a. */
const char *exchange_url(struct arena *a, const struct exchange_partner *p, const char *path);
/* Sends rq with the partner's timeout (svc_http_send). A status of any kind is a response
 * (0); E_UNAVAILABLE when the partner cannot be reached or does not answer in time. */
int exchange_http(struct arena *a, const struct exchange_partner *p,
                  const struct exchange_request *rq, struct exchange_response *rs, struct err *e);

/* A queued message as the adapter sees it at delivery. */
struct exchange_message {
    int64_t id, dossier_id, created_at;
    int attempts;                                                 /* attempts before this one */
    const char *partner, *object_key, *kind, *idem_key, *payload; /* payload: JSON text */
};
enum exchange_outcome {
    EXCHANGE_ACK,    /* the partner has it: never sent again */
    EXCHANGE_RETRY,  /* not now (down, busy, 5xx, session expired): again after the backoff */
    EXCHANGE_REJECT, /* refused for good (4xx, a rejected field): failed, waits for an operator */
};
/* An inbound message as the adapter reads it. */
struct exchange_inbound {
    const char *idem_key; /* the de-duplication key (header, or found in the body) */
    const char *kind;     /* the event, for the record; "" when the adapter has none */
    const char *body;     /* as received */
    size_t len;
    const char *content_type;
};
/* What applying an inbound message did: kept with its key and answered again to duplicates. */
struct exchange_applied {
    const char *message; /* for the partner ("Đã nhận hồ sơ G22.99-…"); NULL = none */
    int64_t dossier_id;  /* the dossier it made or changed; 0 = none */
};

struct exchange_adapter {
    const char *name; /* as MOTCUA_PARTNER_<NAME>_ADAPTER names it: "webhook", "portal" */
    /* Builds the request for one message (outside any transaction). It may log in first
     * through exchange_http and keep the session in p->state (under p->lock). E_INVALID =
     * the message can never be sent (failed at once); another code = try again later. */
    int (*map)(struct exchange_partner *p, struct arena *a, const struct exchange_message *m,
               struct exchange_request *rq, struct err *e);
    /* Reads the partner's answer to that request; *why (in a) is the partner's own words for
     * the operator when the outcome is not ACK (or NULL). */
    enum exchange_outcome (*ack)(struct exchange_partner *p, struct arena *a,
                                 const struct exchange_message *m,
                                 const struct exchange_response *rs, const char **why);
    /* Optional: reads an inbound message's key and kind when the Idempotency-Key header is
     * absent (in->idem_key NULL on entry). E_INVALID when the message cannot be read. */
    int (*inbound_key)(struct exchange_partner *p, struct arena *a, struct exchange_inbound *in,
                       struct err *e);
    /* Optional (NULL = the partner sends nothing in): applies an inbound message inside the
     * receiving transaction, which also records its key; an error rolls everything back and
     * is answered (E_INVALID → 422 "rejected", its message the partner's to read). */
    int (*apply)(struct svc *s, struct db_conn *c, struct exchange_partner *p, struct arena *a,
                 const struct exchange_inbound *in, int64_t now, struct exchange_applied *out,
                 struct err *e);
    /* Optional: runs every cfg.schedule_seconds from the worker, outside any transaction
     * (fetch inbound messages and hand each to exchange_accept; reconcile…). */
    int (*poll)(struct svc *s, struct exchange_partner *p, int64_t now, struct err *e);
    /* Optional: frees p->state. */
    void (*dispose)(void *state);
};

/* Authenticated inbound (a push that passed the secret, or what a poll fetched): the key is
 * recorded and the adapter's apply runs in one transaction; a key seen before changes nothing
 * (*duplicate = 1, *out the first answer's message). */
int exchange_accept(struct svc *s, struct exchange_partner *p, struct arena *a,
                    const struct exchange_inbound *in, int64_t now, int *duplicate,
                    struct exchange_applied *out, struct err *e);

/* For the module's own files: every partner named in the configuration (configured or not),
 * and the configuration installed. */
int exchange_all_partners(struct svc *s, struct exchange_partner **out);
const struct svc_exchange_config *exchange_config(struct svc *s);

/* The adapters compiled in (adapters.c); a partner names one of them. */
extern const struct exchange_adapter exchange_webhook_adapter;
const struct exchange_adapter *exchange_adapter_named(const char *name);

#endif
