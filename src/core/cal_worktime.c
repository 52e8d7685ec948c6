/* cal_worktime.c — working-time arithmetic (see cal_worktime.h). Every operation walks day by
 * day through the compiled calendar and, inside a working day, period by period; a limit of a
 * few hundred working days costs a few hundred array lookups. Integer seconds throughout, so
 * adding in two parts gives exactly the same instant as adding once. */
#include "cal_worktime.h"

#include "cal_date.h"

#define HOUR 3600

static void set_hours(struct cal_hours *h, int n, const struct cal_period *p)
{
    h->n = n;
    for (int i = 0; i < n; i++)
        h->p[i] = p[i];
}

void cal_office_default(struct cal_office *o)
{
    static const struct cal_period day[2] = {{7 * HOUR, 11 * HOUR}, {13 * HOUR, 17 * HOUR}};
    set_hours(&o->work, 2, day);
    for (int w = CAL_SUN; w <= CAL_SAT; w++)
        set_hours(&o->reception[w], w == CAL_SUN || w == CAL_SAT ? 0 : 2, day);
    o->same_day_cutoff = 15 * HOUR;
}

static int validate_hours(const struct cal_hours *h, const char *field, struct err *e)
{
    if (h->n < 0 || h->n > CAL_MAX_PERIODS)
        return err_set(e, E_INVALID, field, "at most %d periods a day", CAL_MAX_PERIODS);
    for (int i = 0; i < h->n; i++) {
        int prev_end = i ? h->p[i - 1].end : 0;
        if (h->p[i].start < prev_end || h->p[i].start >= h->p[i].end ||
            h->p[i].end > CAL_DAY_SECONDS)
            return err_set(e, E_INVALID, field,
                           "periods must be non-empty, sorted and within the day");
    }
    return 0;
}

int cal_office_validate(const struct cal_office *o, struct err *e)
{
    int rc = validate_hours(&o->work, "work", e);
    if (rc == 0 && o->work.n == 0)
        rc = err_set(e, E_INVALID, "work", "office hours need at least one period");
    for (int w = CAL_SUN; rc == 0 && w <= CAL_SAT; w++)
        rc = validate_hours(&o->reception[w], "reception", e);
    if (rc == 0 && (o->same_day_cutoff < 0 || o->same_day_cutoff > CAL_DAY_SECONDS))
        rc = err_set(e, E_INVALID, "same_day_cutoff", "cut-off must be a time of day");
    return rc;
}

int cal_office_day_seconds(const struct cal_office *o)
{
    int total = 0;
    for (int i = 0; i < o->work.n; i++)
        total += o->work.p[i].end - o->work.p[i].start;
    return total;
}

int64_t cal_office_day_end(const struct cal_office *o, int32_t day)
{
    return cal_instant(day, o->work.p[o->work.n - 1].end);
}

static int hours_contain(const struct cal_hours *h, int second)
{
    for (int i = 0; i < h->n; i++)
        if (second >= h->p[i].start && second <= h->p[i].end)
            return 1;
    return 0;
}

int cal_work_contains(const struct cal_calendar *c, const struct cal_office *o, int64_t t)
{
    return cal_is_working_day(c, cal_local_day(t)) && hours_contain(&o->work, cal_local_second(t));
}

int cal_reception_open(const struct cal_calendar *c, const struct cal_office *o, int64_t t)
{
    int32_t day = cal_local_day(t);
    if (cal_is_holiday(c, day))
        return 0;
    /* A Saturday worked in a swap keeps the counter open for the whole office day. */
    int makeup = cal_is_working_day(c, day) && cal_is_weekend(day);
    return hours_contain(makeup ? &o->work : &o->reception[cal_weekday(day)], cal_local_second(t));
}

int cal_work_start(const struct cal_calendar *c, const struct cal_office *o, int64_t t,
                   int64_t *out)
{
    int32_t day = cal_local_day(t);
    int second = cal_local_second(t);
    if (day < cal_first_day())
        return E_INVALID;
    for (;; day++, second = 0) {
        int32_t wd;
        if (cal_next_working_day(c, day, &wd) < 0)
            return E_INVALID;
        if (wd != day)
            second = 0;
        day = wd;
        for (int i = 0; i < o->work.n; i++) {
            if (second < o->work.p[i].end) {
                int s = second > o->work.p[i].start ? second : o->work.p[i].start;
                *out = cal_instant(day, s);
                return 0;
            }
        }
    }
}

int cal_work_add(const struct cal_calendar *c, const struct cal_office *o, int64_t t,
                 int64_t seconds, int64_t *out)
{
    if (seconds < 0)
        return E_INVALID;
    if (seconds == 0) {
        *out = t;
        return 0;
    }
    int64_t at;
    if (cal_work_start(c, o, t, &at) < 0)
        return E_INVALID;
    int32_t day = cal_local_day(at);
    int second = cal_local_second(at);
    for (;;) {
        for (int i = 0; i < o->work.n; i++) {
            const struct cal_period *p = &o->work.p[i];
            if (second >= p->end)
                continue;
            int from = second > p->start ? second : p->start;
            if (seconds <= p->end - from) {
                *out = cal_instant(day, from + (int)seconds);
                return 0;
            }
            seconds -= p->end - from;
        }
        if (cal_next_working_day(c, day + 1, &day) < 0)
            return E_INVALID;
        second = 0;
    }
}

/* Working seconds of one working day's periods that lie in [from, to) seconds of the day. */
static int64_t day_overlap(const struct cal_hours *h, int from, int to)
{
    int64_t total = 0;
    for (int i = 0; i < h->n; i++) {
        int s = from > h->p[i].start ? from : h->p[i].start;
        int e = to < h->p[i].end ? to : h->p[i].end;
        if (e > s)
            total += e - s;
    }
    return total;
}

int cal_work_between(const struct cal_calendar *c, const struct cal_office *o, int64_t a, int64_t b,
                     int64_t *seconds)
{
    int64_t total = 0;
    if (b > a) {
        int32_t first = cal_local_day(a), last = cal_local_day(b);
        if (first < cal_first_day() || last > cal_last_day())
            return E_INVALID;
        for (int32_t d = first; d <= last; d++) {
            if (!cal_is_working_day(c, d))
                continue;
            int from = d == first ? cal_local_second(a) : 0;
            int to = d == last ? cal_local_second(b) : CAL_DAY_SECONDS;
            total += day_overlap(&o->work, from, to);
        }
    }
    *seconds = total;
    return 0;
}
