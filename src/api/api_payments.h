/* api_payments.h — handlers of /api/v1/dossiers/{code}/payments (fees of a dossier, paid at
 * the counter or online) and /api/v1/payments/vnpay/ipn and /return (the gateway's IPN and return).
 */
#ifndef MOTCUA_API_PAYMENTS_H
#define MOTCUA_API_PAYMENTS_H

struct api_call;

#include "http.h"

int api_payment_request(struct api_call *c);
int api_payment_counter(struct api_call *c);
int api_payment_list(struct api_call *c);
int api_payment_vnpay_url(struct api_call *c);
int api_payment_vnpay_ipn(struct api_call *c);
int api_payment_vnpay_return(struct api_call *c);
/* POST /api/v1/dossiers/{code}/payments/cancel {"reason"}: staff cancel the pending request. */
int api_payment_cancel(struct api_call *c);

#endif
