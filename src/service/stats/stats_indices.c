/* stats_indices.c — Decision 766 group 2.1 and Circular 01/2018 Art. 13 indicator 2 for a
 * scope and period. For 766 each dossier of the scope alive in the period (received before
 * its end, not finished before its start; not refused at reception) is rebuilt as a timeline
 * as it stood at the period end — supplement cycles requested later are unknown then, a
 * cycle completed later was still outstanding, a dossier finished later was still open — and
 * judged by cal_timing_766: end minus supplement time against the appointment counted from
 * receipt, more than one supplement request late, withdrawal terminal, open dossiers judged at
 * the period end. Indicator 2 reads the step counters (migration 0019, kept when each step
 * finishes): the steps of the scope's dossiers finished in the period, per acting body, with
 * the Art. 13 points (2/1/0) averaged; the evaluation's per-unit grading reads the same
 * counters per receiving unit (stats_scope_steps). */
#include "stats_internal.h"
#include "svc_stats_indices.h"

#include "cal_timing.h"
#include "indices_store.h"
#include "stats_store.h"

#include <stdlib.h>
#include <string.h>

struct indices_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_query *q;
    struct arena *ar;
    struct svc_stats_indices *out;
};

static double percent(int64_t num, int64_t den)
{
    return den ? (double)(int64_t)((double)num * 10000 / (double)den + 0.5) / 100 : -1;
}

static enum cal_end end_of(const char *state)
{
    return strcmp(state, "stopped") == 0     ? CAL_END_STOPPED
           : strcmp(state, "withdrawn") == 0 ? CAL_END_WITHDRAWN
           : strcmp(state, "returned") == 0  ? CAL_END_RETURNED
                                             : CAL_END_DONE;
}

/* The dossier's timeline as known at period_end; *sups holds its supplement cycles. */
static int timeline_at(const struct indices_dossier *d, int64_t period_end,
                       struct cal_supplement *sups, struct cal_timeline *tl, struct err *e)
{
    *tl = (struct cal_timeline){.received_at = d->received_at, .supplements = sups};
    int rc = cal_unit_parse(d->limit_unit, &tl->limit.unit, e);
    tl->limit.value = d->limit_value;
    for (int i = 0; i < d->nsupplements && d->supplements[i].requested_at <= period_end; i++) {
        int64_t done = d->supplements[i].completed_at;
        sups[tl->nsupplements++] =
            (struct cal_supplement){d->supplements[i].requested_at, done <= period_end ? done : 0};
    }
    if (d->finished_at && d->finished_at <= period_end) {
        tl->end = end_of(d->state);
        tl->ended_at = d->finished_at;
    }
    return rc;
}

static void judge(struct svc_stats_766 *r, const struct cal_timeline *tl, enum cal_timing t)
{
    r->judged++;
    *(t == CAL_EARLY ? &r->early : t == CAL_ON_TIME ? &r->on_time : &r->late) += 1;
    r->finished += tl->end != CAL_END_OPEN;
    r->open_at_end += tl->end == CAL_END_OPEN;
    r->withdrawn += tl->end == CAL_END_WITHDRAWN;
    r->multi_supplement += tl->nsupplements > 1;
    r->with_supplement += tl->nsupplements == 1;
}

static int judge_unit(struct indices_ctx *x, struct db_conn *c, int64_t unit_id,
                      const struct stats_scope *sc, struct err *e)
{
    struct indices_dossier *ds = NULL;
    int n = 0;
    int64_t pe = x->out->period_end;
    int rc = indices_dossiers(c, x->ar, unit_id, sc->from_at, sc->to_at, &ds, &n, e);
    if (rc || !n)
        return rc;
    struct dossier_clock k;
    if ((rc = dossier_clock_open(x->s, c, unit_id, &k, e)) != 0)
        return rc;
    for (int i = 0; i < n; i++) {
        struct cal_supplement *sups =
            arena_alloc(x->ar, sizeof *sups * (size_t)(ds[i].nsupplements + 1));
        struct cal_timeline tl;
        enum cal_timing t;
        struct err skip = {0};
        if (ds[i].received_at <= pe && timeline_at(&ds[i], pe, sups, &tl, &skip) == 0 &&
            cal_timing_766(svc_cal_calendar(k.snap), &k.office, &tl, pe, &t, &skip) == 0)
            judge(&x->out->d766, &tl, t);
        else
            x->out->d766.unjudged++;
    }
    dossier_clock_close(&k);
    return 0;
}

