/* pages_feedback_desk.h — the leaders' page for citizens' feedback (phản ánh, kiến nghị):
 * what waits for an answer, soonest due first with the overdue marked, and the answer form. */
#ifndef MOTCUA_PAGES_FEEDBACK_DESK_H
#define MOTCUA_PAGES_FEEDBACK_DESK_H

#include "http.h"

/* GET /desk/phan-anh */
int page_desk_feedback(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/phan-anh/{id}/tra-loi {answer} */
int page_desk_feedback_answer(struct http_req *r, struct http_resp *w, void *app);

#endif
