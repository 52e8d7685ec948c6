/* cal_calendar.h — the working-day calendar compiled from the rules: for every day of
 * 1900..2199, whether civil servants work (Monday–Friday unless a holiday, compensatory day
 * or swap says otherwise) and whether it is a holiday. Built once from struct cal_rules and
 * then read-only, so one calendar can be shared by all request threads. */
#ifndef MOTCUA_CAL_CALENDAR_H
#define MOTCUA_CAL_CALENDAR_H

#include "cal_rules.h"

struct cal_calendar;

int cal_calendar_new(const struct cal_rules *r, struct cal_calendar **out, struct err *e);
void cal_calendar_free(struct cal_calendar *c);
/* 1 when day is a working day; 0 for days off and days outside the calendar. */
int cal_is_working_day(const struct cal_calendar *c, int32_t day);
/* 1 when day is a named day off (holiday, compensatory or swapped day), even on a weekend. */
int cal_is_holiday(const struct cal_calendar *c, int32_t day);
/* The first working day on or after day; E_INVALID when there is none before 2199-12-31. */
int cal_next_working_day(const struct cal_calendar *c, int32_t day, int32_t *out);

#endif
