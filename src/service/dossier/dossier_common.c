/* dossier_common.c — helpers shared by the dossier use cases: who may take an action, events,
 * and the clock (calendar + office hours). The org tree and the visibility rule, which other
 * modules need too, live in org/ (org_tree.c, reach.c). */
#include "dossier_internal.h"
#include "notify_internal.h"
#include "stats_counters.h"

#include "cal_calendar.h"
#include "cal_date.h"
#include "cal_timing.h"
#include "cal_worktime.h"

#include <stdlib.h>
#include <string.h>

int dossier_action_roles(const struct dossier_row *d, enum dossier_action act, int64_t *unit)
{
    int step_role = role_from_name(d->step_role);
    int64_t step_unit = d->step_unit_id ? d->step_unit_id : d->receiving_unit_id;
    *unit = step_unit;
    switch (act) {
    case DA_ADVANCE:
        return step_role;
    case DA_REQUEST_SUPPLEMENT:
    case DA_REFUSE:
    case DA_EXTEND:
        return ROLE_SPECIALIST | ROLE_LEADER;
    case DA_STOP:
        return ROLE_LEADER;
    case DA_ASSIGN:
        return ROLE_LEADER | step_role;
    default:
        *unit = d->receiving_unit_id;
        return ROLE_RECEPTIONIST;
    }
}

int dossier_log(struct svc *s, struct db_conn *c, const struct actor *a,
                const struct dossier_row *d, const char *action, const char *from_state,
                int64_t from_unit, const char *timing, const char *note, int64_t now, struct err *e)
{
    struct dossier_event_row ev = {.at = now,
                                   .actor_id = a->user_id,
                                   .from_unit_id = from_unit,
                                   .to_unit_id = d->step_unit_id,
                                   .step_index = d->step_index,
                                   .actor = a->full_name,
                                   .action = action,
                                   .from_state = from_state,
                                   .to_state = d->state,
                                   .timing = timing,
                                   .note = note};
    int rc = dossier_event_insert(c, d->id, &ev, e);
    if (!rc)
        rc = stats_on_event(c, d, action, from_state, now, e);
    if (!rc)
        rc = notify_on_event(c, d, action, note, now, e);
    struct svc_dossier_change ch = {d, a, action, from_state, note, now};
    return rc ? rc : svc_dossier_changed(s, c, &ch, e);
}

int dossier_clock_open(struct svc *s, struct db_conn *c, int64_t unit_id, struct dossier_clock *k,
                       struct err *e)
{
    k->snap = NULL;
    int rc = svc_office_of(c, unit_id, &k->office, e);
    return rc ? rc : svc_cal_acquire(s, c, &k->snap, e);
}

void dossier_clock_close(struct dossier_clock *k)
{
    svc_cal_release(k->snap);
    k->snap = NULL;
}

int dossier_clock_due(const struct dossier_clock *k, int64_t t, const char *unit, int value,
                      int64_t *due, struct err *e)
{
    struct cal_limit lim = {0};
    int rc = cal_unit_parse(unit, &lim.unit, e);
    lim.value = value;
    return rc ? rc : cal_due(svc_cal_calendar(k->snap), &k->office, t, lim, due, e);
}

int dossier_clock_add(const struct dossier_clock *k, int64_t t, int64_t seconds, int64_t *out,
                      struct err *e)
{
    int64_t start = 0;
    int rc = cal_work_start(svc_cal_calendar(k->snap), &k->office, t, &start);
    if (!rc)
        rc = cal_work_add(svc_cal_calendar(k->snap), &k->office, start, seconds, out);
    return rc ? err_set(e, rc, NULL, "Thời hạn vượt quá phạm vi lịch (1900–2199)") : 0;
}

int dossier_clock_transfer(const struct dossier_clock *k, int64_t t, int64_t *out, struct err *e)
{
    const struct cal_calendar *cal = svc_cal_calendar(k->snap);
    if (cal_local_second(t) >= k->office.same_day_cutoff &&
        cal_is_working_day(cal, cal_local_day(t))) {
        int32_t next = 0;
        /* the next working day after today: on or after would be today again */
        int rc = cal_next_working_day(cal, cal_local_day(t) + 1, &next);
        if (rc)
            return err_set(e, rc, NULL, "Ngày vượt quá phạm vi lịch");
        t = cal_instant(next, 0);
    }
    return cal_work_start(cal, &k->office, t, out)
               ? err_set(e, E_INVALID, NULL, "Thời điểm vượt quá phạm vi lịch (1900–2199)")
               : 0;
}

const char *dossier_timing(int64_t end, int64_t due)
{
    return cal_timing_name(cal_classify(end, due));
}

int svc_dossier_step_late(int64_t now, int64_t due)
{
    return due && cal_classify(now, due) == CAL_LATE;
}
