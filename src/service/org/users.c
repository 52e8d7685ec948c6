/* users.c — people and roles: creating accounts, changing passwords, granting roles scoped
 * to org units. Every change is audited (never with the password or its hash). */
#include "svc_user.h"
#include "jpack.h"

#include "org_store.h"
#include "svc_internal.h"
#include "text.h"
#include "user_store.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#define MIN_PASSWORD 8
#define MAX_PASSWORD 256

static int hash_password(const struct svc *s, const char *password,
                         char out[crypto_pwhash_STRBYTES], struct err *e)
{
    size_t len = strlen(password);
    if (text_length(password) < MIN_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu phải có ít nhất %d ký tự", MIN_PASSWORD);
    if (len > MAX_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu quá dài (tối đa %d byte)", MAX_PASSWORD);
    if (crypto_pwhash_str_alg(out, password, len, s->cfg.pwhash_ops, s->cfg.pwhash_mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(e, E_NOMEM, NULL, "Không đủ bộ nhớ để băm mật khẩu");
    return 0;
}

static int check_username(const char *u, struct err *e)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 3 || n > 64)
        return err_set(e, E_INVALID, "username", "Tên đăng nhập phải dài từ 3 đến 64 ký tự");
    for (size_t i = 0; i < n; i++) {
        char ch = u[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
                 ch == '-' || ch == '@' || ch == '+';
        if (!ok)
            return err_set(e, E_INVALID, "username",
                           "Tên đăng nhập chỉ gồm chữ thường không dấu, số và . _ - @ +");
    }
    return 0;
}

/* The role name and whether it needs a unit, before any transaction. */
static int check_grant(const char *role, const char *unit_key, struct err *e)
{
    int r = role_from_name(role);
    if (!r)
        return err_set(e, E_INVALID, "role",
                       "Vai trò không hợp lệ: hãy chọn một vai trò trong danh sách");
    int needs_unit = r & (ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER);
    if (needs_unit && (!unit_key || !*unit_key))
        return err_set(e, E_INVALID, "unit", "Vai trò “%s” phải gắn với một đơn vị", role_label(r));
    if (r == ROLE_CITIZEN && unit_key && *unit_key)
        return err_set(e, E_INVALID, "unit", "Vai trò công dân không gắn với đơn vị nào");
    return 0;
}

/* Grants role at unit_key to username inside the caller's transaction, if the actor may. */
static int grant_in(struct db_conn *c, const struct actor *a, const char *username,
                    const char *role, const char *unit_key, struct err *e)
{
    struct arena *ar = arena_new();
    struct user_row u;
    struct org_unit unit = {0};
    int rc = perm_require_some(a, ROLE_ADMIN, e);
    if (!rc)
        rc = user_get_by_username(c, ar, username, &u, e);
    if (!rc && unit_key && *unit_key) {
        rc = org_get_by_key(c, ar, unit_key, &unit, e);
        if (rc == E_NOTFOUND)
            rc = err_set(e, E_INVALID, "unit", "Không có đơn vị mã '%s': hãy chọn trong danh sách",
                         unit_key);
        else if (!rc && unit.successor_id)
            rc = err_set(e, E_INVALID, "unit",
                         "Đơn vị “%s” đã đổi tên hoặc sáp nhập: hãy chọn đơn vị trong danh sách",
                         unit.name);
    }
    if (!rc)
        rc = perm_require_grant(c, a, role_from_name(role), unit.id, u.kind, e);
    if (!rc)
        rc = user_grant(c, u.id, role, unit.id, e);
    if (!rc)
        rc = svc_audit_json(c, a, "user.grant", "user", username,
                            jpack("{s:s, s:s?}", "role", role, "unit", unit.key), e);
    arena_free(ar);
    return rc;
}

struct grant_ctx {
    const struct actor *a;
    const char *username, *role, *unit_key;
};

static int grant_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct grant_ctx *x = ctx;
    return grant_in(c, x->a, x->username, x->role, x->unit_key, e);
}

int svc_user_grant(struct svc *s, const struct actor *a, const char *username, const char *role,
                   const char *unit_key, struct err *e)
{
    int rc = check_grant(role, unit_key, e);
    if (rc)
        return rc;
    struct grant_ctx x = {a, username, role, unit_key};
    return db_tx(s->db, grant_tx, &x, e);
}

struct add_ctx {
    const struct actor *a;
    const struct svc_user_new *u;
    const char *hash;
    const char *role, *unit_key; /* a first role, granted in the same transaction */
    int64_t id;
};

static int add_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct add_ctx *x = ctx;
    /* Any admin may open a staff account (it holds nothing until granted); citizens' accounts
       belong to no unit, so only an admin without a unit opens one. */
    int citizen = strcmp(x->u->kind, "citizen") == 0;
    int rc =
        citizen ? perm_require(c, x->a, ROLE_ADMIN, 0, e) : perm_require_some(x->a, ROLE_ADMIN, e);
    if (rc)
        return rc;
    struct user_row row = {.username = x->u->username,
                           .full_name = x->u->full_name,
                           .kind = x->u->kind,
                           .email = x->u->email,
                           .phone = x->u->phone,
                           .password_hash = x->hash};
    rc = user_insert(c, &row, svc_now(), &x->id, e);
    if (rc)
        return rc;
    rc = svc_audit_json(c, x->a, "user.add", "user", x->u->username,
                        jpack("{s:s, s:s}", "full_name", x->u->full_name, "kind", x->u->kind), e);
    if (!rc && x->role)
        rc = grant_in(c, x->a, x->u->username, x->role, x->unit_key, e);
    return rc;
}

int svc_user_add(struct svc *s, const struct actor *a, const struct svc_user_new *u, int64_t *id,
                 struct err *e)
{
    return svc_user_add_granted(s, a, u, NULL, NULL, id, e);
}

int svc_user_add_granted(struct svc *s, const struct actor *a, const struct svc_user_new *u,
                         const char *role, const char *unit_key, int64_t *id, struct err *e)
{
    int rc = role ? check_grant(role, unit_key, e) : 0;
    if (!rc)
        rc = check_username(u->username, e);
    if (rc)
        return rc;
    if (!u->full_name || !*u->full_name || text_length(u->full_name) > 200)
        return err_set(e, E_INVALID, "full_name", "Vui lòng nhập họ và tên (tối đa 200 ký tự)");
    if (!u->kind || (strcmp(u->kind, "staff") != 0 && strcmp(u->kind, "citizen") != 0))
        return err_set(e, E_INVALID, "kind", "Loại tài khoản phải là cán bộ hoặc công dân");
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(s, u->password ? u->password : "", hash, e)) != 0)
        return rc;
    struct add_ctx x = {a, u, hash, role, unit_key, 0};
    rc = db_tx(s->db, add_tx, &x, e);
    if (!rc && id)
        *id = x.id;
    return rc;
}

