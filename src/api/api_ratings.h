/* api_ratings.h — handlers for what follows the handling of a dossier: the applicant's
 * rating, the applicant's view of one dossier with its results, the postal handover of a
 * result, and citizens' feedback. */
#ifndef MOTCUA_API_RATINGS_H
#define MOTCUA_API_RATINGS_H

struct api_call;

#include "http.h"

/* POST /api/v1/me/dossiers/{code}/rating */
int api_my_rating(struct api_call *c);
/* GET /api/v1/me/dossiers/{code} */
int api_my_dossier(struct api_call *c);
/* POST /api/v1/dossiers/{code}/postal-handover */
int api_postal_handover(struct api_call *c);
/* POST /api/v1/feedback, GET /api/v1/feedback, GET /api/v1/me/feedback,
 * POST /api/v1/feedback/{id}/answer */
int api_feedback_send(struct api_call *c);
int api_feedback_list(struct api_call *c);
int api_feedback_mine(struct api_call *c);
int api_feedback_answer(struct api_call *c);

#endif
