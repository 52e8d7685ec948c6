/* perm.c — the one permission check. A role is granted in an org unit and covers that unit's
 * whole subtree (a district leader may act on its departments' dossiers); admin, auditor and
 * citizen roles may be held without a unit. Every service function calls perm_require before
 * it reads or changes anything it does not own. */
#include "svc_internal.h"

#include "org_store.h"

int perm_require(struct db_conn *c, const struct actor *a, int mask, int64_t unit_id, struct err *e)
{
    if (a == &svc_system)
        return 0;
    if (!(actor_roles(a) & mask))
        return err_set(e, E_FORBIDDEN, NULL, "Bạn không có quyền thực hiện thao tác này");
    for (int i = 0; i < a->nroles; i++)
        if ((a->roles[i].role & mask) && (a->roles[i].unit_id == 0 || unit_id == 0))
            return 0;
    struct arena *ar = arena_new();
    int64_t *up = NULL;
    int n = 0;
    int rc = org_ancestors(c, ar, unit_id, &up, &n, e);
    for (int k = 0; rc == 0 && k < n; k++)
        for (int i = 0; i < a->nroles; i++)
            if ((a->roles[i].role & mask) && a->roles[i].unit_id == up[k]) {
                arena_free(ar);
                return 0;
            }
    arena_free(ar);
    return rc ? rc : err_set(e, E_FORBIDDEN, NULL, "Đơn vị này nằm ngoài phạm vi của bạn");
}
