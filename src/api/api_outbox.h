/* api_outbox.h — handlers of /api/v1/notifications (a person's own messages),
 * /api/v1/outbox (delivery status for administrators, sending a failed message again, the
 * gateways' delivery receipts) and /api/v1/me/notifications (a citizen's channels). */
#ifndef MOTCUA_API_OUTBOX_H
#define MOTCUA_API_OUTBOX_H

struct api_call;

#include "http.h"

int api_notifications(struct api_call *c);
int api_outbox(struct api_call *c);
int api_outbox_requeue(struct api_call *c);
int api_outbox_receipt(struct api_call *c);
int api_my_notify_prefs(struct api_call *c);
int api_my_notify_prefs_put(struct api_call *c);
#endif
