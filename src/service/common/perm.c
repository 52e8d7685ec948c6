/* perm.c — the one permission rule, by role and org-unit scope. A role granted in an org unit
 * covers that unit's whole subtree (a district leader may act on its departments' dossiers)
 * and nothing else; a role held without a unit covers every unit and also the things that
 * belong to no unit — the catalogue, the calendar, the org tree, the audit log, the outbox,
 * the accounts of citizens and the unscoped roles themselves. So an admin or auditor granted
 * at a commune is an admin or auditor of that commune only. Granting follows the same rule:
 * only admins grant (the admin role is above every other role), and only inside a unit their
 * own admin grant covers, so nobody can hand out a role beyond their own reach. Every service
 * function asks here: perm_require (units read from the database), perm_holds_in (the tree
 * already in memory; the dossier module words its refusals in dossier_role_at), perm_some
 * (a role held anywhere); docs/architecture.md "Permissions" states the rule for people. */
#include "svc_internal.h"

#include "org_store.h"
#include "user_store.h"

#include <string.h>

int perm_holds(const struct actor *a, int mask, const int64_t *up, int n)
{
    if (a == &svc_system)
        return 1;
    for (int i = 0; i < a->nroles; i++) {
        if (!(a->roles[i].role & mask))
            continue;
        if (a->roles[i].unit_id == 0)
            return 1;
        for (int k = 0; k < n; k++)
            if (a->roles[i].unit_id == up[k])
                return 1;
    }
    return 0;
}

/* Deeper than any real tree (province, district, commune, office): a cycle cannot loop. */
#define MAX_DEPTH 32

int perm_holds_in(const struct actor *a, int mask, int64_t unit_id, perm_parent_fn parent_of,
                  const void *tree)
{
    int64_t up[MAX_DEPTH];
    int n = 0;
    for (int64_t id = unit_id; id && n < MAX_DEPTH; id = parent_of(tree, id))
        up[n++] = id;
    return perm_holds(a, mask, up, n);
}

int perm_some(const struct actor *a, int mask)
{
    return a == &svc_system || (actor_roles(a) & mask) != 0;
}

int perm_unscoped(const struct actor *a, int mask)
{
    return perm_holds(a, mask, NULL, 0);
}

int perm_require_some(const struct actor *a, int mask, struct err *e)
{
    if (perm_some(a, mask))
        return 0;
    return err_set(e, E_FORBIDDEN, NULL, "Bạn không có quyền thực hiện thao tác này");
}

int perm_require(struct db_conn *c, const struct actor *a, int mask, int64_t unit_id, struct err *e)
{
    int rc = perm_require_some(a, mask, e);
    if (rc || perm_unscoped(a, mask))
        return rc;
    if (!unit_id)
        return err_set(e, E_FORBIDDEN, NULL,
                       "Vai trò của bạn chỉ có hiệu lực trong đơn vị được giao; thao tác này cần "
                       "vai trò không giới hạn đơn vị");
    struct arena *ar = arena_new();
    int64_t *up = NULL;
    int n = 0;
    rc = org_ancestors(c, ar, unit_id, &up, &n, e);
    int ok = rc == 0 && perm_holds(a, mask, up, n);
    arena_free(ar);
    return rc ? rc : ok ? 0 : err_set(e, E_FORBIDDEN, NULL, "Đơn vị này nằm ngoài phạm vi của bạn");
}

/* Every role the user holds lies in the admin's reach: an unscoped role or a citizen account
 * needs an unscoped admin, a scoped one an admin grant at or above its unit. */
int perm_require_manage(struct db_conn *c, const struct actor *a, int64_t user_id, const char *kind,
                        struct err *e)
{
    int rc = perm_require_some(a, ROLE_ADMIN, e);
    if (rc || perm_unscoped(a, ROLE_ADMIN))
        return rc;
    if (kind && strcmp(kind, "staff") != 0)
        return perm_require(c, a, ROLE_ADMIN, 0, e);
    struct arena *ar = arena_new();
    struct role_row *roles = NULL;
    int n = 0;
    rc = user_roles(c, ar, user_id, &roles, &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = perm_require(c, a, ROLE_ADMIN, roles[i].unit_id, e);
    arena_free(ar);
    return rc;
}

int perm_require_grant(struct db_conn *c, const struct actor *a, int role, int64_t unit_id,
                       const char *kind, struct err *e)
{
    int rc = perm_require(c, a, ROLE_ADMIN, unit_id, e);
    if (rc)
        return rc;
    int citizen_account = kind && strcmp(kind, "citizen") == 0;
    if (citizen_account && (role & ROLE_STAFF))
        return err_set(e, E_INVALID, "role",
                       "Tài khoản công dân (tự đăng ký) không được giao vai trò cán bộ; hãy tạo "
                       "tài khoản cán bộ riêng");
    if (!citizen_account && role == ROLE_CITIZEN)
        return err_set(e, E_INVALID, "role", "Vai trò công dân chỉ dành cho tài khoản công dân");
    return 0;
}
