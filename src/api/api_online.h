/* api_online.h — handlers of the citizens' self-service API: /api/v1/citizens (register,
 * verify), /api/v1/drafts (online dossiers in preparation) and /api/v1/me/dossiers. */
#ifndef MOTCUA_API_ONLINE_H
#define MOTCUA_API_ONLINE_H

struct api_call;

#include "http.h"

int api_citizen_signup(struct api_call *c);
int api_citizen_verify(struct api_call *c);
int api_draft_start(struct api_call *c);
int api_draft_list(struct api_call *c);
int api_draft_get(struct api_call *c);
int api_draft_save(struct api_call *c);
int api_draft_submit(struct api_call *c);
int api_my_dossiers(struct api_call *c);
int api_my_withdraw(struct api_call *c);

/* The draft number of the path, or 0 with c->e set to 404: how every handler of
 * /api/v1/drafts/{id} starts (the draft files too). */
int64_t api_draft_id(struct api_call *c);

#endif
