/* cal_date.h — civil dates and Vietnam local time. A date is a day number (days since
 * 1970-01-01, proleptic Gregorian); an instant is Unix seconds UTC. Every legal rule is
 * stated in Vietnam time, UTC+7 with no daylight saving, so local time is plain arithmetic:
 * no TZ variable, no localtime(). The calendar covers 1900-01-01 .. 2199-12-31 (the range of
 * the lunar tables); parsers reject anything outside it. */
#ifndef MOTCUA_CAL_DATE_H
#define MOTCUA_CAL_DATE_H

#include "err.h"

#include <stdint.h>

#define CAL_TZ_SECONDS  (7 * 3600)
#define CAL_DAY_SECONDS 86400
#define CAL_MIN_YEAR    1900
#define CAL_MAX_YEAR    2199

/* Weekdays as returned by cal_weekday(). */
enum cal_weekday { CAL_SUN, CAL_MON, CAL_TUE, CAL_WED, CAL_THU, CAL_FRI, CAL_SAT };

/* 1 when y-m-d names a real day inside CAL_MIN_YEAR..CAL_MAX_YEAR. */
int cal_ymd_valid(int y, int m, int d);
int cal_days_in_month(int y, int m);
/* Day number of a (valid) civil date, and back. */
int32_t cal_day_from_ymd(int y, int m, int d);
void cal_ymd_from_day(int32_t day, int *y, int *m, int *d);
/* First and last day number of the supported range. */
int32_t cal_first_day(void);
int32_t cal_last_day(void);
enum cal_weekday cal_weekday(int32_t day);
/* 1 on Saturday and Sunday, the civil service's weekly rest days. */
int cal_is_weekend(int32_t day);

/* Vietnam local date and second of the day of an instant, and back. */
int32_t cal_local_day(int64_t t);
int cal_local_second(int64_t t);
int64_t cal_instant(int32_t day, int second_of_day);

/* "YYYY-MM-DD" → day number. */
int cal_parse_date(const char *s, int32_t *day, struct err *e);
/* "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (a space may replace the T), Vietnam time. */
int cal_parse_datetime(const char *s, int64_t *t, struct err *e);
/* "YYYY-MM-DD" into out (at least 11 bytes). */
void cal_format_date(int32_t day, char *out, int size);
/* "YYYY-MM-DDTHH:MM" in Vietnam time into out (at least 17 bytes). */
void cal_format_datetime(int64_t t, char *out, int size);

#endif
