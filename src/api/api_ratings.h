/* api_ratings.h — handlers for what follows the handling of a dossier: the applicant's
 * rating, the applicant's view of one dossier with its results, the postal handover of a
 * result, and citizens' feedback. */
#ifndef MOTCUA_API_RATINGS_H
#define MOTCUA_API_RATINGS_H

#include "http.h"

/* POST /api/v1/me/dossiers/{code}/rating */
int api_my_rating(struct http_req *r, struct http_resp *w, void *app);
/* GET /api/v1/me/dossiers/{code} */
int api_my_dossier(struct http_req *r, struct http_resp *w, void *app);
/* POST /api/v1/dossiers/{code}/postal-handover */
int api_postal_handover(struct http_req *r, struct http_resp *w, void *app);
/* POST /api/v1/feedback, GET /api/v1/feedback, GET /api/v1/me/feedback,
 * POST /api/v1/feedback/{id}/answer */
int api_feedback_send(struct http_req *r, struct http_resp *w, void *app);
int api_feedback_list(struct http_req *r, struct http_resp *w, void *app);
int api_feedback_mine(struct http_req *r, struct http_resp *w, void *app);
int api_feedback_answer(struct http_req *r, struct http_resp *w, void *app);

#endif
