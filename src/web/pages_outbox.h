/* pages_outbox.h — the administrators' page for the notifications sent to people: how many
 * messages each channel has in each status, the failed ones with their last error, and
 * sending a failed one again. */
#ifndef MOTCUA_PAGES_OUTBOX_H
#define MOTCUA_PAGES_OUTBOX_H

#include "http.h"

/* GET /desk/thong-bao */
int page_desk_outbox(struct http_req *r, struct http_resp *w, void *app);
/* POST /desk/thong-bao/{id}/gui-lai */
int page_desk_outbox_requeue(struct http_req *r, struct http_resp *w, void *app);

#endif
