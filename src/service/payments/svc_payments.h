/* svc_payments.h — fees and charges of a dossier: the fee lines of the procedure version it
 * was received under become a payment request; it is paid at the counter (a receipt number
 * recorded) or online through the VNPAY gateway (payment URL v2.1.0 and the IPN callback,
 * HMAC-SHA512 signed). While a request is pending on a dossier being processed its national
 * status is 6 (Yêu cầu thực hiện nghĩa vụ tài chính). See docs/payments.md. */
#ifndef MOTCUA_SVC_PAYMENTS_H
#define MOTCUA_SVC_PAYMENTS_H

#include "svc.h"

#include <stdint.h>

struct svc_payment {
    int64_t amount, created_at, paid_at; /* amount in đồng; paid_at 0 while unpaid */
    const char *dossier_code, *status, *method, *txn_ref, *receipt_no, *gateway_txn_no;
    /* JSON array of {"label","per","unit_amount","quantity","amount"} */
    const char *lines;
    int64_t cancelled_at; /* 0 unless cancelled */
    const char *cancel_reason;
};

/* Builds the request from the dossier's fee lines; quantity (copies or pages, 1 when 0)
 * multiplies the lines priced per page or copy. Staff of the dossier's receiving or current
 * unit. Returns 1 (not an error, nothing stored) when there is nothing to pay. */
int svc_payment_request(struct svc *s, const struct actor *a, const char *code, int quantity,
                        struct arena *ar, struct svc_payment *out, struct err *e);
/* The pending request paid at the counter (cash or transfer) with the receipt's number.
 * Receptionists of the receiving unit. */
int svc_payment_counter(struct svc *s, const struct actor *a, const char *code,
                        const char *receipt_no, struct arena *ar, struct svc_payment *out,
                        struct err *e);
/* Cancels the pending request (wrongly made, or the fee was waived): status "cancelled",
 * the dossier's national status back to its state's own. Staff of the dossier's receiving
 * or current unit; reason is required (at most 500 bytes). */
int svc_payment_cancel(struct svc *s, const struct actor *a, const char *code, const char *reason,
                       struct arena *ar, struct svc_payment *out, struct err *e);
/* Every request of a dossier, oldest first; whoever may see the dossier. */
int svc_payment_list(struct svc *s, const struct actor *a, const char *code, struct arena *ar,
                     struct svc_payment **out, int *n, struct err *e);

/* The VNPAY payment page address for the pending request of a dossier (the applicant's own
 * account or staff of the dossier). Every call is a new attempt with its own order reference
 * (VNPAY refuses a reference it has seen), so a failed payment can be tried again; a
 * notification for any attempt pays the request at most once. return_url is where the
 * gateway sends the payer back;
 * client_ip is the payer's address (vnp_IpAddr). E_UNAVAILABLE when VNPAY is not
 * configured. */
int svc_payment_vnpay_url(struct svc *s, const struct actor *a, const char *code,
                          const char *return_url, const char *client_ip, struct arena *ar,
                          const char **url, struct err *e);

struct svc_param {
    const char *key, *value;
};

/* What the gateway is told: RspCode and Message (static strings). */
struct svc_vnpay_answer {
    const char *rsp_code, *message;
};

/* Handles an IPN: the query parameters as received. Always fills out (an error of our own
 * is "99"); returns a negative code only when the database failed. */
int svc_payment_vnpay_ipn(struct svc *s, const struct svc_param *params, int n,
                          const char *client_ip, struct svc_vnpay_answer *out, struct err *e);

/* What the payer's browser brings back: whether the signature holds, the gateway's result
 * and the dossier, for a page. Changes nothing: the IPN is the confirmation. */
struct svc_vnpay_return {
    int signature_ok, success;
    const char *txn_ref, *response_code, *dossier_code, *status; /* status of the request */
    int64_t amount;
    const char *message; /* the outcome in plain Vietnamese, for the payer */
};
int svc_payment_vnpay_return(struct svc *s, const struct svc_param *params, int n, struct arena *ar,
                             struct svc_vnpay_return *out, struct err *e);

#endif
