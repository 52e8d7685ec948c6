/* outbox_store.h — the one queue of messages to people (migration 0006): written inside the
 * transaction of the change that causes a message, read by the people it is for and by the
 * administrators who watch delivery. */
#ifndef MOTCUA_OUTBOX_STORE_H
#define MOTCUA_OUTBOX_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct outbox_row {
    int64_t id, dossier_id, user_id; /* 0 = none */
    int64_t next_attempt_at, created_at;
    int attempts;
    const char *channel, *recipient, *event, *payload, *status, *last_error;
    const char *lookup_token; /* read only: the dossier's, for the lookup link (or NULL) */
};

int outbox_insert(struct db_conn *c, const struct outbox_row *m, struct err *e);
/* A user's messages on one channel, newest first. */
int outbox_for_user(struct db_conn *c, struct arena *a, int64_t user_id, const char *channel,
                    int limit, struct outbox_row **out, int *n, struct err *e);
/* Messages in one status (all when status is NULL), newest first. */
int outbox_list(struct db_conn *c, struct arena *a, const char *status, int limit,
                struct outbox_row **out, int *n, struct err *e);

struct outbox_count {
    const char *channel, *status;
    int64_t count;
};
/* The channels a delivery worker sends (a mask for outbox_claim). */
enum outbox_channel { OUTBOX_EMAIL = 1, OUTBOX_SMS = 2, OUTBOX_ZALO = 4 };

/* Delivery (see docs/notifications.md). Claims up to `limit` queued messages of the channels
 * in the mask that are due at `now`, oldest first: each is taken by moving its
 * next_attempt_at to `claim_until`, conditionally, so two workers never take the same row and
 * a worker that dies mid-send leaves it to be retried after claim_until. Only the rows this
 * call took are returned. Run it inside one short transaction. */
int outbox_claim(struct db_conn *c, struct arena *a, int64_t now, int64_t claim_until,
                 unsigned channels, int limit, struct outbox_row **out, int *n, struct err *e);
/* Records the outcome of one attempt: status, attempts, next_attempt_at and last_error (NULL
 * clears it), provided the row is still `queued` (as a claim leaves it): a delivery receipt
 * that arrived while the send was being recorded is not overwritten. */
int outbox_record(struct db_conn *c, const struct outbox_row *m, struct err *e);

/* One message by id; E_NOTFOUND when there is none. */
int outbox_get(struct db_conn *c, struct arena *a, int64_t id, struct outbox_row *out,
               struct err *e);
/* A delivery receipt: moves a queued or sent message to status (delivered | failed) with
 * last_error (NULL clears it). *changed is 0 when the row was no longer queued or sent. */
int outbox_receipt(struct db_conn *c, int64_t id, const char *status, const char *last_error,
                   int64_t *changed, struct err *e);
/* Sends a failed message again: back to queued, due at now, with a fresh count of attempts
 * (its last error kept until the next attempt). *changed is 0 unless it was failed. */
int outbox_requeue(struct db_conn *c, int64_t id, int64_t now, int64_t *changed, struct err *e);

/* How many messages each channel has in each status. */
int outbox_counts(struct db_conn *c, struct arena *a, struct outbox_count **out, int *n,
                  struct err *e);

#endif
