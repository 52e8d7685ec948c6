/* pages_oidc.c — the two pages of an OpenID Connect login: /oidc/login sends the browser to
 * the identity provider, /oidc/callback receives its answer and opens the session. Besides
 * the state stored server-side, the browser that started the login holds the state in an
 * HttpOnly cookie, and the answer is only taken from that browser: otherwise someone could
 * start a login of their own and have another person's browser finish it, logging that
 * person in as them ("login CSRF"). The cookie is SameSite=Lax so that it comes along on the
 * provider's top-level redirect back to us. Without OIDC configured both pages are 404. */
#include "pages_oidc.h"

#include "page.h"

#include "local_path.h"
#include "svc_oidc.h"

#include <sodium.h>
#include <string.h>

#define STATE_COOKIE         "motcua_oidc"
#define STATE_COOKIE_SECONDS 600

static int not_offered(struct http_req *r, struct http_resp *w)
{
    return app_error(r, w, 404, "not_found", "Không tìm thấy trang", "");
}

static void state_cookie(struct http_req *r, struct http_resp *w, const char *state)
{
    struct http_cookie_opts o = {.max_age = state ? STATE_COOKIE_SECONDS : -1,
                                 .http_only = 1,
                                 .same_site = "Lax",
                                 .secure = page_app(r)->secure_cookies};
    http_resp_cookie(w, STATE_COOKIE, state ? state : "", &o);
}

/* The person sees the service's message; E_INVALID is a malformed request (400). */
static int failed(struct http_req *r, struct http_resp *w, const struct err *e)
{
    int status = e->code == E_INVALID ? 400 : http_status_for(e->code);
    return app_error(r, w, status, err_code_name(e->code), e->msg, "");
}

int page_oidc_login(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    if (!app->oidc)
        return not_offered(r, w);
    struct svc_oidc_start start;
    struct err e = {0};
    if (svc_oidc_begin(app->oidc, r->arena, local_path_or_null(http_query(r, "next")), r->client_ip,
                       &start, &e) != 0)
        return failed(r, w, &e);
    state_cookie(r, w, start.state);
    http_resp_redirect(w, start.url);
    return 0;
}

static int same_token(const char *a, const char *b)
{
    size_t n = a ? strlen(a) : 0;
    return n > 0 && b && strlen(b) == n && sodium_memcmp(a, b, n) == 0;
}

int page_oidc_callback(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    if (!app->oidc)
        return not_offered(r, w);
    struct svc_oidc_answer in = {http_query(r, "code"), http_query(r, "state"),
                                 http_query(r, "error"), r->client_ip};
    struct svc_oidc_done done;
    struct err e = {0};
    state_cookie(r, w, NULL);
    if (!same_token(in.state, http_cookie(r, STATE_COOKIE)))
        return app_error(r, w, 400, "invalid",
                         "Phiên đăng nhập này không được bắt đầu từ trình duyệt của bạn hoặc đã "
                         "hết hạn. Vui lòng đăng nhập lại.",
                         "");
    if (svc_oidc_finish(app->oidc, r->arena, &in, &done, &e) != 0)
        return failed(r, w, &e);
    app_set_session_cookie(r, w, done.token);
    http_resp_redirect(w, done.next                                 ? done.next
                          : (actor_roles(&done.actor) & ROLE_STAFF) ? "/desk"
                                                                    : "/");
    return 0;
}
