/* pages_account.c — "Tài khoản": the one place a signed-in person sees the account the
 * service knows (full name, login, phone and e-mail on file) and, for a citizen, chooses the
 * channels that tell them about their dossiers (e-mail, SMS, Zalo OA — the channels the
 * outbox delivers, notify_prefs.c). The password is changed through the code sent to the
 * login (pages_password.c), so a borrowed session alone cannot change it. */
#include "pages_account.h"
#include "jpack.h"

#include "page.h"
#include "svc_notify.h"
#include "svc_user.h"

static json_t *roles_json(const struct svc_user *u)
{
    json_t *out = json_array();
    for (int i = 0; i < u->nroles; i++)
        json_array_append_new(out, jpack("{s:s, s:s?}", "label", role_label(u->roles[i].role),
                                         "unit", u->roles[i].unit_name));
    return out;
}

static int account_page(struct http_req *r, struct http_resp *w, const struct actor *a)
{
    struct app *app = page_app(r);
    struct svc_user u;
    struct err e = {0};
    if (svc_user_me(app->svc, a, r->arena, &u, &e))
        return app_err(r, w, &e);
    json_t *ctx = page_own(
        r, jpack("{s:s, s:s, s:s?, s:s?, s:o, s:b, s:b}", "full_name", u.full_name, "username",
                 u.username, "phone", u.phone, "email", u.email, "roles", roles_json(&u), "citizen",
                 (actor_roles(a) & ROLE_CITIZEN) != 0, "saved", http_query(r, "saved") != NULL));
    if (actor_roles(a) & ROLE_CITIZEN) {
        struct svc_notify_prefs p;
        if (svc_notify_prefs_get(app->svc, a, &p, &e))
            return app_err(r, w, &e);
        json_object_set_new(
            ctx, "notify",
            jpack("{s:b, s:b, s:b}", "email", p.email, "sms", p.sms, "zalo", p.zalo));
    }
    return page_render(r, w, 200, "account", "Tài khoản", json_incref(ctx));
}

int page_account(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_actor_or_reply(r, w);
    return a ? account_page(r, w, a) : 0;
}

int page_account_notify_save(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_CITIZEN);
    if (!a)
        return 0;
    struct svc_notify_prefs p = {http_form(r, "email") != NULL, http_form(r, "sms") != NULL,
                                 http_form(r, "zalo") != NULL, 1};
    struct err e = {0};
    if (svc_notify_prefs_put(app->svc, a, &p, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, "/tai-khoan?saved=1");
    return 0;
}
