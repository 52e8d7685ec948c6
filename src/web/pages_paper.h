/* pages_paper.h — the public verification of issued papers (/kiem-tra) and the published
 * anchors of the audit chain (/neo-nhat-ky). */
#ifndef MOTCUA_PAGES_PAPER_H
#define MOTCUA_PAGES_PAPER_H

#include "http.h"

/* pages_paper.c */
int page_paper_check(struct http_req *r, struct http_resp *w, void *app);
int page_paper_check_token(struct http_req *r, struct http_resp *w, void *app);
int page_paper_check_upload(struct http_req *r, struct http_resp *w, void *app);
/* pages_anchor.c */
int page_anchors(struct http_req *r, struct http_resp *w, void *app);
int page_anchor_now(struct http_req *r, struct http_resp *w, void *app);

#endif
