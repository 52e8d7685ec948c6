/* stats_report.c — dossier statistics by unit, procedure, channel or month, read from the
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

static const char *const groups[] = {"unit", "procedure", "channel", "month", NULL};

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
}

/* Resolved count, on-time rate and indicator 1 (2 points early, 1 on time, 0 late, averaged
 * and rounded to one decimal as Art. 15 asks). */
static void finish_row(struct svc_stats_row *r)
{
    const struct svc_stats_counts *c = &r->n;
    r->resolved = c->early + c->on_time + c->late;
    if (!r->resolved) {
        r->on_time_rate = r->indicator1 = -1;
        return;
    }
    r->on_time_rate = (double)(c->early + c->on_time) * 10000 / (double)r->resolved;
    r->on_time_rate = (double)(int64_t)(r->on_time_rate + 0.5) / 100;
    r->indicator1 = (double)(2 * c->early + c->on_time) * 10 / (double)r->resolved;
    r->indicator1 = (double)(int64_t)(r->indicator1 + 0.5) / 10;
}

static const char *channel_label(const char *ch)
{
    return strcmp(ch, "online") == 0    ? "Trực tuyến"
           : strcmp(ch, "post") == 0    ? "Bưu chính"
           : strcmp(ch, "counter") == 0 ? "Trực tiếp"
                                        : ch;
}

struct report_ctx {
    const struct actor *a;
    const struct svc_stats_query *q;
    struct arena *ar;
    struct svc_stats_report *out;
};

static const char *name_of(const struct stats_procedure *p, int np, const char *code)
{
    for (int i = 0; i < np; i++)
        if (strcmp(p[i].code, code) == 0)
            return p[i].name;
    return code;
}

/* The key and label a cell is grouped under. */
static void cell_key(struct report_ctx *x, const struct stats_scope *sc,
                     const struct stats_procedure *procs, int np, const struct stats_cell *cell,
                     const char **key, const char **label)
{
    const char *g = x->out->group;
    if (strcmp(g, "procedure") == 0) {
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
    int rc = stats_scope_open(c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &sc, e);
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
        return err_set(e, E_INVALID, "group", "group phải là unit, procedure, channel hoặc month");
    struct report_ctx x = {a, q, ar, out};
    return db_with_conn(s->db, report_tx, &x, e);
}
