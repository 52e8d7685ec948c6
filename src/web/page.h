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
/* Adds one problem to a form page's context for the shared error summary (the partial
 * templates/errors.html: a box at the top that takes the focus, each problem a link to its
 * field) and beside the field ("<field>_error"). field is the id of the input the summary
 * links to; the first problem of a field is the one shown beside it. Every form uses this. */
void page_add_error(struct http_req *r, json_t *ctx, const char *field, const char *message);
/* Marks the page as a report: its footer then says where its figures were read and how
 * fresh they are, when reports read from a standby (MOTCUA_DB_READONLY). */
void page_mark_report(struct http_req *r);
/* The app object behind a request: the one typed way web/ reaches the app state (the
 * handlers' void *app argument is never cast). */
static inline struct app *page_app(const struct http_req *r)
{
    return app_req(r)->app;
}
/* Ties a request-scoped JSON value (its one reference) to the request's arena: it is released
 * with the arena, never by hand (json_in_arena). Returns j; NULL stays NULL. */
json_t *page_own(struct http_req *r, json_t *j);
/* "29/04/2027 10:00" in Vietnam time. */
const char *page_datetime(struct http_req *r, int64_t t);
/* A count with Vietnamese thousands separators: 1.234. */
const char *page_number(struct http_req *r, int64_t n);
/* "06/05/2027" for the calendar date "2027-05-06" (NULL stays NULL). */
const char *page_date_ymd(struct http_req *r, const char *ymd);
/* "1.234,56" with places decimals; "—" for a negative value (nothing to compute it from). */
const char *page_decimal(struct http_req *r, double v, int places);

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
int page_favicon(struct http_req *r, struct http_resp *w, void *app);
int page_public_stats(struct http_req *r, struct http_resp *w, void *app);
int page_help(struct http_req *r, struct http_resp *w, void *app);
int page_calendar(struct http_req *r, struct http_resp *w, void *app);
int page_calendar_save(struct http_req *r, struct http_resp *w, void *app);
int page_calendar_notice(struct http_req *r, struct http_resp *w, void *app);
int page_office_hours_save(struct http_req *r, struct http_resp *w, void *app);

#endif
