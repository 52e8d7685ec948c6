/* api_payments.h — handlers of /api/v1/dossiers/{code}/payments (fees of a dossier, paid at
 * the counter or online) and /api/v1/payments/vnpay/ipn and /return (the gateway's IPN and return).
 */
#ifndef MOTCUA_API_PAYMENTS_H
#define MOTCUA_API_PAYMENTS_H

#include "http.h"

int api_payment_request(struct http_req *r, struct http_resp *w, void *app);
int api_payment_counter(struct http_req *r, struct http_resp *w, void *app);
int api_payment_list(struct http_req *r, struct http_resp *w, void *app);
int api_payment_vnpay_url(struct http_req *r, struct http_resp *w, void *app);
int api_payment_vnpay_ipn(struct http_req *r, struct http_resp *w, void *app);
int api_payment_vnpay_return(struct http_req *r, struct http_resp *w, void *app);
/* POST /api/v1/dossiers/{code}/payments/cancel {"reason"}: staff cancel the pending request. */
int api_payment_cancel(struct http_req *r, struct http_resp *w, void *app);

#endif
