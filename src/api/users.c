/* users.c — /api/v1/users: listing people, creating accounts and granting roles. Admins
 * only (checked again in the service layer). */
#include "api.h"
#include "jpack.h"

#include "jspec.h"
#include "svc_user.h"

int api_users_list(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_user *users = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_user_list(app->svc, a, r->arena, &users, &n, &e))
        return http_resp_err(w, &e);
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        struct actor as = {.username = users[i].username,
                           .full_name = users[i].full_name,
                           .kind = users[i].kind,
                           .roles = users[i].roles,
                           .nroles = users[i].nroles};
        json_t *u = api_actor_json(&as);
        json_object_set_new(u, "active", json_boolean(users[i].active));
        json_array_append_new(out, u);
    }
    return http_resp_json(w, 200, jpack("{s:o}", "users", out));
}

int api_users_add(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_user_new u = {0};
    const struct jspec spec[] = {
        {"username", JSPEC_STRING, 1, 3, 64, &u.username, "Tên đăng nhập"},
        {"full_name", JSPEC_STRING, 1, 1, 200, &u.full_name, "Họ và tên"},
        {"kind", JSPEC_STRING, 1, 1, 16, &u.kind, "Loại tài khoản"},
        {"password", JSPEC_STRING, 1, 8, 256, &u.password, "Mật khẩu"},
        {"email", JSPEC_STRING, 0, 3, 254, &u.email, "Thư điện tử"},
        {"phone", JSPEC_STRING, 0, 9, 20, &u.phone, "Số điện thoại"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    int64_t id = 0;
    struct err e = {0};
    if (svc_user_add(app->svc, a, &u, &id, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201,
                          jpack("{s:I, s:s}", "id", (json_int_t)id, "username", u.username));
}

int api_users_grant(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *role = NULL, *unit = NULL;
    const struct jspec spec[] = {
        {"role", JSPEC_STRING, 1, 1, 32, &role, "Vai trò"},
        {"unit_key", JSPEC_STRING, 0, 1, 64, &unit, "Mã đơn vị"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    if (svc_user_grant(app->svc, a, http_param(r, "username"), role, unit, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201, jpack("{s:s, s:s?}", "role", role, "unit_key", unit));
}
