/* svc_delivery.h — delivering the outbox's e-mail and SMS messages (docs/notifications.md):
 * e-mail over SMTP, SMS or Zalo OA through an HTTP webhook, with retries and exponential
 * backoff. The delivery job runs this at every round under its lease. */
#ifndef MOTCUA_SVC_DELIVERY_H
#define MOTCUA_SVC_DELIVERY_H

#include "svc.h"

#include <stdint.h>

struct svc_delivery_config {
    const char *smtp_url;     /* smtp://host:port or smtps://user:pass@host; NULL = no e-mail */
    const char *mail_from;    /* envelope and From address; NULL = motcua@localhost */
    const char *sms_webhook;  /* http(s) URL receiving SMS as JSON; NULL = none */
    const char *zalo_webhook; /* used for phone messages when there is no SMS webhook */
    const char *base_url;     /* public address for the lookup link; NULL = no link */
    int backoff_seconds;      /* first retry delay, doubled each time up to 1 h; 0 = 60 */
    int max_attempts;         /* a message failing this often is marked failed; 0 = 8 */
    int timeout_seconds;      /* per SMTP or HTTP exchange; 0 = 20 */
    int batch;                /* messages claimed per transaction; 0 = 20 */
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

#endif
