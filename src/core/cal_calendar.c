/* cal_calendar.c — the compiled working-day calendar (see cal_calendar.h). Two bits per day
 * for the whole supported range take under 30 KB, and building them evaluates the lunar
 * calendar only twice per year, so every later question is an array lookup and deadline
 * arithmetic never touches floating point. */
#include "cal_calendar.h"

#include "cal_date.h"
#include "cal_holiday.h"

#include <stdint.h>
#include <stdlib.h>

#define NDAYS ((CAL_MAX_YEAR - CAL_MIN_YEAR + 1) * 366)

struct cal_calendar {
    int32_t first, last;
    uint8_t off[NDAYS / 8 + 1];
    uint8_t holiday[NDAYS / 8 + 1];
};

static void set_bit(uint8_t *bits, int32_t i, int value)
{
    if (value)
        bits[i / 8] |= (uint8_t)(1u << (i % 8));
    else
        bits[i / 8] &= (uint8_t) ~(1u << (i % 8));
}

static int get_bit(const uint8_t *bits, int32_t i)
{
    return (bits[i / 8] >> (i % 8)) & 1;
}

static void mark_weekends(struct cal_calendar *c)
{
    for (int32_t d = c->first; d <= c->last; d++)
        set_bit(c->off, d - c->first, cal_is_weekend(d));
}

static int mark_year(struct cal_calendar *c, const struct cal_rules *r, int year, struct err *e)
{
    struct cal_day days[CAL_YEAR_MAX_DAYS];
    int n;
    int rc = cal_holidays(r, year, days, CAL_YEAR_MAX_DAYS, &n, e);
    for (int i = 0; rc == 0 && i < n; i++) {
        int32_t idx = days[i].day - c->first;
        set_bit(c->off, idx, days[i].kind == CAL_OFF);
        set_bit(c->holiday, idx, days[i].kind == CAL_OFF);
    }
    return rc;
}

int cal_calendar_new(const struct cal_rules *r, struct cal_calendar **out, struct err *e)
{
    struct cal_calendar *c = calloc(1, sizeof *c);
    int rc = 0;
    if (!c)
        return err_set(e, E_NOMEM, "", "out of memory");
    c->first = cal_first_day();
    c->last = cal_last_day();
    mark_weekends(c);
    for (int y = CAL_MIN_YEAR; rc == 0 && y <= CAL_MAX_YEAR; y++)
        rc = mark_year(c, r, y, e);
    if (rc < 0)
        goto out;
    *out = c;
    c = NULL;
out:
    free(c);
    return rc;
}

void cal_calendar_free(struct cal_calendar *c)
{
    free(c);
}

static int in_range(const struct cal_calendar *c, int32_t day)
{
    return day >= c->first && day <= c->last;
}

int cal_is_working_day(const struct cal_calendar *c, int32_t day)
{
    return in_range(c, day) && !get_bit(c->off, day - c->first);
}

int cal_is_holiday(const struct cal_calendar *c, int32_t day)
{
    return in_range(c, day) && get_bit(c->holiday, day - c->first);
}

int cal_next_working_day(const struct cal_calendar *c, int32_t day, int32_t *out)
{
    if (day < c->first)
        day = c->first;
    for (; day <= c->last; day++) {
        if (!get_bit(c->off, day - c->first)) {
            *out = day;
            return 0;
        }
    }
    return E_INVALID;
}
