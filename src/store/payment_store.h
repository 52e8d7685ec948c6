/* payment_store.h — persistence of payment requests and of the gateway's notifications
 * (migration 0010). Marking a request paid is conditional on it still being pending, so the
 * counter and the gateway (or two deliveries of one notification) cannot both pay it. */
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
};

/* E_CONFLICT when the dossier already has a pending request. */
int payment_insert(struct db_conn *c, const struct payment_row *p, int64_t *id, struct err *e);
/* The requests of a dossier, oldest first. */
int payment_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct payment_row **out,
                 int *n, struct err *e);
/* The request with this order reference; E_NOTFOUND when there is none. */
int payment_by_ref(struct db_conn *c, struct arena *a, const char *txn_ref, struct payment_row *out,
                   struct err *e);
/* Writes status "paid" with method, paid_at, paid_by, receipt_no, gateway_txn_no and
 * bank_code of p where the request is still pending; E_CONFLICT when it no longer is. */
int payment_mark_paid(struct db_conn *c, const struct payment_row *p, struct err *e);

struct payment_event_row {
    int64_t request_id, received_at; /* request_id 0 = none found */
    const char *txn_ref, *params_hash, *response_code, *transaction_status, *outcome, *rsp_code,
        *client_ip;
};
int payment_event_insert(struct db_conn *c, const struct payment_event_row *ev, struct err *e);
/* How many notifications with this parameter hash were accepted before (answered "00"). */
int payment_event_accepted(struct db_conn *c, const char *params_hash, int64_t *n, struct err *e);

#endif
