/* pages_password.c — the pages for a citizen who forgot the password, linked from the login
 * page. The first asks for the phone number or e-mail address and always says the same thing
 * afterwards ("if it is registered, a code was sent"), so the page cannot be used to find out
 * who has an account; the second takes the code and the new password. The rules (codes,
 * limits, which accounts) are the service's (citizen_signup.c). */
#include "pages_password.h"
#include "jpack.h"

#include "page.h"
#include "svc_user.h"

#include <string.h>

static const char *form_or(struct http_req *r, const char *name, const char *fallback)
{
    const char *v = http_form(r, name);
    return v ? v : fallback;
}

/* The error as the summary and beside its field. */
static void add_error(struct http_req *r, json_t *ctx, const struct err *e)
{
    const char *field = e->field[0] ? e->field : "form";
    json_object_set_new(ctx, "errors", jpack("[{s:s, s:s}]", "field", field, "message", e->msg));
    json_object_set_new(ctx, arena_printf(r->arena, "%s_error", field), json_string(e->msg));
}

static int forgot_page(struct http_req *r, struct http_resp *w, int status, const struct err *e)
{
    json_t *ctx = jpack("{s:s}", "login", form_or(r, "login", ""));
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "password_forgot", "Quên mật khẩu", ctx);
}

/* sent: the page right after a request, which says where the code went if the login has an
 * account. */
static int reset_page(struct http_req *r, struct http_resp *w, int status, const char *login,
                      const struct svc_reset_sent *sent, const struct err *e)
{
    json_t *ctx = jpack("{s:s, s:b, s:b}", "login", login ? login : "", "sent", sent != NULL, "sms",
                        sent && strcmp(sent->channel, "sms") == 0);
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "password_reset", "Đặt lại mật khẩu", ctx);
}

int page_password_forgot(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return forgot_page(r, w, 200, NULL);
}

int page_password_forgot_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_reset_sent sent;
    struct err e = {0};
    if (svc_citizen_reset_request(app->svc, r->arena, http_form(r, "login"), r->client_ip, &sent,
                                  &e))
        return forgot_page(r, w, http_status_for(e.code), &e);
    return reset_page(r, w, 200, sent.username, &sent, NULL);
}

int page_password_reset(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return reset_page(r, w, 200, http_query(r, "login"), NULL, NULL);
}

int page_password_reset_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_reset in = {http_form(r, "login"), http_form(r, "code"), http_form(r, "password"),
                           r->client_ip};
    struct err e = {0};
    if (svc_citizen_reset_confirm(app->svc, &in, &e))
        return reset_page(r, w, http_status_for(e.code), in.login, NULL, &e);
    return page_render(r, w, 200, "password_done", "Đã đặt lại mật khẩu", json_object());
}
