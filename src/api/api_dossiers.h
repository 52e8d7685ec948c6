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

#endif
