/* cal_deadline.c — due moments of time limits and step budgets (see cal_deadline.h). Working
 * days are converted to working seconds (N × daily hours) rather than counted as whole days,
 * because the law counts from the moment of receipt: a 3-day limit received at 10:00 ends at
 * 10:00 three working days later, not at close of office. */
#include "cal_deadline.h"

#include "cal_date.h"

#include <stdint.h>
#include <string.h>

static const char *const unit_names[] = {
    [CAL_SAME_DAY] = "same_day",
    [CAL_WORKING_DAYS] = "working_days",
    [CAL_CALENDAR_DAYS] = "calendar_days",
    [CAL_HOURS] = "hours",
};

int cal_unit_parse(const char *s, enum cal_unit *unit, struct err *e)
{
    for (int u = CAL_SAME_DAY; u <= CAL_HOURS; u++) {
        if (strcmp(s, unit_names[u]) == 0) {
            *unit = (enum cal_unit)u;
            return 0;
        }
    }
    return err_set(e, E_INVALID, "unit",
                   "unit must be same_day, working_days, calendar_days or hours");
}

const char *cal_unit_name(enum cal_unit unit)
{
    return unit >= CAL_SAME_DAY && unit <= CAL_HOURS ? unit_names[unit] : "?";
}

int cal_limit_validate(struct cal_limit lim, struct err *e)
{
    int max;
    switch (lim.unit) {
    case CAL_SAME_DAY:
        if (lim.value < 0 || lim.value > 1)
            return err_set(e, E_INVALID, "limit", "a same_day limit must be 0 or 1");
        return 0;
    case CAL_WORKING_DAYS:
        max = CAL_MAX_LIMIT_DAYS;
        break;
    case CAL_CALENDAR_DAYS:
        max = CAL_MAX_LIMIT_CDAYS;
        break;
    case CAL_HOURS:
        max = CAL_MAX_LIMIT_HOURS;
        break;
    default:
        return err_set(e, E_INVALID, "unit", "unknown unit");
    }
    if (lim.value < 1 || lim.value > max)
        return err_set(e, E_INVALID, "limit", "a %s limit must be 1..%d", cal_unit_name(lim.unit),
                       max);
    return 0;
}

static int past_calendar(struct err *e)
{
    return err_set(e, E_INVALID, "limit", "the due moment falls after %d-12-31", CAL_MAX_YEAR);
}

/* End of office on the first working day on or after day. */
static int close_of_working_day(const struct cal_calendar *c, const struct cal_office *o,
                                int32_t day, int64_t *due, struct err *e)
{
    int32_t wd;
    if (cal_next_working_day(c, day, &wd) < 0)
        return past_calendar(e);
    *due = cal_office_day_end(o, wd);
    return 0;
}

static int same_day_due(const struct cal_calendar *c, const struct cal_office *o, int64_t received,
                        int64_t *due, struct err *e)
{
    int64_t start;
    if (cal_work_start(c, o, received, &start) < 0)
        return past_calendar(e);
    int32_t day = cal_local_day(start);
    if (cal_local_second(start) >= o->same_day_cutoff)
        day++;
    return close_of_working_day(c, o, day, due, e);
}

int cal_due(const struct cal_calendar *c, const struct cal_office *o, int64_t received,
            struct cal_limit lim, int64_t *due, struct err *e)
{
    int rc = cal_limit_validate(lim, e);
    if (rc < 0)
        return rc;
    int32_t day = cal_local_day(received);
    if (day < cal_first_day() || day > cal_last_day())
        return err_set(e, E_INVALID, "received", "receipt must fall in %d..%d", CAL_MIN_YEAR,
                       CAL_MAX_YEAR);
    switch (lim.unit) {
    case CAL_SAME_DAY:
        return same_day_due(c, o, received, due, e);
    case CAL_CALENDAR_DAYS:
        return close_of_working_day(c, o, day + lim.value, due, e);
    case CAL_WORKING_DAYS:
        rc = cal_work_add(c, o, received, (int64_t)lim.value * cal_office_day_seconds(o), due);
        break;
    case CAL_HOURS:
        rc = cal_work_add(c, o, received, (int64_t)lim.value * 3600, due);
        break;
    }
    return rc < 0 ? past_calendar(e) : 0;
}

int cal_step_dues(const struct cal_calendar *c, const struct cal_office *o, int64_t start,
                  const int64_t *budgets, int n, int64_t *dues, struct err *e)
{
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        if (budgets[i] < 0 || budgets[i] > INT32_MAX)
            return err_set(e, E_INVALID, "budget", "step %d has a budget out of range", i + 1);
        total += budgets[i];
        if (cal_work_add(c, o, start, total, &dues[i]) < 0)
            return past_calendar(e);
    }
    return 0;
}
