/* pages_exchange.h — the operators' pages of the exchange layer (docs/exchange.md): every
 * partner's queue, one partner's messages in trouble with the partner's own answer, and
 * resend / skip, each behind the desk's confirmation step. */
#ifndef MOTCUA_PAGES_EXCHANGE_H
#define MOTCUA_PAGES_EXCHANGE_H

#include "http.h"

/* GET /desk/lien-thong */
int page_exchange(struct http_req *r, struct http_resp *w, void *app);
/* GET /desk/lien-thong/{partner} */
int page_exchange_partner(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/lien-thong/tin/{id}/gui-lai (confirm=1 acts; without it, the confirmation page) */
int page_exchange_resend(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/lien-thong/tin/{id}/bo-qua (the same, with a reason) */
int page_exchange_skip(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/lien-thong/{partner}/doi-soat (from, to as dd/mm/yyyy; default yesterday) */
int page_exchange_reconcile(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/lien-thong/khac-biet/{id}/gui-lai (confirm=1 acts; without it, the confirmation) */
int page_exchange_difference_resend(struct http_req *r, struct http_resp *w, void *app);

#endif
