/* stats_scope.c — what a statistics request covers: the period (validated dates, defaulting
 * to the year so far) and the units, after checking that the actor may see them. A unit's
 * figures include its whole subtree and the units that were merged or renamed into any unit
 * of it: the counters stay keyed by the unit as it was, so history is never rewritten. */
#include "stats_internal.h"
#include "svc_org.h"
#include "svc_stats.h"

#include "cal_date.h"

#include <stdio.h>
#include <string.h>

#define MAX_DAYS (20 * 366) /* a report spans at most twenty years */

static int parse_day(const char *s, const char *field, int32_t *day, struct err *e)
{
    if (cal_parse_date(s, day, NULL) != 0)
        return err_set(e, E_INVALID, field, "Ngày phải có dạng YYYY-MM-DD (nhận được \"%.20s\")",
                       s);
    return 0;
}

static int scope_dates(struct arena *ar, const char *from, const char *to, struct stats_scope *sc,
                       struct err *e)
{
    int32_t today = cal_local_day(svc_now()), f = 0, t = today;
    int y, m, d;
    cal_ymd_from_day(today, &y, &m, &d);
    f = cal_day_from_ymd(y, 1, 1);
    int rc = 0;
    if (from && *from)
        rc = parse_day(from, "from", &f, e);
    if (!rc && to && *to)
        rc = parse_day(to, "to", &t, e);
    if (rc)
        return rc;
    if (f > t)
        return err_set(e, E_INVALID, "from", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc");
    if (t - f > MAX_DAYS)
        return err_set(e, E_INVALID, "from", "Kỳ thống kê dài tối đa 20 năm");
    char buf[16];
    cal_format_date(f, buf, sizeof buf);
    sc->from = arena_strdup(ar, buf);
    cal_format_date(t, buf, sizeof buf);
    sc->to = arena_strdup(ar, buf);
    sc->from_at = cal_instant(f, 0);
    sc->to_at = cal_instant(t + 1, 0);
    return 0;
}

static const struct org_unit *unit_by_key(const struct org_tree *t, const char *key)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->units[i].key, key) == 0)
            return &t->units[i];
    return NULL;
}

/* The first unit the actor holds a staff role at. */
static const struct org_unit *own_unit(const struct org_tree *t, const struct actor *a)
{
    for (int i = 0; i < a->nroles; i++)
        if (a->roles[i].unit_id && (a->roles[i].role & ROLE_STAFF))
            return org_tree_get(t, a->roles[i].unit_id);
    return NULL;
}

static int scope_unit(const struct actor *a, const char *key, struct stats_scope *sc, struct err *e)
{
    /* Admins and auditors without a unit see every unit; staff, and admins and auditors
       of a unit, the units their grants cover (perm.c). */
    int everywhere = perm_unscoped(a, ROLE_ADMIN | ROLE_AUDITOR);
    int unit_staff = ROLE_STAFF;
    if (!everywhere && !perm_some(a, unit_staff))
        return err_set(e, E_FORBIDDEN, NULL, "Bạn không có quyền xem thống kê");
    if (key && *key) {
        sc->unit = unit_by_key(&sc->tree, key);
        if (!sc->unit)
            return err_set(e, E_INVALID, "unit", "Không có đơn vị có mã \"%.64s\"", key);
    } else if (!everywhere) {
        sc->unit = own_unit(&sc->tree, a);
    }
    if (everywhere)
        return 0;
    if (!sc->unit)
        return err_set(e, E_FORBIDDEN, NULL, "Bạn chưa được phân công tại đơn vị nào");
    return dossier_role_at(&sc->tree, a, unit_staff, sc->unit->id, e) == 0
               ? 0
               : err_set(e, E_FORBIDDEN, "unit", "Bạn chỉ được xem thống kê của đơn vị mình");
}

/* Marks the subtree, then (until nothing changes) the units whose parent or successor is
 * marked, so units merged into the scope bring their own subtrees. */
static void mark_units(struct stats_scope *sc)
{
    const struct org_tree *t = &sc->tree;
    for (int i = 0; i < t->n; i++)
        sc->in[i] = !sc->unit || org_tree_within(t, t->units[i].id, sc->unit->id);
    for (int changed = 1; changed && sc->unit;) {
        changed = 0;
        for (int i = 0; i < t->n; i++)
            if (!sc->in[i] && (stats_scope_has(sc, t->units[i].parent_id) ||
                               stats_scope_has(sc, t->units[i].successor_id)))
                sc->in[i] = changed = 1;
    }
}

int stats_scope_open(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                     const char *unit_key, const char *from, const char *to,
                     struct stats_scope *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int rc = scope_dates(ar, from, to, out, e);
    if (!rc)
        rc = org_tree_of(s, c, &out->tree, e);
    if (!rc)
        rc = scope_unit(a, unit_key, out, e);
    if (rc)
        return rc;
    out->in = arena_alloc(ar, (size_t)(out->tree.n ? out->tree.n : 1));
    mark_units(out);
    return 0;
}

int stats_scope_has(const struct stats_scope *sc, int64_t unit_id)
{
    for (int i = 0; unit_id && i < sc->tree.n; i++)
        if (sc->tree.units[i].id == unit_id)
            return sc->in[i];
    return 0;
}

const struct org_unit *stats_scope_unit(const struct stats_scope *sc, int64_t id)
{
    return org_tree_get(&sc->tree, id);
}

/* ---- the units a statistics filter offers ---- */

struct units_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    struct svc_org_unit *tree;
    int ntree;
    struct svc_stats_unit *out;
    int n, all;
};

static int units_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct units_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    x->all = perm_unscoped(x->a, ROLE_ADMIN | ROLE_AUDITOR);
    x->out = arena_alloc(x->ar, sizeof *x->out * (size_t)(x->ntree ? x->ntree : 1));
    for (int i = 0; !rc && i < x->ntree; i++) {
        const struct svc_org_unit *u = &x->tree[i];
        if (u->successor_id || strcmp(u->level, "external") == 0)
            continue; /* renamed or merged units live on in their successors; other agencies
                         report apart */
        if (x->all || dossier_role_at(&t, x->a, ROLE_STAFF, u->id, NULL) == 0)
            x->out[x->n++] = (struct svc_stats_unit){u->key, u->name, u->depth};
    }
    return rc;
}

int svc_stats_units(struct svc *s, const struct actor *a, struct arena *ar,
                    struct svc_stats_unit **out, int *n, int *all, struct err *e)
{
    struct units_ctx x = {s, a, ar, NULL, 0, NULL, 0, 0};
    int rc = svc_org_tree(s, ar, &x.tree, &x.ntree, e);
    if (!rc)
        rc = db_with_conn(s->db, units_read, &x, e);
    *out = x.out;
    *n = rc ? 0 : x.n;
    *all = x.all;
    return rc;
}
