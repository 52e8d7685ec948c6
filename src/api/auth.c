/* auth.c — POST /api/v1/auth/login, POST /api/v1/auth/logout and GET /api/v1/me: the JSON
 * twin of the login form. The token in the answer is sent back as "Authorization: Bearer …";
 * it is the same kind of session as the browser's cookie and expires the same way. A citizen
 * who forgot the password asks for a one-time code and sets a new password with it. */
#include "api.h"
#include "jpack.h"
#include "api_password.h"

#include "jspec.h"
#include "svc_auth.h"
#include "svc_user.h"

json_t *api_actor_json(const struct actor *a)
{
    json_t *roles = json_array();
    for (int i = 0; i < a->nroles; i++)
        json_array_append_new(roles, jpack("{s:s, s:s?, s:s?}", "role", role_name(a->roles[i].role),
                                           "unit_key", a->roles[i].unit_key, "unit_name",
                                           a->roles[i].unit_name));
    return jpack("{s:s, s:s, s:s, s:o}", "username", a->username, "full_name", a->full_name, "kind",
                 a->kind, "roles", roles);
}

int api_auth_login(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *username = NULL, *password = NULL;
    const struct jspec spec[] = {
        {"username", JSPEC_STRING, 1, 1, 64, &username, "Tên đăng nhập"},
        {"password", JSPEC_STRING, 1, 1, 256, &password, "Mật khẩu"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    const char *token = NULL;
    struct actor actor;
    struct err e = {0};
    if (svc_login(app->svc, r->arena, username, password, r->client_ip, &token, &actor, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200,
                          jpack("{s:s, s:s, s:o}", "token", token, "csrf_token", actor.csrf_token,
                                "user", api_actor_json(&actor)));
}

int api_auth_logout(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    if (!app_actor_or_reply(r, w))
        return 0;
    struct err e = {0};
    if (svc_logout(app->svc, app_req(r)->token, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:b}", "ok", 1));
}

int api_me(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    return http_resp_json(w, 200, api_actor_json(a));
}

int api_password_reset_request(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *login = NULL;
    const struct jspec spec[] = {
        {"login", JSPEC_STRING, 1, 1, 254, &login, "Số điện thoại hoặc thư điện tử"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_reset_sent sent;
    struct err e = {0};
    if (svc_citizen_reset_request(app->svc, r->arena, login, r->client_ip, &sent, &e))
        return http_resp_err(w, &e);
    return http_resp_json(
        w, 202,
        jpack("{s:s, s:s, s:i, s:s, s:s}", "login", sent.username, "channel", sent.channel,
              "minutes", sent.minutes, "message",
              "Nếu số điện thoại hoặc thư điện tử này đã đăng ký tài khoản, mã xác minh đã "
              "được gửi đến đó",
              "confirm_url", "/api/v1/citizens/password-reset/confirm"));
}

int api_password_reset_confirm(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct svc_reset in = {.client_ip = r->client_ip};
    const struct jspec spec[] = {
        {"login", JSPEC_STRING, 1, 1, 254, &in.login, "Số điện thoại hoặc thư điện tử"},
        {"code", JSPEC_STRING, 1, 1, 16, &in.code, "Mã xác minh"},
        {"password", JSPEC_STRING, 1, 1, 256, &in.password, "Mật khẩu mới"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    if (svc_citizen_reset_confirm(app->svc, &in, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:b}", "reset", 1));
}
