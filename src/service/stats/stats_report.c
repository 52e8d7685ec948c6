/* stats_report.c — dossier statistics by unit, field, procedure, channel or month, read from the
 * counters only: the query sums the day rows of the period per unit, procedure, channel and
 * month, so its cost depends on the size of the catalogue, the org tree and the period, never
 * on how many dossiers there are. Rows are then filtered to the units in scope and grouped in
 * memory, with a total and the on-time rate (Circular 01/2018 Art. 13, indicator 1). */
#include "stats_internal.h"
#include "svc_stats.h"

#include "stats_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const groups[] = {"unit", "field", "procedure", "channel", "month", NULL};

static void add_cell(struct svc_stats_counts *c, const int64_t n[STATS_NCOUNTERS])
{
    c->received += n[STATS_RECEIVED];
    c->online += n[STATS_ONLINE];
    c->accepted += n[STATS_ACCEPTED];
    c->refused += n[STATS_REFUSED];
    c->supplements += n[STATS_SUPPLEMENTS];
    c->early += n[STATS_EARLY];
    c->on_time += n[STATS_ON_TIME];
    c->late += n[STATS_LATE];
    c->returned += n[STATS_RETURNED];
    c->stopped += n[STATS_STOPPED];
    c->withdrawn += n[STATS_WITHDRAWN];
    c->digitised += n[STATS_DIGITISED];
    c->e_result += n[STATS_E_RESULT];
    c->fully_digitised += n[STATS_FULLY_DIGITISED];
    c->rated += n[STATS_RATED];
    c->satisfied += n[STATS_SATISFIED];
    c->neutral += n[STATS_NEUTRAL];
    c->dissatisfied += n[STATS_DISSATISFIED];
    for (int i = 0; i < SVC_NITEMS; i++) {
        c->item_n[i] += n[STATS_CONTACTS_N + 2 * i];
        c->item_sum[i] += n[STATS_CONTACTS_SUM + 2 * i];
    }
}

/* num ÷ den rounded to `decimals` decimals (half up); -1 when den is 0. */
static double rounded_ratio(int64_t num, int64_t den, double scale, int decimals)
{
    if (!den)
        return -1;
    double p = decimals == 2 ? 100 : 10;
    return (double)(int64_t)((double)num * scale * p / (double)den + 0.5) / p;
}

/* Resolved count, on-time rate and indicator 1 (2 points early, 1 on time, 0 late, averaged
 * and rounded to one decimal as Art. 15 asks). */
static void finish_row(struct svc_stats_row *r)
{
    const struct svc_stats_counts *c = &r->n;
    r->resolved = c->early + c->on_time + c->late;
    r->on_time_rate = rounded_ratio(c->early + c->on_time, r->resolved, 100, 2);
    r->indicator1 = rounded_ratio(2 * c->early + c->on_time, r->resolved, 1, 1);
    for (int i = 0; i < SVC_NITEMS; i++)
        r->item_avg[i] = rounded_ratio(c->item_sum[i], c->item_n[i], 1, 1);
}

static const char *channel_label(const char *ch)
{
    return strcmp(ch, "online") == 0    ? "Trực tuyến"
           : strcmp(ch, "post") == 0    ? "Bưu chính"
           : strcmp(ch, "counter") == 0 ? "Trực tiếp"
                                        : ch;
}

struct report_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_query *q;
    struct arena *ar;
    struct svc_stats_report *out;
};

static int by_code(const void *key, const void *elem)
{
    return strcmp(key, ((const struct stats_procedure *)elem)->code);
}

const struct stats_procedure *stats_procedure_find(const struct stats_procedure *p, int np,
                                                   const char *code)
{
    return np ? bsearch(code, p, (size_t)np, sizeof *p, by_code) : NULL;
}

const char *stats_procedure_field(const struct stats_procedure *p, int np, const char *code)
{
    const struct stats_procedure *x = stats_procedure_find(p, np, code);
    return x ? x->field : "";
}

