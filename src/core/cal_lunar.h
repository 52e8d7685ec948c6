/* cal_lunar.h — the Vietnamese lunisolar calendar (âm lịch) for 1900-01-01 .. 2199-12-31.
 * Months begin on the day of the new moon and the leap month is the first month without a
 * major solar term, both computed for the UTC+7 meridian; that is why Vietnamese and Chinese
 * (UTC+8) dates differ in some years (Tết 1985, 2007, 2030). */
#ifndef MOTCUA_CAL_LUNAR_H
#define MOTCUA_CAL_LUNAR_H

#include "err.h"

#include <stdint.h>

struct cal_lunar {
    int day;   /* 1..30 */
    int month; /* 1..12 */
    int year;  /* the solar year in which the lunar year mostly falls */
    int leap;  /* 1 for the leap (nhuận) month that repeats `month` */
};

/* Lunar date of a day number; E_INVALID outside the supported range. */
int cal_lunar_from_solar(int32_t day, struct cal_lunar *out);
/* Day number of a lunar date; E_INVALID (with a message) when the date does not exist:
 * day beyond the month's 29 or 30, a leap month the year does not have, or out of range. */
int cal_solar_from_lunar(const struct cal_lunar *l, int32_t *day, struct err *e);
/* The month that is doubled in lunar year y (1..12), or 0 when y has no leap month. */
int cal_lunar_leap_month(int year);
/* Day number of Tết (1/1 lunar) of lunar year y, which falls in solar year y. */
int cal_lunar_new_year(int year, int32_t *day);

/* "d/m/y" or "d/m+/y" (leap month); checks the syntax and the ranges of the fields only. */
int cal_parse_lunar(const char *s, struct cal_lunar *out, struct err *e);
/* "d/m/y" or "d/m+/y" into out. */
void cal_format_lunar(const struct cal_lunar *l, char *out, int size);
/* Sexagenary (can chi) name of a lunar year, e.g. "Bính Ngọ" for 2026, into out. */
void cal_lunar_year_name(int year, char *out, int size);

#endif
