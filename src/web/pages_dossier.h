/* pages_dossier.h — the one-stop desk's dossier pages (reception screen, inbox and search, the
 * dossier page with its actions, the official forms as PDF) and the public lookup by code. */
#ifndef MOTCUA_PAGES_DOSSIER_H
#define MOTCUA_PAGES_DOSSIER_H

#include "http.h"

/* pages_reception.c */
int page_reception(struct http_req *r, struct http_resp *w, void *app);
int page_reception_submit(struct http_req *r, struct http_resp *w, void *app);
/* pages_dossier.c */
int page_dossier_inbox(struct http_req *r, struct http_resp *w, void *app);
int page_dossier(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_act(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_form(struct http_req *r, struct http_resp *w, void *app);
/* pages_lookup.c */
int page_lookup(struct http_req *r, struct http_resp *w, void *app);
int page_lookup_code(struct http_req *r, struct http_resp *w, void *app);

#endif
