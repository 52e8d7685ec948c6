/* reach.c — what a role held at a unit reaches over the org tree, as the modules that act on
 * dossiers ask it: the actor's role at a dossier's unit (perm.c's one scope rule, with the
 * refusal worded for a dossier) and the visibility of a dossier (its units' staff, the units
 * consulted about it, the applicant). It lives under the modules that ask it (dossier,
 * files, messages, online, payments, stats), so none of them depends on another for it. */
#include "org_tree.h"

#include "consult_store.h"

/* perm.c owns the rule; this is only the wording of a refusal about a dossier. */
int dossier_role_at(const struct org_tree *t, const struct actor *a, int mask, int64_t unit_id,
                    struct err *e)
{
    if (perm_holds_in(a, mask, unit_id, org_tree_parent, t))
        return 0;
    return err_set(e, E_FORBIDDEN, "action",
                   "Bạn không có quyền thực hiện thao tác này với hồ sơ của đơn vị khác");
}

int dossier_consulted(const struct org_tree *t, const struct actor *a, const struct dossier_row *d)
{
    int64_t units[CONSULTED_MAX];
    int n = 0;
    if (!t->c || consult_open_units(t->c, d->id, units, CONSULTED_MAX, &n, NULL) != 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (dossier_role_at(t, a, ROLE_RECEPTIONIST | CONSULT_ANSWERERS, units[i], NULL) == 0)
            return 1;
    return 0;
}

int dossier_visible(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                    struct err *e)
{
    if (a == &svc_system || (a->user_id && a->user_id == d->applicant_user_id))
        return 0;
    /* Admins and auditors see the dossiers of the units their grants cover, like staff. */
    int staff = ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR;
    if (dossier_role_at(t, a, staff, d->receiving_unit_id, NULL) == 0 ||
        (d->step_unit_id && dossier_role_at(t, a, staff, d->step_unit_id, NULL) == 0) ||
        dossier_consulted(t, a, d))
        return 0;
    return err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
}