static const char *name_of(const struct stats_procedure *p, int np, const char *code)
{
    const struct stats_procedure *x = stats_procedure_find(p, np, code);
    return x ? x->name : code;
}

/* The key and label a cell is grouped under. */
static void cell_key(struct report_ctx *x, const struct stats_scope *sc,
                     const struct stats_procedure *procs, int np, const struct stats_cell *cell,
                     const char **key, const char **label)
{
    const char *g = x->out->group;
    if (strcmp(g, "field") == 0) {
        *key = stats_procedure_field(procs, np, cell->procedure_code);
        *label = *key ? *key : "Chưa xác định lĩnh vực";
    } else if (strcmp(g, "procedure") == 0) {
        *key = cell->procedure_code;
        *label = name_of(procs, np, cell->procedure_code);
    } else if (strcmp(g, "channel") == 0) {
        *key = cell->channel;
        *label = channel_label(cell->channel);
    } else if (strcmp(g, "month") == 0) {
        *key = cell->month;
        *label = arena_printf(x->ar, "%.2s/%.4s", cell->month + 5, cell->month);
    } else {
        const struct org_unit *u = stats_scope_unit(sc, cell->unit_id);
        *key = u ? u->key : "";
        *label = u ? u->name : "";
    }
}

static struct svc_stats_row *row_for(struct svc_stats_report *r, const char *key, const char *label)
{
    for (int i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].key, key) == 0)
            return &r->rows[i];
    struct svc_stats_row *row = &r->rows[r->nrows++];
    *row = (struct svc_stats_row){.key = key, .label = label};
    return row;
}

static int by_key(const void *pa, const void *pb)
{
    return strcmp(((const struct svc_stats_row *)pa)->key, ((const struct svc_stats_row *)pb)->key);
}

static int report_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct report_ctx *x = ctx;
    struct svc_stats_report *r = x->out;
    struct stats_scope sc;
    struct stats_cell *cells = NULL;
    struct stats_procedure *procs = NULL;
    int ncells = 0, nprocs = 0;
    int rc = stats_scope_open(x->s, c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &sc, e);
    if (!rc)
        rc = stats_cells(c, x->ar, sc.from, sc.to, &cells, &ncells, e);
    if (!rc)
        rc = stats_procedures(c, x->ar, sc.to, &procs, &nprocs, e);
    if (rc)
        return rc;
    r->from = sc.from;
    r->to = sc.to;
    r->unit_key = sc.unit ? sc.unit->key : "";
    r->unit_name = sc.unit ? sc.unit->name : "Tất cả đơn vị";
    r->place = org_tree_place(&sc.tree, sc.unit ? sc.unit->id : 0);
    r->rows = arena_alloc(x->ar, sizeof *r->rows * (size_t)(ncells ? ncells : 1));
    r->total = (struct svc_stats_row){.key = "", .label = "Tổng cộng"};
    for (int i = 0; i < ncells; i++) {
        if (!stats_scope_has(&sc, cells[i].unit_id))
            continue;
        const char *key, *label;
        cell_key(x, &sc, procs, nprocs, &cells[i], &key, &label);
        add_cell(&row_for(r, key, label)->n, cells[i].n);
        add_cell(&r->total.n, cells[i].n);
    }
    qsort(r->rows, (size_t)r->nrows, sizeof *r->rows, by_key);
    for (int i = 0; i < r->nrows; i++)
        finish_row(&r->rows[i]);
    finish_row(&r->total);
    return 0;
}

int svc_stats_report(struct svc *s, const struct actor *a, struct arena *ar,
                     const struct svc_stats_query *q, struct svc_stats_report *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->group = q->group && *q->group ? q->group : "unit";
    int known = 0;
    for (int i = 0; groups[i]; i++)
        known |= strcmp(groups[i], out->group) == 0;
    if (!known)
        return err_set(e, E_INVALID, "group",
                       "group phải là unit, field, procedure, channel hoặc month");
    struct report_ctx x = {s, a, q, ar, out};
    return svc_report_read(s, report_tx, &x, e);
}
