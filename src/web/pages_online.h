/* pages_online.h — the citizen's pages: registering and verifying an account, preparing an
 * online dossier one step per page (start → fill → review → submit, with save and resume),
 * with the components' files, and "my dossiers" with status, timeline, files, receipt, the
 * answer to a supplement request and withdrawal. */
#ifndef MOTCUA_PAGES_ONLINE_H
#define MOTCUA_PAGES_ONLINE_H

#include "http.h"

int page_signup_form(struct http_req *r, struct http_resp *w, void *app);
int page_signup_submit(struct http_req *r, struct http_resp *w, void *app);
int page_verify_form(struct http_req *r, struct http_resp *w, void *app);
int page_verify_submit(struct http_req *r, struct http_resp *w, void *app);
int page_online_start(struct http_req *r, struct http_resp *w, void *app);
int page_online_create(struct http_req *r, struct http_resp *w, void *app);
int page_draft_fill(struct http_req *r, struct http_resp *w, void *app);
int page_draft_save(struct http_req *r, struct http_resp *w, void *app);
int page_draft_files(struct http_req *r, struct http_resp *w, void *app);
int page_draft_review(struct http_req *r, struct http_resp *w, void *app);
int page_draft_submit(struct http_req *r, struct http_resp *w, void *app);
int page_my_dossiers(struct http_req *r, struct http_resp *w, void *app);
int page_my_dossier(struct http_req *r, struct http_resp *w, void *app);
int page_my_supplement(struct http_req *r, struct http_resp *w, void *app);
int page_my_withdraw_confirm(struct http_req *r, struct http_resp *w, void *app);
int page_eform_blank(struct http_req *r, struct http_resp *w, void *app);
int page_eform_fill(struct http_req *r, struct http_resp *w, void *app);
int page_eform_submit(struct http_req *r, struct http_resp *w, void *app);
int page_my_withdraw(struct http_req *r, struct http_resp *w, void *app);

#endif
