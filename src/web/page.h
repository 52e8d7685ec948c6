/* page.h — rendering a page: a body template inside the base layout, with what every page
 * needs (title, the logged-in user, navigation for the user's roles, the CSRF token). */
#ifndef MOTCUA_PAGE_H
#define MOTCUA_PAGE_H

#include "app.h"
#include "http.h"

#include <jansson.h>

/* Renders templates/<name>.html with ctx (ownership taken) inside layout.html and sets w. */
int page_render(struct http_req *r, struct http_resp *w, int status, const char *name,
                const char *title, json_t *ctx);
/* The app object behind a request. */
struct app *page_app(const struct http_req *r);
/* next when it is a local path ("/desk/org"), else NULL: what a login may return to, so a
 * link cannot send a person to another site after logging in. */
const char *page_safe_next(const char *next);
/* "29/04/2027 10:00" in Vietnam time. */
const char *page_datetime(struct http_req *r, int64_t t);
/* A count with Vietnamese thousands separators: 1.234. */
const char *page_number(struct http_req *r, int64_t n);

/* Route handlers, one file per page group. */
int page_home(struct http_req *r, struct http_resp *w, void *app);
int page_login_form(struct http_req *r, struct http_resp *w, void *app);
int page_login_submit(struct http_req *r, struct http_resp *w, void *app);
int page_logout(struct http_req *r, struct http_resp *w, void *app);
int page_desk_home(struct http_req *r, struct http_resp *w, void *app);
int page_tracking_book(struct http_req *r, struct http_resp *w, void *app);
int page_desk_late(struct http_req *r, struct http_resp *w, void *app);
int page_org_tree(struct http_req *r, struct http_resp *w, void *app);
int page_users(struct http_req *r, struct http_resp *w, void *app);
int page_user_add(struct http_req *r, struct http_resp *w, void *app);
int page_user_grant(struct http_req *r, struct http_resp *w, void *app);
int page_audit(struct http_req *r, struct http_resp *w, void *app);
int page_asset(struct http_req *r, struct http_resp *w, void *app);
int page_calendar(struct http_req *r, struct http_resp *w, void *app);
int page_calendar_save(struct http_req *r, struct http_resp *w, void *app);
int page_office_hours_save(struct http_req *r, struct http_resp *w, void *app);

#endif
