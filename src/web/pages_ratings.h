/* pages_ratings.h — the pages after the handling of a dossier: the rating device page at the
 * counter (/danh-gia/{code}), the online rating and the results on the citizen's own dossier
 * page, and the feedback page (/phan-anh). */
#ifndef MOTCUA_PAGES_RATINGS_H
#define MOTCUA_PAGES_RATINGS_H

#include "http.h"
#include "svc.h"

#include <jansson.h>

/* GET and POST /danh-gia/{code}: a receptionist opens it on a tablet for the citizen. */
int page_rating_counter(struct http_req *r, struct http_resp *w, void *app);
int page_rating_counter_submit(struct http_req *r, struct http_resp *w, void *app);
/* POST /ho-so-cua-toi/{code}/danh-gia: the applicant rates online. */
int page_my_rating(struct http_req *r, struct http_resp *w, void *app);
/* GET and POST /phan-anh. */
int page_feedback(struct http_req *r, struct http_resp *w, void *app);
int page_feedback_submit(struct http_req *r, struct http_resp *w, void *app);

/* Adds to the context of the citizen's own dossier page the fee waiting to be paid
 * ("payment_due"), what follows the handling: result
 * files ("results", "has_results"), the postal handover ("postal"), the rating ("rated",
 * "overall_label") or its form ("can_rate" and the form's fields). 0 or a negative E_*. */
int page_ratings_my_dossier(struct http_req *r, const struct actor *a, const char *code,
                            json_t *ctx, struct err *e);

#endif
