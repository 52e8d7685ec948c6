/* svc_delivery.h — delivering the outbox's e-mail, SMS and Zalo OA messages
 * (docs/notifications.md): e-mail over SMTP, SMS and Zalo OA each through its HTTP webhook,
 * with retries and exponential backoff; the gateways' delivery receipts; staff sending a
 * failed message again. The delivery job runs svc_delivery_run at every round under its
 * lease. */
#ifndef MOTCUA_SVC_DELIVERY_H
#define MOTCUA_SVC_DELIVERY_H

#include "svc.h"

#include <stdint.h>

struct svc_delivery_config {
    const char *smtp_url;       /* smtp://host:port or smtps://user:pass@host; NULL = no e-mail */
    const char *mail_from;      /* envelope and From address; NULL = motcua@localhost */
    const char *sms_webhook;    /* http(s) URL receiving SMS as JSON; NULL = none */
    const char *zalo_webhook;   /* http(s) URL receiving Zalo OA messages; NULL = none */
    const char *webhook_secret; /* signs the webhook bodies (HMAC-SHA256); NULL = unsigned */
    const char *base_url;       /* public address for the lookup link; NULL = no link */
    int backoff_seconds;        /* first retry delay, doubled each time up to 1 h; 0 = 60 */
    int max_attempts;           /* a message failing this often is marked failed; 0 = 8 */
    int timeout_seconds;        /* per SMTP or HTTP exchange; 0 = 20 */
    int batch;                  /* messages claimed per transaction; 0 = 20 */
};

struct svc_delivery_stats {
    int sent, retried, failed; /* outcomes of this run's attempts */
    int stopped;               /* 1 when keep_going ended the run early */
};

/* Sends the queued messages due at `now` of every configured channel (a channel without
 * configuration keeps its messages queued). Rows are claimed in one short transaction, sent
 * outside any transaction, and each outcome recorded in another: `sent` on success, back to
 * `queued` with a later next_attempt_at after a failure, `failed` after max_attempts or when
 * the recipient can never be reached (a malformed address). keep_going is asked before
 * every batch (NULL = always go on). */
int svc_delivery_run(struct svc *s, const struct svc_delivery_config *cfg, int64_t now,
                     int (*keep_going)(void *arg), void *arg, struct svc_delivery_stats *st,
                     struct err *e);

/* A gateway's delivery receipt for a message it was given (POST /api/v1/outbox/receipts). */
struct svc_receipt {
    int64_t id;         /* the outbox id sent in the webhook body */
    const char *status; /* delivered | failed */
    const char *error;  /* the gateway's reason for a failure; NULL or "" = none */
};
/* The text a receipt's signature covers: "id=ID&status=STATUS&error=ERROR" (the error empty
 * when there is none), in arena a. */
const char *svc_receipt_signed_text(struct arena *a, const struct svc_receipt *r);
/* Records a receipt signed (header X-Motcua-Signature, "sha256=HEX") with the configured
 * webhook secret over
 * svc_receipt_signed_text: a queued or sent SMS / Zalo message becomes delivered or failed.
 * E_UNAVAILABLE when no secret is configured, E_UNAUTH for a missing or wrong signature
 * (nothing is read or changed), E_INVALID for a bad id or status, E_NOTFOUND for an unknown
 * message, E_CONFLICT for an e-mail or internal message or one already in the other final
 * state. The same receipt again changes nothing (*changed = 0). */
int svc_outbox_receipt(struct svc *s, const char *signature, const struct svc_receipt *r,
                       int *changed, struct err *e);
/* Sends a failed message again (administrators, audited): it is queued with a fresh count of
 * attempts. E_CONFLICT unless it is failed, E_NOTFOUND for an unknown id. */
int svc_outbox_requeue(struct svc *s, const struct actor *a, int64_t id, struct err *e);

/* What administrators look at (the API and the desk page): svc_outbox_pending's counts per
 * channel and status, and svc_outbox_list's newest messages in one status (svc_jobs.h). */
struct svc_outbox_count;
struct svc_message;
struct svc_outbox_view {
    struct svc_outbox_count *counts;
    int ncounts;
    struct svc_message *messages;
    int nmessages;
};
int svc_outbox_view(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                    int limit, struct svc_outbox_view *out, struct err *e);

#endif