static struct svc_stats_step_row *step_row(struct indices_ctx *x, const struct stats_scope *sc,
                                           int64_t unit_id, int *cap)
{
    const struct org_unit *u = stats_scope_unit(sc, unit_id);
    const char *key = u ? u->key : "";
    struct svc_stats_indices *o = x->out;
    for (int i = 0; i < o->nsteps; i++)
        if (strcmp(o->steps[i].unit_key, key) == 0)
            return &o->steps[i];
    if (o->nsteps == *cap) {
        struct svc_stats_step_row *grown = arena_alloc(x->ar, sizeof *grown * (size_t)(*cap * 2));
        memcpy(grown, o->steps, sizeof *grown * (size_t)o->nsteps);
        o->steps = grown;
        *cap *= 2;
    }
    struct svc_stats_step_row *r = &o->steps[o->nsteps++];
    *r = (struct svc_stats_step_row){.unit_key = key, .unit_name = u ? u->name : ""};
    return r;
}

void stats_steps_add(struct svc_stats_step_row *r, const struct stats_step_cell *cell)
{
    r->early += cell->n[STATS_STEP_EARLY];
    r->on_time += cell->n[STATS_STEP_ON_TIME];
    r->late += cell->n[STATS_STEP_LATE];
    r->steps += cell->n[STATS_STEP_EARLY] + cell->n[STATS_STEP_ON_TIME] + cell->n[STATS_STEP_LATE];
}

int stats_scope_steps(struct db_conn *c, struct arena *ar, const struct stats_scope *sc,
                      struct stats_step_cell **out, int *n, struct err *e)
{
    struct stats_step_cell *all = NULL;
    int rows = 0;
    int rc = stats_step_cells(c, ar, sc->from, sc->to, &all, &rows, e);
    *n = 0;
    *out = all;
    /* A step finished again on a later day leaves a zero on its first day: no row for it. */
    for (int i = 0; !rc && i < rows; i++)
        if (stats_scope_has(sc, all[i].unit_id) &&
            all[i].n[STATS_STEP_EARLY] + all[i].n[STATS_STEP_ON_TIME] + all[i].n[STATS_STEP_LATE])
            all[(*n)++] = all[i];
    return rc;
}

/* Per acting unit, over the scope's receiving units. */
static int count_steps(struct indices_ctx *x, struct db_conn *c, const struct stats_scope *sc,
                       struct err *e)
{
    struct stats_step_cell *cells = NULL;
    int n = 0, cap = 8;
    int rc = stats_scope_steps(c, x->ar, sc, &cells, &n, e);
    x->out->steps = arena_alloc(x->ar, sizeof *x->out->steps * (size_t)cap);
    for (int i = 0; !rc && i < n; i++) {
        stats_steps_add(step_row(x, sc, cells[i].step_unit_id, &cap), &cells[i]);
        stats_steps_add(&x->out->steps_total, &cells[i]);
    }
    return rc;
}

void stats_steps_finish(struct svc_stats_step_row *r)
{
    r->on_time_rate = percent(r->early + r->on_time, r->steps);
    r->points =
        r->steps
            ? (double)(int64_t)((double)(2 * r->early + r->on_time) * 10 / (double)r->steps + 0.5) /
                  10
            : -1;
}

static int by_unit_key(const void *pa, const void *pb)
{
    return strcmp(((const struct svc_stats_step_row *)pa)->unit_key,
                  ((const struct svc_stats_step_row *)pb)->unit_key);
}

static int indices_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct indices_ctx *x = ctx;
    struct svc_stats_indices *o = x->out;
    struct stats_scope sc;
    int rc = stats_scope_open(x->s, c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &sc, e);
    if (rc)
        return rc;
    int64_t now = svc_now();
    o->from = sc.from;
    o->to = sc.to;
    o->unit_key = sc.unit ? sc.unit->key : "";
    o->unit_name = sc.unit ? sc.unit->name : "Tất cả đơn vị";
    o->period_end = sc.to_at - 1 < now ? sc.to_at - 1 : now;
    o->steps_total = (struct svc_stats_step_row){.unit_key = "", .unit_name = "Tổng cộng"};
    for (int i = 0; !rc && i < sc.tree.n; i++)
        if (sc.in[i])
            rc = judge_unit(x, c, sc.tree.units[i].id, &sc, e);
    rc = rc ? rc : count_steps(x, c, &sc, e);
    if (rc)
        return rc;
    o->d766.value = percent(o->d766.early + o->d766.on_time, o->d766.judged);
    qsort(o->steps, (size_t)o->nsteps, sizeof *o->steps, by_unit_key);
    for (int i = 0; i < o->nsteps; i++)
        stats_steps_finish(&o->steps[i]);
    stats_steps_finish(&o->steps_total);
    return 0;
}

int svc_stats_indices(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_stats_query *q, struct svc_stats_indices *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct indices_ctx x = {s, a, q, ar, out};
    return svc_report_read(s, indices_tx, &x, e);
}
