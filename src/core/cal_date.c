/* cal_date.c — civil-date arithmetic and Vietnam local time (see cal_date.h). Day numbers use
 * Howard Hinnant's days_from_civil algorithm, exact for the proleptic Gregorian calendar, so
 * no table or library call is needed; local time is UTC shifted by seven hours. Parsers are
 * strict (fixed widths, digits only, nothing trailing) because their input comes from forms
 * and scripts and a lenient parser silently accepts typos such as 2027-2-30. */
#include "cal_date.h"

#include <stdio.h>

static int is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

int cal_ymd_valid(int y, int m, int d)
{
    return y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= cal_days_in_month(y, m);
}

int32_t cal_day_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cal_ymd_from_day(int32_t day, int *y, int *m, int *d)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int32_t cal_first_day(void)
{
    return cal_day_from_ymd(CAL_MIN_YEAR, 1, 1);
}

int32_t cal_last_day(void)
{
    return cal_day_from_ymd(CAL_MAX_YEAR, 12, 31);
}

enum cal_weekday cal_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday. */
    int32_t w = (day + 4) % 7;
    return (enum cal_weekday)(w < 0 ? w + 7 : w);
}

int cal_is_weekend(int32_t day)
{
    enum cal_weekday w = cal_weekday(day);
    return w == CAL_SAT || w == CAL_SUN;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int32_t cal_local_day(int64_t t)
{
    return (int32_t)floor_div(t + CAL_TZ_SECONDS, CAL_DAY_SECONDS);
}

int cal_local_second(int64_t t)
{
    return (int)(t + CAL_TZ_SECONDS -
                 floor_div(t + CAL_TZ_SECONDS, CAL_DAY_SECONDS) * CAL_DAY_SECONDS);
}

int64_t cal_instant(int32_t day, int second_of_day)
{
    return (int64_t)day * CAL_DAY_SECONDS + second_of_day - CAL_TZ_SECONDS;
}

/* Reads exactly n decimal digits at *p and advances; -1 when one is not a digit. */
static int read_digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    return v;
}

static int expect_char(const char **p, char c)
{
    if (**p != c)
        return 0;
    (*p)++;
    return 1;
}

/* Parses the date part and leaves *p after it; 0 or E_INVALID. */
static int parse_date_part(const char **p, int32_t *day, struct err *e)
{
    int y = read_digits(p, 4);
    int m = y < 0 || !expect_char(p, '-') ? -1 : read_digits(p, 2);
    int d = m < 0 || !expect_char(p, '-') ? -1 : read_digits(p, 2);
    if (d < 0)
        return err_set(e, E_INVALID, "date", "date must be YYYY-MM-DD");
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR)
        return err_set(e, E_INVALID, "date", "year %d is outside %d..%d", y, CAL_MIN_YEAR,
                       CAL_MAX_YEAR);
    if (!cal_ymd_valid(y, m, d))
        return err_set(e, E_INVALID, "date", "%04d-%02d-%02d is not a date", y, m, d);
    *day = cal_day_from_ymd(y, m, d);
    return 0;
}

int cal_parse_date(const char *s, int32_t *day, struct err *e)
{
    const char *p = s;
    int32_t d;
    int rc = parse_date_part(&p, &d, e);
    if (rc < 0)
        return rc;
    if (*p != '\0')
        return err_set(e, E_INVALID, "date", "date must be YYYY-MM-DD");
    *day = d;
    return 0;
}

int cal_parse_datetime(const char *s, int64_t *t, struct err *e)
{
    const char *p = s;
    int32_t day;
    int rc = parse_date_part(&p, &day, e);
    if (rc < 0)
        return rc;
    if (!expect_char(&p, 'T') && !expect_char(&p, ' '))
        return err_set(e, E_INVALID, "datetime", "date-time must be YYYY-MM-DDTHH:MM");
    int hh = read_digits(&p, 2);
    int mm = hh < 0 || !expect_char(&p, ':') ? -1 : read_digits(&p, 2);
    int ss = 0;
    if (mm >= 0 && expect_char(&p, ':'))
        ss = read_digits(&p, 2);
    if (mm < 0 || ss < 0 || *p != '\0')
        return err_set(e, E_INVALID, "datetime", "date-time must be YYYY-MM-DDTHH:MM");
    if (hh > 23 || mm > 59 || ss > 59)
        return err_set(e, E_INVALID, "datetime", "%02d:%02d:%02d is not a time of day", hh, mm, ss);
    *t = cal_instant(day, hh * 3600 + mm * 60 + ss);
    return 0;
}

void cal_format_date(int32_t day, char *out, int size)
{
    int y, m, d;
    cal_ymd_from_day(day, &y, &m, &d);
    snprintf(out, (size_t)size, "%04d-%02d-%02d", y, m, d);
}

void cal_format_datetime(int64_t t, char *out, int size)
{
    int y, m, d;
    int sec = cal_local_second(t);
    cal_ymd_from_day(cal_local_day(t), &y, &m, &d);
    snprintf(out, (size_t)size, "%04d-%02d-%02dT%02d:%02d", y, m, d, sec / 3600, sec / 60 % 60);
}
