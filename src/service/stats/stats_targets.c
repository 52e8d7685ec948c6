/* stats_targets.c — the targets tracker of the 2020 report: procedures offered full-process
 * online (goal ≥ 70 %), dossiers received online (≥ 50 %), procedures whose process starts
 * and ends at the one-stop section (the report's 313/346), and communes with their own
 * one-stop section connected to the system (100 %). Each figure carries its numerator and
 * denominator so a reader can check it; catalogue figures are as in force at the period end,
 * dossier figures come from the counters. */
#include "stats_internal.h"
#include "svc_stats.h"

#include "stats_store.h"

#include <jansson.h>
#include <string.h>

struct targets_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_query *q;
    struct arena *ar;
    struct svc_stats_target *t;
    int n;
};

static void add_target(struct targets_ctx *x, const char *key, const char *label,
                       const char *num_label, const char *den_label, int64_t num, int64_t den,
                       double goal)
{
    double v = den ? (double)(int64_t)((double)num * 10000 / (double)den + 0.5) / 100 : -1;
    x->t[x->n++] = (struct svc_stats_target){.key = key,
                                             .label = label,
                                             .num_label = num_label,
                                             .den_label = den_label,
                                             .numerator = num,
                                             .denominator = den,
                                             .value = v,
                                             .goal = goal,
                                             .met = v >= goal};
}

/* The process starts at the one-stop section when its first step is the receptionist's. */
static int through_one_stop(struct arena *ar, const char *body)
{
    struct procedure p;
    struct err ignore = {0};
    if (proc_parse(ar, body, &p, &ignore) != 0 || p.nsteps == 0)
        return 0;
    return p.steps[0].role && strcmp(p.steps[0].role, "receptionist") == 0;
}

static void catalogue_targets(struct targets_ctx *x, const struct stats_procedure *p, int np)
{
    int64_t in_force = 0, full = 0, one_stop = 0;
    for (int i = 0; i < np; i++) {
        if (!p[i].in_force)
            continue;
        in_force++;
        full += strcmp(p[i].online_mode, "full") == 0;
        one_stop += through_one_stop(x->ar, p[i].body);
    }
    add_target(x, "online_full_procedures", "Thủ tục cung cấp dịch vụ công trực tuyến toàn trình",
               "thủ tục trực tuyến toàn trình", "thủ tục đang có hiệu lực", full, in_force, 70);
    add_target(x, "one_stop_procedures", "Thủ tục tiếp nhận và trả kết quả tại Bộ phận Một cửa",
               "thủ tục có bước đầu tại Bộ phận Một cửa", "thủ tục đang có hiệu lực", one_stop,
               in_force, 100);
}

static int valid_on(const struct org_unit *u, const char *day)
{
    return strcmp(u->valid_from, day) <= 0 && (!u->valid_to || strcmp(u->valid_to, day) >= 0);
}

/* Communes in scope and in force at the period end, and those with a one-stop section of
 * their own in force then (reception there is what interconnects the commune). */
static void commune_target(struct targets_ctx *x, const struct stats_scope *sc)
{
    const struct org_tree *t = &sc->tree;
    int64_t communes = 0, connected = 0;
    for (int i = 0; i < t->n; i++) {
        const struct org_unit *u = &t->units[i];
        if (!sc->in[i] || strcmp(u->level, "commune") != 0 || !valid_on(u, sc->to))
            continue;
        communes++;
        for (int j = 0; j < t->n; j++)
            if (t->units[j].parent_id == u->id && strcmp(t->units[j].level, "section") == 0 &&
                valid_on(&t->units[j], sc->to)) {
                connected++;
                break;
            }
    }
    add_target(x, "communes_connected", "Xã, thị trấn thực hiện một cửa điện tử liên thông",
               "xã có Bộ phận Một cửa trên hệ thống", "xã, thị trấn", connected, communes, 100);
}

static int targets_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct targets_ctx *x = ctx;
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
    int64_t received = 0, online = 0;
    for (int i = 0; i < ncells; i++)
        if (stats_scope_has(&sc, cells[i].unit_id)) {
            received += cells[i].n[STATS_RECEIVED];
            online += cells[i].n[STATS_ONLINE];
        }
    catalogue_targets(x, procs, nprocs);
    add_target(x, "online_dossiers", "Hồ sơ tiếp nhận trực tuyến", "hồ sơ nộp trực tuyến",
               "hồ sơ tiếp nhận trong kỳ", online, received, 50);
    commune_target(x, &sc);
    return 0;
}

int svc_stats_targets(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_stats_query *q, struct svc_stats_target **out, int *n,
                      struct err *e)
{
    struct targets_ctx x = {s, a, q, ar, arena_alloc(ar, sizeof *x.t * 4), 0};
    int rc = svc_report_read(s, targets_tx, &x, e);
    *out = x.t;
    *n = rc ? 0 : x.n;
    return rc;
}
