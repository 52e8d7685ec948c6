/* pages_payments.h — paying a dossier's fees online from the citizen's own dossier page: the
 * "Thanh toán trực tuyến" button that sends the browser to VNPAY, and the page VNPAY sends it
 * back to. */
#ifndef MOTCUA_PAGES_PAYMENTS_H
#define MOTCUA_PAGES_PAYMENTS_H

#include "http.h"
#include "svc.h"

#include <jansson.h>

/* POST /ho-so-cua-toi/{code}/thanh-toan: a new payment attempt, 303 to the VNPAY page. */
int page_my_payment(struct http_req *r, struct http_resp *w, void *app);
/* GET /thanh-toan/ket-qua?vnp_…: the outcome in plain Vietnamese (it changes nothing). */
int page_payment_return(struct http_req *r, struct http_resp *w, void *app);

/* Adds to the context of the citizen's own dossier page the fee waiting to be paid
 * ("payment_due": {"amount"}), or nothing. 0 or a negative E_*. */
int page_payments_my_dossier(struct http_req *r, const struct actor *a, const char *code,
                             json_t *ctx, struct err *e);

#endif
