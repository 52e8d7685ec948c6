/* stats.c — the rebuild of the statistics counters: it replays every stored event, rating
 * and finished step into empty counters through the same hooks that count them live
 * (counters/stats_counters.c), so live and rebuilt counters cannot disagree by construction,
 * and a test proves that they do not. */
#include "stats_internal.h"
#include "svc_stats.h"

#include "cal_date.h"
#include "cal_timing.h"
#include "stats_store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define REBUILD_PAGE 2000

struct rebuild_ctx {
    const struct actor *a;
    int64_t events;
};

static int replay(struct db_conn *c, const struct stats_event *ev, struct err *e)
{
    struct dossier_row d = {.receiving_unit_id = ev->unit_id,
                            .procedure_code = ev->procedure_code,
                            .channel = ev->channel,
                            .state = ev->to_state,
                            .due_at = ev->due_at,
                            .extended = ev->extended};
    return stats_on_event_files(c, &d, ev->action, ev->from_state, ev->at, &ev->files, e);
}

static int replay_rating(struct db_conn *c, const struct stats_rating *r, struct err *e)
{
    struct dossier_row d = {.receiving_unit_id = r->unit_id,
                            .procedure_code = r->procedure_code,
                            .channel = r->channel};
    return stats_on_rating(c, &d, r->overall, r->indicators, r->at, e);
}

/* Every stored rating, in pages by id; *count counts them. */
static int replay_ratings(struct db_conn *c, struct arena *a, int64_t *count, struct err *e)
{
    int64_t after = 0;
    int n = 0, rc = 0;
    do {
        struct stats_rating *rs = NULL;
        arena_reset(a);
        rc = stats_ratings_after(c, a, after, REBUILD_PAGE, &rs, &n, e);
        for (int i = 0; !rc && i < n; i++)
            rc = replay_rating(c, &rs[i], e);
        if (!rc && n)
            after = rs[n - 1].id;
        *count += rc ? 0 : n;
    } while (!rc && n == REBUILD_PAGE);
    return rc;
}

/* Every finished step as dossier_steps holds it now — what the live hook leaves counted, a
 * step finished again being moved, not added — in pages by (dossier, index); *count counts
 * them. Steps are not in the events: the reception step finishes with the acceptance, and
 * generated histories log no event for the specialist's step. */
static int replay_steps(struct db_conn *c, struct arena *a, int64_t *count, struct err *e)
{
    int64_t dossier = 0;
    int idx = 0, n = 0, rc = 0;
    do {
        struct stats_step *st = NULL;
        arena_reset(a);
        rc = stats_steps_after(c, a, dossier, idx, REBUILD_PAGE, &st, &n, e);
        for (int i = 0; !rc && i < n; i++) {
            struct dossier_row d = {.receiving_unit_id = st[i].unit_id,
                                    .procedure_code = st[i].procedure_code,
                                    .channel = st[i].channel};
            rc = stats_count_step(c, &d, st[i].step_unit_id, st[i].finished_at, st[i].timing, 1, e);
        }
        if (!rc && n) {
            dossier = st[n - 1].dossier_id;
            idx = st[n - 1].idx;
        }
        *count += rc ? 0 : n;
    } while (!rc && n == REBUILD_PAGE);
    return rc;
}

static int rebuild_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct rebuild_ctx *x = ctx;
    struct arena *a = arena_new();
    int64_t after = 0;
    int n = 0, rc = stats_clear(c, e);
    x->events = 0;
    do {
        struct stats_event *evs = NULL;
        arena_reset(a);
        if (!rc)
            rc = stats_events_after(c, a, after, REBUILD_PAGE, &evs, &n, e);
        for (int i = 0; !rc && i < n; i++)
            rc = replay(c, &evs[i], e);
        if (!rc && n)
            after = evs[n - 1].id;
        x->events += rc ? 0 : n;
    } while (!rc && n == REBUILD_PAGE);
    int64_t ratings = 0, steps = 0;
    if (!rc)
        rc = replay_ratings(c, a, &ratings, e);
    if (!rc)
        rc = replay_steps(c, a, &steps, e);
    arena_free(a);
    if (!rc) {
        char summary[128];
        snprintf(summary, sizeof summary, "{\"events\":%lld,\"ratings\":%lld,\"steps\":%lld}",
                 (long long)x->events, (long long)ratings, (long long)steps);
        rc = svc_audit(c, x->a, "stats.rebuild", "stats", "stats_daily", summary, e);
    }
    return rc;
}

int svc_stats_rebuild(struct svc *s, const struct actor *a, int64_t *events, struct err *e)
{
    if (!perm_unscoped(a, ROLE_ADMIN))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ quản trị hệ thống được tính lại thống kê");
    struct rebuild_ctx x = {a, 0};
    int rc = db_tx(s->db, rebuild_tx, &x, e);
    if (!rc && events)
        *events = x.events;
    return rc;
}
