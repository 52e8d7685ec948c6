/* payment_store.h — persistence of payment requests, of the attempts to pay them online (each
 * with its own gateway order reference) and of the gateway's notifications (migrations 0010,
 * 0014). Paying or cancelling a request is conditional on it still being pending, so the
 * counter, the gateway (or two deliveries of one notification, or two attempts) and a
 * cancellation cannot both take effect. */
#ifndef MOTCUA_PAYMENT_STORE_H
#define MOTCUA_PAYMENT_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct payment_row {
    int64_t id, dossier_id, amount, created_by, created_at, paid_at, paid_by;
    const char *dossier_code; /* filled by the reads, ignored by the insert */
    const char *lines;        /* JSON array */
    const char *status, *method, *txn_ref, *receipt_no, *gateway_txn_no, *bank_code;
    const char *paid_txn_ref;           /* the attempt the gateway paid */
    int64_t cancelled_at, cancelled_by; /* 0 unless cancelled */
    const char *cancel_reason;
};

/* E_CONFLICT when the dossier already has a pending request. */
int payment_insert(struct db_conn *c, const struct payment_row *p, int64_t *id, struct err *e);
/* The requests of a dossier, oldest first. */
int payment_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct payment_row **out,
                 int *n, struct err *e);
/* The request with this order reference, its own or one of its attempts'; E_NOTFOUND when
 * there is none. */
int payment_by_ref(struct db_conn *c, struct arena *a, const char *txn_ref, struct payment_row *out,
                   struct err *e);
/* Writes status "paid" with method, paid_at, paid_by, receipt_no, gateway_txn_no,
 * bank_code and paid_txn_ref of p where the request is still pending; E_CONFLICT when it no
 * longer is. */
int payment_mark_paid(struct db_conn *c, const struct payment_row *p, struct err *e);
/* Writes status "cancelled" with cancelled_at, cancelled_by and cancel_reason of p where the
 * request is still pending; E_CONFLICT when it no longer is. */
int payment_mark_cancelled(struct db_conn *c, const struct payment_row *p, struct err *e);
/* A new attempt to pay request_id online under txn_ref (unique). */
int payment_attempt_insert(struct db_conn *c, int64_t request_id, const char *txn_ref,
                           int64_t created_by, int64_t now, struct err *e);

struct payment_event_row {
    int64_t request_id, received_at; /* request_id 0 = none found */
    const char *txn_ref, *params_hash, *response_code, *transaction_status, *outcome, *rsp_code,
        *client_ip;
};
int payment_event_insert(struct db_conn *c, const struct payment_event_row *ev, struct err *e);
/* How many notifications with this parameter hash were accepted before (answered "00"). */
int payment_event_accepted(struct db_conn *c, const char *params_hash, int64_t *n, struct err *e);

#endif
