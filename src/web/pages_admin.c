/* pages_admin.c — administration pages: people and their roles, and the audit log viewer
 * with a chain check. Permission is checked again in the service layer; the checks here only
 * decide which page to show. */
#include "page.h"
#include "jpack.h"

#include "dossier_view.h"
#include "svc_audit.h"
#include "svc_labels.h"
#include "svc_org.h"
#include "svc_user.h"

#include <string.h>

static json_t *roles_json(const struct actor_role *roles, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:s, s:s?}", "label", role_label(roles[i].role), "unit",
                                         roles[i].unit_name));
    return out;
}

/* The roles of `mask` as select options (role_nth: the service's one table of roles and
 * their labels), `selected` chosen. */
static json_t *role_options(int mask, const char *selected)
{
    json_t *out = json_array();
    for (int i = 0, role; (role = role_nth(i)) != 0; i++)
        if (role & mask)
            json_array_append_new(out, jpack("{s:s, s:s, s:b}", "name", role_name(role), "label",
                                             role_label(role), "selected",
                                             selected && strcmp(selected, role_name(role)) == 0));
    return out;
}

/* The units the admin may grant a role at (svc_org_admin_units), as select options. */
static json_t *unit_options(struct http_req *r, const struct actor *a, const char *selected)
{
    struct svc_org_unit *units = NULL;
    int n = 0;
    struct err e = {0};
    json_t *out = json_array();
    if (svc_org_admin_units(page_app(r)->svc, a, r->arena, &units, &n, &e) != 0)
        return out;
    for (int i = 0; i < n; i++)
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:s, s:b}", "key", units[i].key, "label",
                                    units[i].name, "indent", dview_indent(r, units[i].depth),
                                    "selected", selected && strcmp(selected, units[i].key) == 0));
    return out;
}

/* The input an error links to: the new-account form's own, or the role or unit of the row
 * whose grant was refused (role-<username>, unit-<username>). */
static const char *error_input(struct http_req *r, const struct err *fe, int adding)
{
    int grant_field = strcmp(fe->field, "role") == 0 || strcmp(fe->field, "unit") == 0;
    if (!adding && grant_field && http_param(r, "username"))
        return arena_printf(r->arena, "%s-%s", fe->field, http_param(r, "username"));
    return *fe->field ? fe->field : "username";
}

static int users_page(struct http_req *r, struct http_resp *w, int status, const struct err *fe)
{
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct svc_user *users = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_user_list(app->svc, a, r->arena, &users, &n, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, jpack("{s:s, s:s, s:s, s:o}", "username", users[i].username,
                                          "full_name", users[i].full_name, "kind",
                                          svc_user_kind_label(users[i].kind), "roles",
                                          roles_json(users[i].roles, users[i].nroles)));
    /* a refused new account keeps what was typed (never the password) */
    int adding = fe && strcmp(r->path, "/desk/users") == 0;
    json_t *ctx =
        jpack("{s:o, s:o, s:o, s:o, s:o}", "users", rows, "units", unit_options(r, a, NULL),
              "new_units", unit_options(r, a, adding ? http_form(r, "unit") : NULL), "grant_roles",
              role_options(ROLE_STAFF, NULL), "new_roles",
              role_options(ROLE_STAFF | ROLE_CITIZEN, adding ? http_form(r, "role") : NULL));
    if (adding)
        json_object_set_new(ctx, "new",
                            jpack("{s:s, s:s}", "username",
                                  http_form(r, "username") ? http_form(r, "username") : "",
                                  "full_name",
                                  http_form(r, "full_name") ? http_form(r, "full_name") : ""));
    if (fe)
        json_object_set_new(
            ctx, "errors",
            jpack("[{s:s, s:s}]", "field", error_input(r, fe, adding), "message", fe->msg));
    return page_render(r, w, status, "users", "Người dùng và phân quyền", ctx);
}

int page_users(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return users_page(r, w, 200, NULL);
}

int page_user_add(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct svc_user_new u = {http_form(r, "username"),
                             http_form(r, "full_name"),
                             http_form(r, "kind"),
                             http_form(r, "password"),
                             NULL,
                             NULL};
    struct err e = {0};
    const char *role = http_form(r, "role");
    int rc = svc_user_add_granted(app->svc, a, &u, role && *role ? role : NULL,
                                  http_form(r, "unit"), NULL, &e);
    if (rc)
        return users_page(r, w, http_status_for(rc), &e);
    http_resp_redirect(w, "/desk/users");
    return 0;
}

int page_user_grant(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct err e = {0};
    if (svc_user_grant(app->svc, a, http_param(r, "username"), http_form(r, "role"),
                       http_form(r, "unit"), &e) != 0)
        return users_page(r, w, http_status_for(e.code), &e);
    http_resp_redirect(w, "/desk/users");
    return 0;
}

int page_audit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    struct svc_audit_entry *entries = NULL;
    int n = 0;
    int64_t count = 0, broken = 0;
    struct err e = {0};
    if (svc_audit_recent(app->svc, a, r->arena, NULL, NULL, 200, &entries, &n, &e) != 0 ||
        svc_audit_verify(app->svc, a, &count, &broken, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            rows, jpack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
                        (json_int_t)entries[i].seq, "at", page_datetime(r, entries[i].at), "actor",
                        entries[i].actor, "action", svc_event_label(entries[i].action),
                        "object_type", svc_object_label(entries[i].object_type), "object_id",
                        entries[i].object_id, "summary", entries[i].summary, "hash_short",
                        arena_strndup(r->arena, entries[i].hash, 12)));
    json_t *ctx = jpack("{s:o, s:I, s:b, s:I, s:b}", "entries", rows, "count", (json_int_t)count,
                        "intact", broken == 0, "broken", (json_int_t)broken, "can_anchor",
                        (actor_roles_unscoped(a) & ROLE_ADMIN) != 0);
    return page_render(r, w, 200, "audit", "Nhật ký hệ thống", ctx);
}
