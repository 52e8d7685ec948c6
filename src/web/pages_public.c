/* pages_public.c — the citizen's front door: the portal home (what do you need to do? where
 * is my dossier?) and signing in and out. */
#include "page.h"
#include "jpack.h"

#include "local_path.h"
#include "svc_auth.h"

#include <string.h>

int page_home(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    struct app_req *q = app_req(r);
    return page_render(r, w, 200, "home", "Cổng dịch vụ công - Một cửa điện tử",
                       jpack("{s:b}", "signed_in", q && q->logged_in));
}

static int login_page(struct http_req *r, struct http_resp *w, int status, const char *username,
                      const struct err *e)
{
    const char *next = local_path_or_null(http_query(r, "next"));
    if (!next)
        next = local_path_or_null(http_form(r, "next"));
    json_t *ctx = jpack("{s:s, s:s, s:b}", "username", username ? username : "", "next",
                        next ? next : "", "oidc", page_app(r)->oidc != NULL);
    if (e) {
        json_t *errors = json_array();
        json_array_append_new(
            errors,
            jpack("{s:s, s:s}", "field", e->field[0] ? e->field : "username", "message", e->msg));
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx,
                            e->field[0] && strcmp(e->field, "password") == 0 ? "password_error"
                                                                             : "username_error",
                            json_string(e->msg));
    }
    return page_render(r, w, status, "login", "Đăng nhập", ctx);
}

int page_login_form(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return login_page(r, w, 200, NULL, NULL);
}

int page_login_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const char *username = http_form(r, "username");
    const char *token = NULL;
    struct actor actor;
    struct err e = {0};
    int rc = svc_login(app->svc, r->arena, username, http_form(r, "password"), r->client_ip, &token,
                       &actor, &e);
    if (rc) {
        int done =
            login_page(r, w, http_status_for(rc == E_INVALID ? E_INVALID : rc), username, &e);
        http_resp_retry_after(w, &e);
        return done;
    }
    app_set_session_cookie(r, w, token);
    const char *next = local_path_or_null(http_form(r, "next"));
    http_resp_redirect(w, next ? next : (actor_roles(&actor) & ROLE_STAFF) ? "/desk" : "/");
    return 0;
}

int page_logout(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct err e = {0};
    svc_logout(app->svc, app_req(r)->token, &e);
    app_set_session_cookie(r, w, NULL);
    http_resp_redirect(w, "/");
    return 0;
}
