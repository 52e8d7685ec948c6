/* stats_drill.c — the dossiers behind a number of the statistics: received in the period;
 * resolved in it (with a given timing, or with component files or an electronic result);
 * returned in it; or rated in it (or rated "dissatisfied") — for the units in scope,
 * optionally one field, procedure and channel, each with its own Circular 01/2018 Art. 13
 * scores (indicator 1 from its timing, the items of its rating). This file owns the kinds
 * of count a list can be asked for and their titles (svc_stats_drill_title), so the
 * dashboard, its list page and the API cannot disagree on them. Unlike the reports this reads
 * dossiers, each kind through the index of its own moment (reception, resolution, return,
 * rating), so its cost is that of the matching unit's dossiers in the period; the timing and
 * the digitisation facts are decided by the same rules the counters use. */
#include "stats_internal.h"
#include "svc_stats.h"

#include "stats_store.h"
#include "svc_labels.h"

#include <jansson.h>
#include <string.h>

#define MAX_PER_PAGE 200

/* The kinds of count: the key the dashboard links with, what the list is called, which
 * moment puts a dossier in the period, and what a dossier must have besides. */
enum drill_test { ANY, TIMING, COMPONENTS, E_RESULT, DISSATISFIED };
static const struct drill_kind {
    const char *key, *title;
    enum stats_basis basis;
    enum drill_test test;
} kinds[] = {
    {"", "Hồ sơ tiếp nhận", STATS_BY_RECEIVED, ANY},
    {"resolved", "Hồ sơ đã giải quyết", STATS_BY_RESOLVED, ANY},
    {"early", "Hồ sơ giải quyết trước hạn", STATS_BY_RESOLVED, TIMING},
    {"on_time", "Hồ sơ giải quyết đúng hạn", STATS_BY_RESOLVED, TIMING},
    {"late", "Hồ sơ giải quyết quá hạn", STATS_BY_RESOLVED, TIMING},
    {"returned", "Hồ sơ đã trả kết quả", STATS_BY_RETURNED, ANY},
    {"digitised", "Hồ sơ đã giải quyết có tệp thành phần", STATS_BY_RESOLVED, COMPONENTS},
    {"e_result", "Hồ sơ đã giải quyết có kết quả điện tử", STATS_BY_RESOLVED, E_RESULT},
    {"rated", "Hồ sơ được người dân đánh giá", STATS_BY_RATED, ANY},
    {"dissatisfied", "Hồ sơ bị đánh giá không hài lòng", STATS_BY_RATED, DISSATISFIED},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const struct drill_kind *kind_of(const char *key)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(kinds[i].key, key ? key : "") == 0)
            return &kinds[i];
    return NULL;
}

const char *svc_stats_drill_title(const char *kind, const char *channel)
{
    const struct drill_kind *k = kind_of(kind);
    if (k && k->basis == STATS_BY_RECEIVED && channel && strcmp(channel, "online") == 0)
        return "Hồ sơ tiếp nhận trực tuyến";
    return k ? k->title : "Hồ sơ";
}

struct drill_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_drill *q;
    const struct drill_kind *kind;
    struct arena *ar;
    struct svc_stats_dossier *out;
    int n, total;
    struct stats_procedure *procs;
    int nprocs;
};

static int has(const struct drill_kind *k, const struct stats_dossier *d, const char *timing,
               const char *key)
{
    switch (k->test) {
    case TIMING:
        return timing && strcmp(timing, key) == 0;
    case COMPONENTS:
        return d->components;
    case E_RESULT:
        return d->e_result;
    case DISSATISFIED:
        return d->rating_overall && strcmp(d->rating_overall, "dissatisfied") == 0;
    default:
        return 1;
    }
}

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
    return has(x->kind, d, timing, x->kind->key);
}

/* The timing of a dossier resolved by now (lists of reception leave it out, as they did). */
static const char *timing_of(const struct drill_ctx *x, const struct stats_dossier *d)
{
    if (x->kind->basis == STATS_BY_RECEIVED || !d->finished_at || !d->due_at)
        return NULL;
    return stats_resolution_timing(d->finished_at, d->due_at, d->extended);
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
    int rc = stats_scope_open(x->s, c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &sc, e);
    if (!rc)
        rc = stats_procedures(c, x->ar, sc.to, &x->procs, &x->nprocs, e);
    for (int u = 0; !rc && u < sc.tree.n; u++) {
        struct stats_dossier *ds = NULL;
        int nd = 0;
        if (!sc.in[u])
            continue;
        rc = stats_dossiers(c, x->ar, sc.tree.units[u].id, x->kind->basis, sc.from_at, sc.to_at,
                            &ds, &nd, e);
        for (int i = 0; !rc && i < nd; i++) {
            const char *timing = timing_of(x, &ds[i]);
            if (wanted(x, &ds[i], timing))
                keep(x, &sc.tree.units[u], &ds[i], timing);
        }
    }
    return rc;
}

/* "resolved, early, …": the keys a list may be asked for, for the message of a wrong one. */
static const char *kind_keys(struct arena *ar)
{
    const char *out = "";
    for (size_t i = 1; i < NKINDS; i++)
        out = arena_printf(ar, "%s%s%s", out, i > 1 ? ", " : "", kinds[i].key);
    return out;
}

static int check_drill(struct arena *ar, const struct svc_stats_drill *q, struct err *e)
{
    if (!kind_of(q->timing))
        return err_set(e, E_INVALID, "timing", "timing phải là một trong: %s", kind_keys(ar));
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
    int rc = check_drill(ar, &qq, e);
    if (rc)
        return rc;
    struct drill_ctx x = {.s = s,
                          .a = a,
                          .q = &qq,
                          .kind = kind_of(qq.timing),
                          .ar = ar,
                          .out = arena_alloc(ar, sizeof *x.out * (size_t)qq.per_page)};
    rc = svc_report_read(s, drill_tx, &x, e);
    *out = x.out;
    *n = rc ? 0 : x.n;
    *total = rc ? 0 : x.total;
    return rc;
}
