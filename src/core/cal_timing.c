/* cal_timing.c — dossier clock and timing classification (see cal_timing.h). "On time" is a
 * day, not an instant: Circular 01 compares durations counted in days, so finishing on the
 * due working day at or before the due moment scores 1, any earlier day scores 2, and anything
 * after the due moment scores 0. Supplement time for Decision 766 is elapsed (calendar) time,
 * as in the portal's formula (completion − request), not working time. */
#include "cal_timing.h"

#include "cal_date.h"

const char *cal_timing_name(enum cal_timing t)
{
    switch (t) {
    case CAL_EARLY:
        return "early";
    case CAL_ON_TIME:
        return "on_time";
    case CAL_LATE:
        return "late";
    }
    return "?";
}

int cal_timeline_validate(const struct cal_timeline *tl, struct err *e)
{
    if (tl->nsupplements < 0 || (tl->nsupplements > 0 && !tl->supplements))
        return err_set(e, E_INVALID, "supplements", "bad supplement list");
    int64_t prev = tl->received_at;
    for (int i = 0; i < tl->nsupplements; i++) {
        const struct cal_supplement *s = &tl->supplements[i];
        int last = i == tl->nsupplements - 1;
        if (s->requested_at < prev)
            return err_set(e, E_INVALID, "supplements", "supplement %d is out of order", i + 1);
        if (s->completed_at == 0 && !last)
            return err_set(e, E_INVALID, "supplements",
                           "only the last supplement may be outstanding");
        if (s->completed_at != 0 && s->completed_at < s->requested_at)
            return err_set(e, E_INVALID, "supplements",
                           "supplement %d completed before it was requested", i + 1);
        prev = s->completed_at ? s->completed_at : s->requested_at;
    }
    if (tl->end != CAL_END_OPEN && tl->ended_at < tl->received_at)
        return err_set(e, E_INVALID, "ended_at", "the dossier ended before it was received");
    if (tl->end == CAL_END_OPEN && tl->ended_at != 0)
        return err_set(e, E_INVALID, "ended_at", "an open dossier has no end time");
    return 0;
}

int cal_effective_due(const struct cal_calendar *c, const struct cal_office *o,
                      const struct cal_timeline *tl, struct cal_due_info *out, struct err *e)
{
    int rc = cal_timeline_validate(tl, e);
    if (rc < 0)
        return rc;
    struct cal_due_info info = {.clock_start = tl->received_at};
    for (int i = 0; i < tl->nsupplements; i++) {
        if (tl->supplements[i].completed_at)
            info.clock_start = tl->supplements[i].completed_at;
        else
            info.waiting = 1;
    }
    rc = cal_due(c, o, info.clock_start, tl->limit, &info.legal_due, e);
    if (rc < 0)
        return rc;
    info.appointment = tl->extended_due ? tl->extended_due : info.legal_due;
    *out = info;
    return 0;
}

enum cal_timing cal_classify(int64_t end, int64_t due)
{
    if (end > due)
        return CAL_LATE;
    return cal_local_day(end) == cal_local_day(due) ? CAL_ON_TIME : CAL_EARLY;
}

int cal_timing_circular01(const struct cal_calendar *c, const struct cal_office *o,
                          const struct cal_timeline *tl, enum cal_timing *out, struct err *e)
{
    if (tl->end == CAL_END_OPEN)
        return err_set(e, E_INVALID, "end", "the dossier is still open");
    struct cal_due_info info;
    int rc = cal_effective_due(c, o, tl, &info, e);
    if (rc < 0)
        return rc;
    *out = cal_classify(tl->ended_at, info.legal_due);
    return 0;
}

/* The end time the 766 method judges: the first terminal status within the period; else the
 * request time when the only event is one outstanding supplement request; else period_end. */
static int64_t end_766(const struct cal_timeline *tl, int64_t period_end)
{
    if (tl->end != CAL_END_OPEN && tl->ended_at <= period_end)
        return tl->ended_at;
    if (tl->nsupplements == 1 &&
        (tl->supplements[0].completed_at == 0 || tl->supplements[0].completed_at > period_end))
        return tl->supplements[0].requested_at;
    return period_end;
}

/* Elapsed seconds of supplement cycles before `end`. */
static int64_t supplement_time(const struct cal_timeline *tl, int64_t end)
{
    int64_t total = 0;
    for (int i = 0; i < tl->nsupplements; i++) {
        int64_t from = tl->supplements[i].requested_at, to = tl->supplements[i].completed_at;
        if (to == 0 || to > end)
            to = end;
        if (to > from)
            total += to - from;
    }
    return total;
}

int cal_timing_766(const struct cal_calendar *c, const struct cal_office *o,
                   const struct cal_timeline *tl, int64_t period_end, enum cal_timing *out,
                   struct err *e)
{
    int rc = cal_timeline_validate(tl, e);
    if (rc < 0)
        return rc;
    if (period_end < tl->received_at)
        return err_set(e, E_INVALID, "period_end", "the period ends before the receipt");
    int64_t appointment;
    rc = cal_due(c, o, tl->received_at, tl->limit, &appointment, e);
    if (rc < 0)
        return rc;
    if (tl->nsupplements > 1) {
        *out = CAL_LATE;
        return 0;
    }
    int64_t end = end_766(tl, period_end);
    *out = cal_classify(end - supplement_time(tl, end), appointment);
    return 0;
}
