/* cal_holiday.h — the named days of a year: public holidays, compensatory days, weekdays
 * swapped off and weekend days worked, from the official calendar when the year has one and
 * from the default rule of Labour Code 2019 Art. 111–112 otherwise. */
#ifndef MOTCUA_CAL_HOLIDAY_H
#define MOTCUA_CAL_HOLIDAY_H

#include "cal_rules.h"

/* Fills out[0..*n) (cap ≥ CAL_YEAR_MAX_DAYS is always enough) with the named days of year,
 * sorted by date, including holidays that fall on a weekend. */
int cal_holidays(const struct cal_rules *r, int year, struct cal_day *out, int cap, int *n,
                 struct err *e);
/* 1 when d changes the Monday–Friday rule: a weekday off or a weekend day worked. */
int cal_day_changes_week(const struct cal_day *d);

#endif
