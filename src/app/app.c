/* app.c — per-request identity and CSRF. Sessions come from the HttpOnly cookie (pages) or
 * from "Authorization: Bearer …" (API clients). A state-changing request authenticated by the
 * cookie must also carry the session's CSRF token (form field "csrf" or header X-CSRF-Token),
 * because the browser attaches the cookie to requests other sites make. Anonymous forms (the
 * login form) use a double-submit cookie. JSON bodies cannot be sent cross-site without a
 * CORS preflight this server never grants, and Bearer tokens are never sent automatically, so
 * neither needs more. */
#include "app.h"

#include "svc_auth.h"

#include <string.h>
#include <strings.h>

struct app_req *app_req(const struct http_req *r)
{
    return r->ctx;
}

static int is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static const char *bearer_token(const struct http_req *r)
{
    const char *h = http_header(r, "Authorization");
    if (h && strncasecmp(h, "Bearer ", 7) == 0 && h[7])
        return h + 7;
    return NULL;
}

int app_error(struct http_req *r, struct http_resp *w, int status, const char *code,
              const char *message, const char *field)
{
    struct app_req *q = app_req(r);
    if (http_wants_json(r) || !q || !q->app->error_page)
        return http_resp_error(w, status, code, message, field);
    q->app->error_page(r, w, status, message, q->app);
    return 0;
}

int app_err(struct http_req *r, struct http_resp *w, const struct err *e)
{
    return app_error(r, w, http_status_for(e->code), err_code_name(e->code), e->msg, e->field);
}

static int csrf_reply(struct http_req *r, struct http_resp *w)
{
    app_error(r, w, 403, "csrf_failed",
              "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.", "csrf");
    return 1;
}

static int tokens_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = strlen(a);
    if (n != strlen(b) || n == 0)
        return 0;
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

static const char *sent_csrf(const struct http_req *r)
{
    const char *t = http_header(r, "X-CSRF-Token");
    return t ? t : http_form(r, "csrf");
}

/* A session that cannot be checked because the database is unavailable is not a logged-out
 * user: that request answers 503 (returns 1, replied) instead of 401 or the login page. */
static int load_session(struct http_req *r, struct http_resp *w, struct app *app, struct app_req *q)
{
    const char *bearer = bearer_token(r);
    const char *token = bearer ? bearer : http_cookie(r, APP_SESSION_COOKIE);
    if (!token)
        return 0;
    struct err e = {0};
    int rc = svc_session_actor(app->svc, r->arena, token, &q->actor, &e);
    if (rc == 0) {
        q->logged_in = 1;
        q->bearer = bearer != NULL;
        q->token = token;
        q->csrf = q->actor.csrf_token;
    } else if (http_status_for(rc) == 503) {
        app_err(r, w, &e);
        return 1;
    } else {
        q->session_error = arena_strdup(r->arena, e.msg);
    }
    return 0;
}

/* Anonymous pages get a double-submit token: a cookie and the same value in the form. */
static void ensure_anonymous_csrf(struct http_req *r, struct http_resp *w, struct app *app,
                                  struct app_req *q)
{
    const char *c = http_cookie(r, APP_CSRF_COOKIE);
    if (c && strlen(c) >= 32) {
        q->csrf = c;
        return;
    }
    q->csrf = svc_random_token(r->arena);
    struct http_cookie_opts o = {
        .http_only = 1, .same_site = "Strict", .secure = app->secure_cookies};
    http_resp_cookie(w, APP_CSRF_COOKIE, q->csrf, &o);
}

/* A state-changing request from a browser must send back its page's CSRF token. */
static int csrf_refused(struct http_req *r, struct http_resp *w, const struct http_route *route,
                        const struct app_req *q)
{
    if (is_safe_method(r->method) || q->bearer)
        return 0;
    if (!q->logged_in && (route->body & HTTP_BODY_JSON) && r->json)
        return 0;
    const char *expected = q->logged_in ? q->actor.csrf_token : http_cookie(r, APP_CSRF_COOKIE);
    return tokens_equal(sent_csrf(r), expected) ? 0 : csrf_reply(r, w);
}

int app_before(struct http_req *r, struct http_resp *w, const struct http_route *route, void *appv)
{
    struct app *app = appv;
    struct app_req *q = arena_alloc(r->arena, sizeof *q);
    q->app = app;
    r->ctx = q;
    if (load_session(r, w, app, q))
        return 1;
    if (!q->logged_in)
        ensure_anonymous_csrf(r, w, app, q);
    return csrf_refused(r, w, route, q);
}

/* Percent-encodes everything but unreserved characters and '/', for a query value. */
static const char *url_encode(struct http_req *r, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(r->arena, strlen(s) * 3 + 1), *p = out;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~/", *c)) {
            *p++ = (char)*c;
        } else {
            *p++ = '%';
            *p++ = hex[*c >> 4];
            *p++ = hex[*c & 15];
        }
    }
    *p = '\0';
    return out;
}

const struct actor *app_actor_or_reply(struct http_req *r, struct http_resp *w)
{
    struct app_req *q = app_req(r);
    if (q && q->logged_in)
        return &q->actor;
    if (http_wants_json(r))
        http_resp_error(w, 401, "unauthorized",
                        q && q->session_error ? q->session_error : "Vui lòng đăng nhập", "");
    else
        http_resp_redirect(w, arena_printf(r->arena, "/login?next=%s", url_encode(r, r->path)));
    return NULL;
}

const struct actor *app_role_or_reply(struct http_req *r, struct http_resp *w, int mask)
{
    const struct actor *a = app_actor_or_reply(r, w);
    if (a && !(actor_roles(a) & mask)) {
        app_error(r, w, 403, "forbidden", "Bạn không có quyền truy cập chức năng này", "");
        return NULL;
    }
    return a;
}

const struct actor *app_need_or_reply(struct http_req *r, struct http_resp *w, int need)
{
    return need == APP_SIGNED_IN ? app_actor_or_reply(r, w) : app_role_or_reply(r, w, need);
}

const struct actor *app_actor(const struct http_req *r)
{
    const struct app_req *q = app_req(r);
    return q && q->logged_in ? &q->actor : NULL;
}

void app_set_session_cookie(struct http_req *r, struct http_resp *w, const char *token)
{
    struct http_cookie_opts o = {.max_age = token ? 0 : -1,
                                 .http_only = 1,
                                 .same_site = "Lax",
                                 .secure = app_req(r)->app->secure_cookies};
    http_resp_cookie(w, APP_SESSION_COOKIE, token ? token : "", &o);
}
