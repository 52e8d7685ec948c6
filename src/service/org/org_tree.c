/* org_tree.c — the organisation tree in memory, as every service module reads it: a snapshot
 * kept in the svc and checked against the table's signature in each transaction, so reception
 * and the reads that resolve units do not load the whole org_units table each time; and the
 * walks up the tree (the People's Committee, the place name, the agency code, "within"). */
#include "org_tree.h"

#include <stdlib.h>
#include <string.h>

/* A tree as read at one signature. Trees handed out point into it without a release, so a
 * snapshot that a change replaced is kept (linked from its successor) until svc_close: one
 * tree per change of the organisation, which is an administrator's act of a few a year. */
struct org_snap {
    struct org_snap *older;
    int64_t version, max_id;
    struct arena *a;
    struct org_unit *units;
    int n;
};

static void org_snaps_free(void *p)
{
    for (struct org_snap *s = p, *older; s; s = older) {
        older = s->older;
        arena_free(s->a);
        free(s);
    }
}

static int org_snap_build(struct db_conn *c, int64_t version, int64_t max_id, struct org_snap **out,
                          struct err *e)
{
    struct org_snap *snap = calloc(1, sizeof *snap);
    struct arena *a = snap ? arena_new() : NULL;
    if (!a) {
        free(snap);
        return err_set(e, E_NOMEM, NULL, "out of memory");
    }
    *snap = (struct org_snap){.version = version, .max_id = max_id, .a = a};
    int rc = org_list(c, a, &snap->units, &snap->n, e);
    if (rc) {
        org_snaps_free(snap);
        return rc;
    }
    *out = snap;
    return 0;
}

static void tree_from(const struct org_snap *snap, struct db_conn *c, struct org_tree *t)
{
    *t = (struct org_tree){.units = snap->units, .n = snap->n, .c = c};
}

/* The snapshot read at this signature, among the current one and those it replaced (a
 * transaction that began before a change, or a report on a standby that lags, asks for an
 * older one); NULL when none was read. Called with org_lock held. */
static struct org_snap *snap_at(struct org_snap *chain, int64_t version, int64_t max_id)
{
    for (; chain; chain = chain->older)
        if (chain->version == version && chain->max_id == max_id)
            return chain;
    return NULL;
}

/* Keeps a fresh snapshot: the newest becomes the cached one, an older one is linked behind it
 * (kept, not cached), and one that another thread read meanwhile gives way to it. */
static struct org_snap *snap_keep(struct svc *s, struct org_snap *fresh)
{
    struct org_snap *cur = s->org.snap, *known = snap_at(cur, fresh->version, fresh->max_id);
    if (known) {
        org_snaps_free(fresh);
        return known;
    }
    if (!cur || cur->version < fresh->version) {
        fresh->older = cur;
        s->org = (struct svc_cache){fresh, org_snaps_free};
    } else {
        fresh->older = cur->older;
        cur->older = fresh;
    }
    return fresh;
}

int org_tree_of(struct svc *s, struct db_conn *c, struct org_tree *t, struct err *e)
{
    int64_t version = 0, max_id = 0;
    int rc = org_signature(c, &version, &max_id, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->org_lock);
    struct org_snap *known = snap_at(s->org.snap, version, max_id);
    if (known)
        tree_from(known, c, t);
    pthread_mutex_unlock(&s->org_lock);
    if (known)
        return 0;
    struct org_snap *fresh = NULL;
    if ((rc = org_snap_build(c, version, max_id, &fresh, e)) != 0)
        return rc;
    pthread_mutex_lock(&s->org_lock);
    tree_from(snap_keep(s, fresh), c, t);
    pthread_mutex_unlock(&s->org_lock);
    return 0;
}

const struct org_unit *org_tree_get(const struct org_tree *t, int64_t id)
{
    for (int i = 0; i < t->n; i++)
        if (t->units[i].id == id)
            return &t->units[i];
    return NULL;
}

static int is_admin_level(const char *level)
{
    return strcmp(level, "commune") == 0 || strcmp(level, "district") == 0 ||
           strcmp(level, "province") == 0;
}

const struct org_unit *org_tree_admin(const struct org_tree *t, int64_t id)
{
    for (int depth = 0; depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (is_admin_level(u->level))
            return u;
        id = u->parent_id;
    }
    return NULL;
}

const char *org_tree_place(const struct org_tree *t, int64_t id)
{
    for (int i = 0; !id && i < t->n; i++)
        if (!t->units[i].parent_id && t->units[i].place && *t->units[i].place)
            return t->units[i].place;
    for (int depth = 0; id && depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (u->place && *u->place)
            return u->place;
        id = u->parent_id;
    }
    return NULL;
}

const char *org_tree_agency_code(const struct org_tree *t, int64_t id)
{
    for (int depth = 0; depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (u->agency_code && *u->agency_code)
            return u->agency_code;
        id = u->parent_id;
    }
    return NULL;
}

int org_tree_within(const struct org_tree *t, int64_t id, int64_t ancestor)
{
    for (int depth = 0; depth < 32 && id; depth++) {
        if (id == ancestor)
            return 1;
        const struct org_unit *u = org_tree_get(t, id);
        id = u ? u->parent_id : 0;
    }
    return 0;
}

int64_t org_tree_parent(const void *tree, int64_t id)
{
    const struct org_unit *u = org_tree_get(tree, id);
    return u ? u->parent_id : 0;
}
