/* stats_drill.c — the dossiers behind a number of the statistics: received in the period, or
 * resolved in it with a given timing, for the units in scope, optionally one field, procedure
 * and channel, each with its own Circular 01/2018 Art. 13 scores (indicator 1 from its timing,
 * the items of its rating). Unlike the reports this reads dossiers, through the (receiving
 * unit, received_at) and (receiving unit, finished_at) indexes (the rating by its unique
 * dossier key), so its cost is that of the matching unit's dossiers in the period; the timing
 * is decided by the same rule the counters use. */
#include "stats_internal.h"
#include "svc_stats.h"

#include "stats_store.h"
#include "svc_labels.h"

#include <jansson.h>
#include <string.h>

#define MAX_PER_PAGE 200

struct drill_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_drill *q;
    struct arena *ar;
    struct svc_stats_dossier *out;
    int n, total;
    struct stats_procedure *procs;
    int nprocs;
};

static int wanted(const struct drill_ctx *x, const struct stats_dossier *d, const char *timing)
{
    const struct svc_stats_drill *q = x->q;
    if (q->field && *q->field &&
        strcmp(q->field, stats_procedure_field(x->procs, x->nprocs, d->procedure_code)) != 0)
        return 0;
    if (q->procedure && *q->procedure && strcmp(q->procedure, d->procedure_code) != 0)
        return 0;
    if (q->channel && *q->channel && strcmp(q->channel, d->channel) != 0)
        return 0;
    return !timing || strcmp(q->timing, "resolved") == 0 || strcmp(q->timing, timing) == 0;
}

/* The Art. 13 scores of one dossier: indicator 1 when it was resolved (2 / 1 / 0) and the
 * items its rating scored. */
static void scores(const struct stats_dossier *d, const char *timing, struct svc_stats_dossier *o)
{
    o->indicator1 = !timing                          ? -1
                    : strcmp(timing, "early") == 0   ? 2
                    : strcmp(timing, "on_time") == 0 ? 1
                                                     : 0;
    o->rating = d->rating_overall;
    json_t *j = d->rating_indicators ? json_loads(d->rating_indicators, 0, NULL) : NULL;
    for (int i = 0; i < SVC_NITEMS; i++) {
        json_t *v = json_object_get(j, svc_rating_items[i]);
        o->items[i] = json_is_integer(v) ? (int)json_integer_value(v) : -1;
    }
    json_decref(j);
}

static void keep(struct drill_ctx *x, const struct org_unit *u, const struct stats_dossier *d,
                 const char *timing)
{
    int first = (x->q->page - 1) * x->q->per_page;
    int i = x->total++;
    if (i < first || i >= first + x->q->per_page)
        return;
    struct svc_stats_dossier *o = &x->out[x->n++];
    *o = (struct svc_stats_dossier){
        .code = d->code,
        .procedure_code = d->procedure_code,
        .procedure_name = d->procedure_name,
        .channel = d->channel,
        .state = d->state,
        .unit_key = u->key,
        .timing = timing ? timing : "",
        .received_at = d->received_at,
        .due_at = d->due_at,
        .finished_at = d->finished_at,
        .field = stats_procedure_field(x->procs, x->nprocs, d->procedure_code),
    };
    scores(d, timing, o);
}

static int drill_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct drill_ctx *x = ctx;
    struct stats_scope sc;
    int resolved = x->q->timing && *x->q->timing;
    int rc = stats_scope_open(x->s, c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &sc, e);
    if (!rc)
        rc = stats_procedures(c, x->ar, sc.to, &x->procs, &x->nprocs, e);
    for (int u = 0; !rc && u < sc.tree.n; u++) {
        struct stats_dossier *ds = NULL;
        int nd = 0;
        if (!sc.in[u])
            continue;
        rc = stats_dossiers(c, x->ar, sc.tree.units[u].id, resolved, sc.from_at, sc.to_at, &ds, &nd,
                            e);
        for (int i = 0; !rc && i < nd; i++) {
            const char *timing =
                resolved ? stats_resolution_timing(ds[i].finished_at, ds[i].due_at, ds[i].extended)
                         : NULL;
            if (wanted(x, &ds[i], timing))
                keep(x, &sc.tree.units[u], &ds[i], timing);
        }
    }
    return rc;
}

static int check_drill(const struct svc_stats_drill *q, struct err *e)
{
    static const char *const timings[] = {"resolved", "early", "on_time", "late", NULL};
    int ok = !q->timing || !*q->timing;
    for (int i = 0; !ok && timings[i]; i++)
        ok = strcmp(q->timing, timings[i]) == 0;
    if (!ok)
        return err_set(e, E_INVALID, "timing", "timing phải là resolved, early, on_time hoặc late");
    if (q->page < 1 || q->per_page < 1 || q->per_page > MAX_PER_PAGE)
        return err_set(e, E_INVALID, "page", "page từ 1, per_page từ 1 đến %d", MAX_PER_PAGE);
    return 0;
}

int svc_stats_dossiers(struct svc *s, const struct actor *a, struct arena *ar,
                       const struct svc_stats_drill *q, struct svc_stats_dossier **out, int *n,
                       int *total, struct err *e)
{
    struct svc_stats_drill qq = *q;
    qq.page = qq.page ? qq.page : 1;
    qq.per_page = qq.per_page ? qq.per_page : 50;
    int rc = check_drill(&qq, e);
    if (rc)
        return rc;
    struct drill_ctx x = {s, a, &qq,  ar, arena_alloc(ar, sizeof *x.out * (size_t)qq.per_page),
                          0, 0, NULL, 0};
    rc = svc_report_read(s, drill_tx, &x, e);
    *out = x.out;
    *n = rc ? 0 : x.n;
    *total = rc ? 0 : x.total;
    return rc;
}
