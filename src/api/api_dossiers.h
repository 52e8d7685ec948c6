/* api_dossiers.h — handlers of /api/v1/dossiers (the one-stop desk) and /api/v1/lookup. */
#ifndef MOTCUA_API_DOSSIERS_H
#define MOTCUA_API_DOSSIERS_H

#include "http.h"

int api_dossier_receive(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_search(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_inbox(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_get(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_act(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_form(struct http_req *r, struct http_resp *w, void *app);
int api_tracking_book(struct http_req *r, struct http_resp *w, void *app);
int api_lookup(struct http_req *r, struct http_resp *w, void *app);

struct svc_dossier_after;
/* {"code","state","national_status","version"}: how a dossier is after a change, the answer
 * of every request that changes one (the desk's actions, a withdrawal, a supplement answer). */
json_t *api_dossier_after_json(const char *code, const struct svc_dossier_after *after);

#endif
