/* users.c — /api/v1/users: listing people, creating accounts and granting roles. Admins
 * only (checked again in the service layer). */
#include "api.h"
#include "jpack.h"

#include "jspec.h"
#include "svc_user.h"

int api_users_list(struct api_call *c)
{
    struct svc_user *users = NULL;
    int n = 0;
    if (svc_user_list(c->svc, c->actor, c->arena, &users, &n, &c->e))
        return API_FAILED;
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
    return api_json(c, 200, jpack("{s:o}", "users", out));
}

int api_users_add(struct api_call *c)
{
    struct svc_user_new u = {0};
    const struct jspec spec[] = {
        JSPEC_STR("username", 1, 3, 64, &u.username, "Tên đăng nhập"),
        JSPEC_STR("full_name", 1, 1, 200, &u.full_name, "Họ và tên"),
        JSPEC_STR("kind", 1, 1, 16, &u.kind, "Loại tài khoản"),
        JSPEC_STR("password", 1, 8, 256, &u.password, "Mật khẩu"),
        JSPEC_STR("email", 0, 3, 254, &u.email, "Thư điện tử"),
        JSPEC_STR("phone", 0, 9, 20, &u.phone, "Số điện thoại"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    int64_t id = 0;
    if (svc_user_add(c->svc, c->actor, &u, &id, &c->e))
        return API_FAILED;
    return api_json(c, 201, jpack("{s:I, s:s}", "id", (json_int_t)id, "username", u.username));
}

int api_users_grant(struct api_call *c)
{
    const char *role = NULL, *unit = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("role", 1, 1, 32, &role, "Vai trò"),
        JSPEC_STR("unit_key", 0, 1, 64, &unit, "Mã đơn vị"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    if (svc_user_grant(c->svc, c->actor, http_param(c->r, "username"), role, unit, &c->e))
        return API_FAILED;
    return api_json(c, 201, jpack("{s:s, s:s?}", "role", role, "unit_key", unit));
}
