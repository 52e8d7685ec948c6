/* api_online.h — handlers of the citizens' self-service API: /api/v1/citizens (register,
 * verify), /api/v1/drafts (online dossiers in preparation) and /api/v1/me/dossiers. */
#ifndef MOTCUA_API_ONLINE_H
#define MOTCUA_API_ONLINE_H

#include "http.h"

int api_citizen_signup(struct http_req *r, struct http_resp *w, void *app);
int api_citizen_verify(struct http_req *r, struct http_resp *w, void *app);
int api_draft_start(struct http_req *r, struct http_resp *w, void *app);
int api_draft_list(struct http_req *r, struct http_resp *w, void *app);
int api_draft_get(struct http_req *r, struct http_resp *w, void *app);
int api_draft_save(struct http_req *r, struct http_resp *w, void *app);
int api_draft_submit(struct http_req *r, struct http_resp *w, void *app);
int api_my_dossiers(struct http_req *r, struct http_resp *w, void *app);
int api_my_withdraw(struct http_req *r, struct http_resp *w, void *app);

/* The logged-in caller and the draft number of the path (*id), or NULL after answering 401
 * or 404: how every handler of /api/v1/drafts/{id} starts (the draft files too). */
const struct actor *api_draft_or_reply(struct http_req *r, struct http_resp *w, int64_t *id);

#endif
