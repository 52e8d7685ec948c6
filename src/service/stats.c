/* stats.c — the statistics counters: what one dossier event adds to the counters of its
 * receiving unit, procedure, channel and day, applied in the transaction of the event (so a
 * dashboard never scans dossiers), and the rebuild that replays every stored event into
 * empty counters with the same rule (so live and rebuilt counters cannot disagree by
 * construction, and a test proves that they do not). */
#include "stats_internal.h"
#include "svc_stats.h"

#include "cal_date.h"
#include "cal_timing.h"
#include "stats_store.h"

#include <stdio.h>
#include <string.h>

#define REBUILD_PAGE 2000

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

const char *stats_resolution_timing(int64_t end, int64_t due_at, int extended)
{
    return extended ? "late" : cal_timing_name(cal_classify(end, due_at));
}

/* Resolved: the first terminal outcome of an accepted dossier — a result (or a refusal after
 * appraisal) at the counter, a stop, or a withdrawal; a withdrawal after the result was ready
 * has been counted already. */
static int resolves(const struct dossier_row *d, const char *from_state)
{
    return d->due_at && !is(from_state, "result_ready") &&
           (is(d->state, "result_ready") || is(d->state, "stopped") || is(d->state, "withdrawn"));
}

static void count_event(const struct dossier_row *d, const char *action, const char *from_state,
                        int64_t now, int64_t n[STATS_NCOUNTERS])
{
    int recorded = is(from_state, "none");
    n[STATS_RECEIVED] = recorded;
    n[STATS_ONLINE] = recorded && is(d->channel, "online");
    n[STATS_ACCEPTED] = is(action, "accept");
    n[STATS_REFUSED] = is(d->state, "refused");
    n[STATS_SUPPLEMENTS] = is(action, "reception_supplement") || is(action, "request_supplement");
    n[STATS_RETURNED] = is(d->state, "returned");
    n[STATS_STOPPED] = is(d->state, "stopped");
    n[STATS_WITHDRAWN] = is(d->state, "withdrawn");
    if (resolves(d, from_state)) {
        const char *t = stats_resolution_timing(now, d->due_at, d->extended);
        n[is(t, "early") ? STATS_EARLY : is(t, "on_time") ? STATS_ON_TIME : STATS_LATE] = 1;
    }
}

int stats_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                   const char *from_state, int64_t now, struct err *e)
{
    int64_t n[STATS_NCOUNTERS] = {0};
    count_event(d, action, from_state, now, n);
    int any = 0;
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        any |= n[k] != 0;
    if (!any)
        return 0;
    char day[16];
    cal_format_date(cal_local_day(now), day, sizeof day);
    struct stats_key key = {d->receiving_unit_id, d->procedure_code, d->channel, day};
    return stats_add(c, &key, n, e);
}

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
    return stats_on_event(c, &d, ev->action, ev->from_state, ev->at, e);
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
    arena_free(a);
    if (!rc) {
        char summary[64];
        snprintf(summary, sizeof summary, "{\"events\":%lld}", (long long)x->events);
        rc = svc_audit(c, x->a, "stats.rebuild", "stats", "stats_daily", summary, e);
    }
    return rc;
}

int svc_stats_rebuild(struct svc *s, const struct actor *a, int64_t *events, struct err *e)
{
    if (a != &svc_system && !(actor_roles(a) & ROLE_ADMIN))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ quản trị hệ thống được tính lại thống kê");
    struct rebuild_ctx x = {a, 0};
    int rc = db_tx(s->db, rebuild_tx, &x, e);
    if (!rc && events)
        *events = x.events;
    return rc;
}
