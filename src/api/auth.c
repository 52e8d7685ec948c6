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

int api_auth_login(struct api_call *c)
{
    const char *username = NULL, *password = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("username", 1, 1, 64, &username, "Tên đăng nhập"),
        JSPEC_STR("password", 1, 1, 256, &password, "Mật khẩu"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    const char *token = NULL;
    struct actor actor;
    if (svc_login(c->svc, c->arena, username, password, c->r->client_ip, &token, &actor, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:s, s:s, s:o}", "token", token, "csrf_token", actor.csrf_token, "user",
                          api_actor_json(&actor)));
}

int api_auth_logout(struct api_call *c)
{
    if (svc_logout(c->svc, app_req(c->r)->token, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:b}", "ok", 1));
}

int api_me(struct api_call *c)
{
    return api_json(c, 200, api_actor_json(c->actor));
}

int api_password_reset_request(struct api_call *c)
{
    const char *login = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("login", 1, 1, 254, &login, "Số điện thoại hoặc thư điện tử"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_reset_sent sent;
    if (svc_citizen_reset_request(c->svc, c->arena, login, c->r->client_ip, &sent, &c->e))
        return API_FAILED;
    return api_json(
        c, 202,
        jpack("{s:s, s:s, s:i, s:s, s:s}", "login", sent.username, "channel", sent.channel,
              "minutes", sent.minutes, "message",
              "Nếu số điện thoại hoặc thư điện tử này đã đăng ký tài khoản, mã xác minh đã "
              "được gửi đến đó",
              "confirm_url", "/api/v1/citizens/password-reset/confirm"));
}

int api_password_reset_confirm(struct api_call *c)
{
    struct svc_reset in = {.client_ip = c->r->client_ip};
    const struct jspec spec[] = {
        JSPEC_STR("login", 1, 1, 254, &in.login, "Số điện thoại hoặc thư điện tử"),
        JSPEC_STR("code", 1, 1, 16, &in.code, "Mã xác minh"),
        JSPEC_STR("password", 1, 1, 256, &in.password, "Mật khẩu mới"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    if (svc_citizen_reset_confirm(c->svc, &in, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:b}", "reset", 1));
}
