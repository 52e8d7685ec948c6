/* pages_dossier.h — the one-stop desk's dossier pages (reception screen, inbox and search, the
 * dossier page with its actions, the official forms as PDF) and the public lookup by code. */
#ifndef MOTCUA_PAGES_DOSSIER_H
#define MOTCUA_PAGES_DOSSIER_H

#include "http.h"

struct actor;
struct svc_dossier;

/* pages_reception.c */
int page_reception(struct http_req *r, struct http_resp *w, void *app);
int page_reception_submit(struct http_req *r, struct http_resp *w, void *app);
/* pages_dossier.c */
int page_dossier_inbox(struct http_req *r, struct http_resp *w, void *app);
int page_dossier(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_act(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_form(struct http_req *r, struct http_resp *w, void *app);
/* pages_dossier_panels.c: files, fees and consultations on the dossier page */
int page_dossier_upload(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_fee_request(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_fee_counter(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_consult(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_consult_answer(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_fee_cancel(struct http_req *r, struct http_resp *w, void *app);
int page_dossier_postal(struct http_req *r, struct http_resp *w, void *app);
/* Adds to ctx of the dossier page the files, fee requests and consultations of d with their
 * forms; panel and e (may be NULL) name a panel form that failed and why. */
void page_dossier_panels(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                         json_t *ctx, const char *panel, const struct err *e);
/* The dossier page again after a failed panel form (pages_dossier.c): status, the panel
 * ("files", "fees", "consult") and the error shown beside it. */
int page_dossier_again(struct http_req *r, struct http_resp *w, const struct actor *a, int status,
                       const char *panel, const struct err *e);
/* pages_lookup.c */
int page_lookup(struct http_req *r, struct http_resp *w, void *app);
int page_lookup_code(struct http_req *r, struct http_resp *w, void *app);

#endif
