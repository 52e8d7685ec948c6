/* cal_worktime.h — office hours of an org unit and arithmetic on working time. Working time
 * is the union of the unit's office periods on working days; deadlines are counted in it.
 * Reception hours (when the counter takes dossiers, possibly on Saturday mornings) are kept
 * apart because they do not extend the time counted for deadlines. All times of day are
 * seconds since local (UTC+7) midnight; instants are Unix seconds. */
#ifndef MOTCUA_CAL_WORKTIME_H
#define MOTCUA_CAL_WORKTIME_H

#include "cal_calendar.h"

#include <stdint.h>

#define CAL_MAX_PERIODS 4

struct cal_period {
    int start, end; /* seconds since midnight, start < end */
};

struct cal_hours {
    int n;
    struct cal_period p[CAL_MAX_PERIODS]; /* sorted, not overlapping */
};

struct cal_office {
    struct cal_hours work;         /* every working day; counts deadlines */
    struct cal_hours reception[7]; /* by enum cal_weekday; when the counter is open */
    int same_day_cutoff;           /* `same_day` limits: received before it → today */
};

/* 07:00–11:00 and 13:00–17:00 Monday–Friday, reception the same, cut-off 15:00. */
void cal_office_default(struct cal_office *o);
/* E_INVALID unless every period lies within the day, is non-empty, sorted and disjoint. */
int cal_office_validate(const struct cal_office *o, struct err *e);
/* Working seconds in one working day (8 h by default). */
int cal_office_day_seconds(const struct cal_office *o);
/* The instant a working day's office hours end. */
int64_t cal_office_day_end(const struct cal_office *o, int32_t day);

/* 1 when t is inside working time, period ends included. */
int cal_work_contains(const struct cal_calendar *c, const struct cal_office *o, int64_t t);
/* 1 when the counter is open at t (reception hours, never on a holiday). */
int cal_reception_open(const struct cal_calendar *c, const struct cal_office *o, int64_t t);
/* The first instant ≥ t from which working time runs: t itself inside a period, otherwise
 * the next opening. E_INVALID past the end of the calendar. */
int cal_work_start(const struct cal_calendar *c, const struct cal_office *o, int64_t t,
                   int64_t *out);
/* The instant at which `seconds` of working time have run from t (t itself when seconds is
 * 0); an amount that fills a period exactly ends at the period's close, not at the next
 * opening. E_INVALID for negative amounts or past the end of the calendar. */
int cal_work_add(const struct cal_calendar *c, const struct cal_office *o, int64_t t,
                 int64_t seconds, int64_t *out);
/* Working seconds in [a, b) (0 when b ≤ a). */
int cal_work_between(const struct cal_calendar *c, const struct cal_office *o, int64_t a, int64_t b,
                     int64_t *seconds);

#endif
