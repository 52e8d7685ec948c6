/* api_outbox.h — handlers of /api/v1/notifications (a person's own messages) and
 * /api/v1/outbox (delivery status for administrators). */
#ifndef MOTCUA_API_OUTBOX_H
#define MOTCUA_API_OUTBOX_H

#include "http.h"

int api_notifications(struct http_req *r, struct http_resp *w, void *app);
int api_outbox(struct http_req *r, struct http_resp *w, void *app);

#endif