struct passwd_ctx {
    const struct actor *a;
    const char *username, *hash;
};

static int passwd_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct passwd_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct user_row u;
    int rc = user_get_by_username(c, ar, x->username, &u, e);
    if (!rc && u.id != x->a->user_id)
        rc = perm_require_manage(c, x->a, u.id, u.kind, e);
    if (!rc)
        rc = user_set_password(c, u.id, x->hash, svc_now(), e);
    if (!rc)
        rc = session_delete_user(c, u.id, e);
    if (!rc)
        rc = svc_audit(c, x->a, "user.passwd", "user", x->username, "{}", e);
    arena_free(ar);
    return rc;
}

int svc_user_passwd(struct svc *s, const struct actor *a, const char *username,
                    const char *password, struct err *e)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = hash_password(s, password ? password : "", hash, e);
    if (rc)
        return rc;
    struct passwd_ctx x = {a, username, hash};
    return db_tx(s->db, passwd_tx, &x, e);
}

struct list_ctx {
    const struct actor *a;
    struct arena *ar;
    struct svc_user *out;
    int n;
};

#define VIEWERS (ROLE_ADMIN | ROLE_AUDITOR)

/* Keeps the grants at units the viewer's admin or auditor grants cover: a viewer of a unit
 * sees the people of its subtree, and of them only their roles there. */
static int keep_in_reach(struct db_conn *c, struct arena *ar, const struct actor *a,
                         struct role_row *roles, int *n, struct err *e)
{
    int kept = 0;
    for (int i = 0; i < *n; i++) {
        int64_t *up = NULL;
        int nup = 0;
        int rc = roles[i].unit_id ? org_ancestors(c, ar, roles[i].unit_id, &up, &nup, e) : 0;
        if (rc)
            return rc;
        if (perm_holds(a, VIEWERS, up, nup))
            roles[kept++] = roles[i];
    }
    *n = kept;
    return 0;
}

static int list_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct user_row *rows = NULL;
    int everyone = perm_unscoped(x->a, VIEWERS);
    int rc = perm_require_some(x->a, VIEWERS, e);
    int n = 0;
    if (!rc)
        rc = user_list(c, x->ar, &rows, &n, e);
    if (rc)
        return rc;
    x->out = arena_alloc(x->ar, sizeof *x->out * (size_t)(n ? n : 1));
    for (int i = 0; i < n && !rc; i++) {
        struct role_row *roles = NULL;
        int nr = 0;
        rc = user_roles(c, x->ar, rows[i].id, &roles, &nr, e);
        if (!rc && !everyone)
            rc = keep_in_reach(c, x->ar, x->a, roles, &nr, e);
        if (rc || (!everyone && nr == 0))
            continue;
        struct actor_role *ar = svc_roles_from_rows(x->ar, roles, nr);
        x->out[x->n++] = (struct svc_user){.id = rows[i].id,
                                           .username = rows[i].username,
                                           .full_name = rows[i].full_name,
                                           .kind = rows[i].kind,
                                           .email = rows[i].email,
                                           .phone = rows[i].phone,
                                           .active = rows[i].active,
                                           .roles = ar,
                                           .nroles = nr};
    }
    return rc;
}

int svc_user_list(struct svc *s, const struct actor *a, struct arena *ar, struct svc_user **out,
                  int *n, struct err *e)
{
    struct list_ctx x = {a, ar, NULL, 0};
    int rc = db_with_conn(s->db, list_tx, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}

struct me_ctx {
    const struct actor *a;
    struct arena *ar;
    struct svc_user *out;
};

static int me_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct me_ctx *x = ctx;
    struct user_row u;
    int rc = user_get(c, x->ar, x->a->user_id, &u, e);
    if (!rc)
        *x->out = (struct svc_user){.id = u.id,
                                    .username = u.username,
                                    .full_name = u.full_name,
                                    .kind = u.kind,
                                    .email = u.email,
                                    .phone = u.phone,
                                    .active = u.active,
                                    .roles = x->a->roles,
                                    .nroles = x->a->nroles};
    return rc;
}

int svc_user_me(struct svc *s, const struct actor *a, struct arena *ar, struct svc_user *out,
                struct err *e)
{
    if (!a->user_id)
        return err_set(e, E_UNAUTH, NULL, "Vui lòng đăng nhập");
    struct me_ctx x = {a, ar, out};
    return db_with_conn(s->db, me_read, &x, e);
}
