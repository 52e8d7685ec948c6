/* payments_internal.h — what the payment files share: settling a request (whoever paid it,
 * the counter or the gateway) and the public view of a stored request. */
#ifndef MOTCUA_PAYMENTS_INTERNAL_H
#define MOTCUA_PAYMENTS_INTERNAL_H

#include "dossier_state.h"
#include "payment_store.h"
#include "svc_internal.h"
#include "svc_payments.h"

/* National status of a dossier that waits for its fees (TrangThaiHoSo 6). */
#define PAYMENT_NATIONAL_STATUS DOSSIER_NATIONAL_AWAITING_FEES

/* Marks p paid (the caller filled method, paid_at, paid_by and the receipt or gateway
 * fields), gives the dossier back its state's own national status when it was waiting for
 * the payment, and records the dossier event and the audit entry. E_CONFLICT when p was
 * paid meanwhile. */
int payment_settle(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                   const struct payment_row *p, struct err *e);
void payment_to_svc(const struct payment_row *p, struct svc_payment *out);
/* A fresh random order reference ("MC" + 16 hex digits) in ar. */
const char *payment_new_ref(struct arena *ar);

/* Who may act on a dossier's pending request: staff of its receiving or current unit, the
 * receptionists of its receiving unit (payment at the counter), or either staff or the
 * applicant's own account (paying online). */
enum payment_who { PAY_STAFF, PAY_COUNTER, PAY_APPLICANT_OR_STAFF };
/* The pending request of the dossier with this code, when the actor may see the dossier
 * (E_NOTFOUND otherwise) and is allowed by who (E_FORBIDDEN); E_CONFLICT when nothing is
 * pending. */
int payment_pending_for(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                        const char *code, enum payment_who who, struct payment_row *out,
                        struct err *e);

#endif
