/* stats_counters.c — the statistics counters: what one dossier event, one finished step or
 * one citizen's rating adds to the counters of its receiving unit, procedure, channel and
 * day, applied in the transaction of the event, step or rating (so a dashboard never scans
 * dossiers). A module of its own below the dossier use cases and the ratings that call it
 * and the reports that read what it counts, so none of them depends on another for it. */
#include "stats_counters.h"

#include "cal_date.h"
#include "cal_timing.h"
#include "svc_labels.h"

#include <jansson.h>
#include <string.h>

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

/* Digitisation is judged once, when the dossier is resolved: component files attached by then
 * make it digitised, a result file makes its result electronic (a result, not a stop or a
 * withdrawal), both make it fully digitised (Decision 766 indicator 4.2). */
static void count_files(const struct dossier_row *d, const struct stats_files *f,
                        int64_t n[STATS_NCOUNTERS])
{
    n[STATS_DIGITISED] = f->components;
    n[STATS_E_RESULT] = f->result && is(d->state, "result_ready");
    n[STATS_FULLY_DIGITISED] = n[STATS_DIGITISED] && n[STATS_E_RESULT];
}

static void count_event(const struct dossier_row *d, const char *action, const char *from_state,
                        int64_t now, const struct stats_files *files, int64_t n[STATS_NCOUNTERS])
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
        count_files(d, files, n);
    }
}

/* Adds n to the counters of d's unit, procedure and channel on the local day of `at`. */
static int add_counts(struct db_conn *c, const struct dossier_row *d, int64_t at,
                      const int64_t n[STATS_NCOUNTERS], struct err *e)
{
    int any = 0;
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        any |= n[k] != 0;
    if (!any)
        return 0;
    char day[16];
    cal_format_date(cal_local_day(at), day, sizeof day);
    struct stats_key key = {d->receiving_unit_id, d->procedure_code, d->channel, day};
    return stats_add(c, &key, n, e);
}

int stats_on_event_files(struct db_conn *c, const struct dossier_row *d, const char *action,
                         const char *from_state, int64_t now, const struct stats_files *files,
                         struct err *e)
{
    int64_t n[STATS_NCOUNTERS] = {0};
    count_event(d, action, from_state, now, files, n);
    return add_counts(c, d, now, n, e);
}

/* Adds sign × one step of timing t, finished at `at` at step_unit, to the step counters of
 * d's receiving unit, procedure and channel on that local day. */
int stats_count_step(struct db_conn *c, const struct dossier_row *d, int64_t step_unit, int64_t at,
                     enum stats_step_counter t, int64_t sign, struct err *e)
{
    int64_t n[STATS_NSTEPS] = {0};
    n[t] = sign;
    char day[16];
    cal_format_date(cal_local_day(at), day, sizeof day);
    struct stats_step_key key = {d->receiving_unit_id, step_unit, d->procedure_code, d->channel,
                                 day};
    return stats_step_add(c, &key, n, e);
}

static int counted(const struct dossier_step_row *s)
{
    return s && s->unit_id && s->finished_at && s->timing;
}

int stats_on_step(struct db_conn *c, const struct dossier_row *d,
                  const struct dossier_step_row *was, const struct dossier_step_row *now,
                  struct err *e)
{
    int rc = counted(was) ? stats_count_step(c, d, was->unit_id, was->finished_at,
                                             stats_step_counter_of(was->timing), -1, e)
                          : 0;
    if (!rc && counted(now))
        rc = stats_count_step(c, d, now->unit_id, now->finished_at,
                              stats_step_counter_of(now->timing), 1, e);
    return rc;
}

/* Acceptance finishes the reception step (the first, when the process starts at the counter)
 * in the same second, written with the plan before the event is logged. */
static int count_reception_step(struct db_conn *c, const struct dossier_row *d, int64_t now,
                                struct err *e)
{
    int64_t unit = 0;
    enum stats_step_counter t = STATS_STEP_ON_TIME;
    int found = 0;
    int rc = stats_step_finished_at(c, d->id, 0, now, &unit, &t, &found, e);
    return rc || !found ? rc : stats_count_step(c, d, unit, now, t, 1, e);
}

int stats_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                   const char *from_state, int64_t now, struct err *e)
{
    struct stats_files files = {0, 0};
    int rc = resolves(d, from_state) ? stats_dossier_files(c, d->id, now, &files, e) : 0;
    if (!rc && is(action, "accept"))
        rc = count_reception_step(c, d, now, e);
    return rc ? rc : stats_on_event_files(c, d, action, from_state, now, &files, e);
}

/* svc_rating_items lists the Art. 13 items in the order of their counter pairs (number
 * scored, sum of scores) from STATS_CONTACTS_N on. */
int stats_on_rating(struct db_conn *c, const struct dossier_row *d, const char *overall,
                    const char *indicators, int64_t at, struct err *e)
{
    int64_t n[STATS_NCOUNTERS] = {0};
    n[STATS_RATED] = 1;
    n[STATS_SATISFIED] = is(overall, "satisfied");
    n[STATS_NEUTRAL] = is(overall, "neutral");
    n[STATS_DISSATISFIED] = is(overall, "dissatisfied");
    json_t *j = json_loads(indicators ? indicators : "{}", 0, NULL);
    for (int i = 0; svc_rating_items[i]; i++) {
        json_t *v = json_object_get(j, svc_rating_items[i]);
        if (!json_is_integer(v))
            continue;
        n[STATS_CONTACTS_N + 2 * i] = 1;
        n[STATS_CONTACTS_SUM + 2 * i] = json_integer_value(v);
    }
    json_decref(j);
    return add_counts(c, d, at, n, e);
}
