/* exchange_store.h — SQL of the exchange layer (migration 0030, docs/exchange.md): the outbox
 * of messages to partners, in order per object, and the keys of inbound messages applied. */
#ifndef MOTCUA_EXCHANGE_STORE_H
#define MOTCUA_EXCHANGE_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct exchange_row {
    int64_t id, dossier_id, next_attempt_at, last_attempt_at, created_at, acked_at;
    int attempts;
    const char *partner, *object_key, *kind, *idem_key, *payload, *state, *last_error, *note;
};

/* Inserts a queued message, due at once (next_attempt_at 0, whatever the worker's clock),
 * unless (partner, idem_key) exists; *id is the new message's or the existing one's. */
int exchange_out_insert(struct db_conn *c, const struct exchange_row *m, int64_t *id,
                        struct err *e);
/* Claims up to limit due messages of partner that head their object's queue (no earlier
 * message of the same object is queued or failed), oldest first, by moving next_attempt_at to
 * claim_until conditionally; only the rows this call took are returned. */
int exchange_out_claim(struct db_conn *c, struct arena *a, const char *partner, int64_t now,
                       int64_t claim_until, int limit, struct exchange_row **out, int *n,
                       struct err *e);
/* Records one attempt's outcome (state, attempts, next_attempt_at, last_attempt_at,
 * last_error, acked_at) of a message still queued. */
int exchange_out_record(struct db_conn *c, const struct exchange_row *m, struct err *e);
int exchange_out_get(struct db_conn *c, struct arena *a, int64_t id, struct exchange_row *out,
                     struct err *e);
/* A failed or queued message made due at once (a failed one with a fresh count of attempts);
 * *changed 0 when it was neither. */
int exchange_out_resend(struct db_conn *c, int64_t id, int64_t *changed, struct err *e);
/* A failed or queued message given up with note; *changed 0 when it was neither. */
int exchange_out_skip(struct db_conn *c, int64_t id, const char *note, int64_t *changed,
                      struct err *e);
/* The messages of partner in trouble (failed, or queued after a failed attempt), oldest first. */
int exchange_out_troubled(struct db_conn *c, struct arena *a, const char *partner, int limit,
                          struct exchange_row **out, int *n, struct err *e);

/* One partner's numbers (see svc_exchange_partner_view). */
struct exchange_counts {
    int64_t queued, failed, retrying, oldest_unsent_at, acked, skipped, last_ack_at, received;
};
int exchange_counts_of(struct db_conn *c, const char *partner, struct exchange_counts *out,
                       struct err *e);

/* Records an inbound key: *fresh 1 when it is new, 0 when it was there (then *answer and
 * *dossier_id are the first time's, in a). */
int exchange_in_record(struct db_conn *c, struct arena *a, const char *partner,
                       const char *idem_key, const char *kind, int64_t now, int *fresh,
                       const char **answer, int64_t *dossier_id, struct err *e);
/* Sets the answer of a recorded inbound key. */
int exchange_in_answer(struct db_conn *c, const char *partner, const char *idem_key,
                       const char *answer, int64_t dossier_id, struct err *e);

#endif
