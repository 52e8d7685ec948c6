/* dossier_pick.c — the lists a desk officer chooses from instead of typing a user name or a
 * unit code (issue #14, item 13): who may be given the current step of a dossier, and which
 * units may be asked for an opinion about it. The same lists are what the actions accept, so
 * the page offers exactly what the service lets through and a forged choice is refused with
 * the field named (422), never taken as "anyone with that name". */
#include "dossier_internal.h"

#include "user_store.h"

#include <string.h>

#define DEPTH_MAX 32

/* Does a grant at unit_id (0: no unit) cover the unit `at`? The rule of perm_holds, for a
 * grant that is not the actor's own. */
static int grant_covers(const struct org_tree *t, int64_t unit_id, int64_t at)
{
    return unit_id == 0 || org_tree_within(t, at, unit_id);
}

static int seen(const struct svc_pick *list, int n, const char *key)
{
    return dossier_pick_find(list, n, key) != NULL;
}

int dossier_pick_assignees(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                           const struct dossier_row *d, struct svc_pick **out, int *n,
                           struct err *e)
{
    struct role_holder_row *rows = NULL;
    int nrows = 0;
    *out = NULL;
    *n = 0;
    if (!d->step_role || !d->step_unit_id)
        return 0;
    int rc = user_role_holders(c, ar, d->step_role, &rows, &nrows, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(nrows + 1));
    for (int i = 0; i < nrows; i++) {
        if (!grant_covers(t, rows[i].unit_id, d->step_unit_id) || seen(*out, *n, rows[i].username))
            continue;
        const struct org_unit *u = org_tree_get(t, rows[i].unit_id);
        (*out)[(*n)++] =
            (struct svc_pick){.key = rows[i].username,
                              .label = u ? arena_printf(ar, "%s · %s", rows[i].full_name, u->name)
                                         : rows[i].full_name,
                              .depth = 0};
    }
    return 0;
}

/* Appends the in-force children of parent (0: the roots) and their subtrees, in the tree's
 * order (parents before children, siblings by name). */
static void walk(const struct org_tree *t, struct arena *ar, const struct dossier_row *d,
                 int64_t parent, int depth, struct svc_pick *out, int *n)
{
    if (depth >= DEPTH_MAX)
        return;
    for (int i = 0; i < t->n; i++) {
        const struct org_unit *u = &t->units[i];
        int root = !u->parent_id || !org_tree_get(t, u->parent_id);
        if (parent ? u->parent_id != parent : !root)
            continue;
        if (!u->successor_id && u->id != d->step_unit_id)
            out[(*n)++] = (struct svc_pick){.key = u->key, .label = u->name, .depth = depth};
        walk(t, ar, d, u->id, depth + 1, out, n);
    }
}

void dossier_pick_consulted(const struct org_tree *t, struct arena *ar, const struct dossier_row *d,
                            struct svc_pick **out, int *n)
{
    *out = arena_alloc(ar, sizeof **out * (size_t)(t->n + 1));
    *n = 0;
    walk(t, ar, d, 0, 0, *out, n);
}

const struct svc_pick *dossier_pick_find(const struct svc_pick *list, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(list[i].key, key) == 0)
            return &list[i];
    return NULL;
}
