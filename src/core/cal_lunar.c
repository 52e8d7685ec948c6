/* cal_lunar.c — solar ↔ lunar conversion by Hồ Ngọc Đức's astronomical algorithm, the de
 * facto standard for the Vietnamese calendar: new moons from Meeus' series (Astronomical
 * Algorithms, ch. 49, truncated) and the sun's longitude from his low-precision formula, both
 * evaluated for the time zone UTC+7. A lunar year runs between the two months containing the
 * winter solstice (month 11); when thirteen months fit between them, the first one without a
 * major solar term is the leap month. Tables are not needed: each conversion evaluates a few
 * dozen new moons, cheap enough for per-request use, and the round trip over every day of
 * the supported range is tested. */
#include "cal_lunar.h"

#include "cal_date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TIME_ZONE      7.0
#define JD_UNIX_EPOCH  2440588 /* Julian Day Number of 1970-01-01 */
#define SYNODIC_MONTH  29.530588853
#define NEW_MOON_EPOCH 2415021.076998695 /* new moon k = 0, 1900-01-01 */

static const double DR = M_PI / 180.0;

/* Julian Day Number of the local day containing new moon number k. */
static long new_moon_day(long k)
{
    double kk = (double)k;
    double t = kk / 1236.85, t2 = t * t, t3 = t2 * t;
    double jd1 = 2415020.75933 + 29.53058868 * kk + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DR);
    double m = 359.2242 + 29.10535608 * kk - 0.0000333 * t2 - 0.00000347 * t3;
    double mpr = 306.0253 + 385.81691806 * kk + 0.0107306 * t2 + 0.00001236 * t3;
    double f = 21.2964 + 390.67050646 * kk - 0.0016528 * t2 - 0.00000239 * t3;
    double c1 = (0.1734 - 0.000393 * t) * sin(m * DR) + 0.0021 * sin(2 * DR * m);
    c1 = c1 - 0.4068 * sin(mpr * DR) + 0.0161 * sin(DR * 2 * mpr);
    c1 = c1 - 0.0004 * sin(DR * 3 * mpr);
    c1 = c1 + 0.0104 * sin(DR * 2 * f) - 0.0051 * sin(DR * (m + mpr));
    c1 = c1 - 0.0074 * sin(DR * (m - mpr)) + 0.0004 * sin(DR * (2 * f + m));
    c1 = c1 - 0.0004 * sin(DR * (2 * f - m)) - 0.0006 * sin(DR * (2 * f + mpr));
    c1 = c1 + 0.0010 * sin(DR * (2 * f - mpr)) + 0.0005 * sin(DR * (2 * mpr + m));
    double deltat =
        t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                : -0.000278 + 0.000265 * t + 0.000262 * t2;
    return (long)floor(jd1 + c1 - deltat + 0.5 + TIME_ZONE / 24.0);
}

/* The 30° sector (0..11) of the sun's longitude at local midnight starting day jdn. */
static int sun_sector(long jdn)
{
    double t = ((double)jdn - 2451545.5 - TIME_ZONE / 24.0) / 36525.0, t2 = t * t;
    double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(DR * m);
    dl += (0.019993 - 0.000101 * t) * sin(DR * 2 * m) + 0.000290 * sin(DR * 3 * m);
    double l = (l0 + dl) * DR;
    l -= 2 * M_PI * floor(l / (2 * M_PI));
    return (int)floor(l / M_PI * 6);
}

static long jdn_of_day(int32_t day)
{
    return (long)day + JD_UNIX_EPOCH;
}

/* First day (JDN) of lunar month 11, the month containing the winter solstice, of year y. */
static long month11_start(int y)
{
    double off = (double)(jdn_of_day(cal_day_from_ymd(y, 12, 31)) - 2415021);
    long k = (long)floor(off / SYNODIC_MONTH);
    long nm = new_moon_day(k);
    return sun_sector(nm) >= 9 ? new_moon_day(k - 1) : nm;
}

static long new_moon_index(long jdn)
{
    return (long)floor(((double)jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
}

/* Position (1..13) after month 11 of the leap month in the 13-month span starting at a11. */
static int leap_month_offset(long a11)
{
    long k = new_moon_index(a11);
    int i = 1;
    int arc = sun_sector(new_moon_day(k + i)), last;
    do {
        last = arc;
        i++;
        arc = sun_sector(new_moon_day(k + i));
    } while (arc != last && i < 14);
    return i - 1;
}

/* Month number (1..12) of the leap month of the span a11..b11 holding 13 months. */
static int leap_month_of_span(long a11)
{
    int m = leap_month_offset(a11) - 2;
    return m <= 0 ? m + 12 : m;
}

static int in_range(int32_t day)
{
    return day >= cal_first_day() && day <= cal_last_day();
}

int cal_lunar_from_solar(int32_t day, struct cal_lunar *out)
{
    if (!in_range(day))
        return E_INVALID;
    int y, m, d;
    cal_ymd_from_day(day, &y, &m, &d);
    long jdn = jdn_of_day(day);
    /* The true new moon strays up to about 14 hours from the mean one, so the month start
     * can lie two mean months back; the original algorithm looked back only one and returned
     * day 0 for 2054-05-07 and 2062-04-08. */
    long k = (long)floor(((double)jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
    long month_start;
    while ((month_start = new_moon_day(k)) > jdn)
        k--;
    long a11 = month11_start(y), b11 = a11;
    int lunar_year;
    if (a11 >= month_start) {
        lunar_year = y;
        a11 = month11_start(y - 1);
    } else {
        lunar_year = y + 1;
        b11 = month11_start(y + 1);
    }
    int diff = (int)floor((double)(month_start - a11) / 29.0);
    int leap = 0, month = diff + 11;
    if (b11 - a11 > 365) {
        int leap_diff = leap_month_offset(a11);
        if (diff >= leap_diff) {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if (month > 12)
        month -= 12;
    if (month >= 11 && diff < 4)
        lunar_year -= 1;
    out->day = (int)(jdn - month_start + 1);
    out->month = month;
    out->year = lunar_year;
    out->leap = leap;
    return 0;
}

/* The month-11 starts bounding the span that holds month m of lunar year y. */
static void span_of(int y, int m, long *a11, long *b11)
{
    *a11 = month11_start(m < 11 ? y - 1 : y);
    *b11 = month11_start(m < 11 ? y : y + 1);
}

int cal_lunar_leap_month(int year)
{
    long a11, b11;
    span_of(year, 1, &a11, &b11);
    if (b11 - a11 > 365) {
        int m = leap_month_of_span(a11);
        /* Months 11 and 12 of the span belong to the previous lunar year. */
        if (m < 11)
            return m;
    }
    span_of(year, 11, &a11, &b11);
    if (b11 - a11 > 365) {
        int m = leap_month_of_span(a11);
        if (m >= 11)
            return m;
    }
    return 0;
}

static int out_of_fields(const struct cal_lunar *l)
{
    return l->day < 1 || l->day > 30 || l->month < 1 || l->month > 12 ||
           l->year < CAL_MIN_YEAR - 1 || l->year > CAL_MAX_YEAR;
}

int cal_solar_from_lunar(const struct cal_lunar *l, int32_t *day, struct err *e)
{
    if (out_of_fields(l))
        return err_set(e, E_INVALID, "lunar", "lunar date %d/%d/%d is out of range", l->day,
                       l->month, l->year);
    long a11, b11;
    span_of(l->year, l->month, &a11, &b11);
    long k = new_moon_index(a11);
    int off = l->month - 11;
    if (off < 0)
        off += 12;
    int has_leap = b11 - a11 > 365;
    if (l->leap && (!has_leap || leap_month_of_span(a11) != l->month))
        return err_set(e, E_INVALID, "lunar", "lunar year %d has no leap month %d", l->year,
                       l->month);
    if (has_leap && (l->leap || off >= leap_month_offset(a11)))
        off += 1;
    long start = new_moon_day(k + off);
    long length = new_moon_day(k + off + 1) - start;
    if (l->day > length)
        return err_set(e, E_INVALID, "lunar", "lunar month %d%s/%d has only %ld days", l->month,
                       l->leap ? "+" : "", l->year, length);
    int32_t result = (int32_t)(start + l->day - 1 - JD_UNIX_EPOCH);
    if (!in_range(result))
        return err_set(e, E_INVALID, "lunar", "lunar date %d/%d/%d is outside %d..%d", l->day,
                       l->month, l->year, CAL_MIN_YEAR, CAL_MAX_YEAR);
    *day = result;
    return 0;
}

int cal_lunar_new_year(int year, int32_t *day)
{
    struct cal_lunar tet = {.day = 1, .month = 1, .year = year};
    return cal_solar_from_lunar(&tet, day, NULL);
}

/* Reads a decimal number of 1..4 digits at *p and advances; -1 when there is none. */
static int read_number(const char **p)
{
    int v = 0, n = 0;
    while (n < 5 && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n == 0 || n > 4 ? -1 : v;
}

static int expect_slash(const char **p)
{
    if (**p != '/')
        return 0;
    (*p)++;
    return 1;
}

int cal_parse_lunar(const char *s, struct cal_lunar *out, struct err *e)
{
    const char *p = s;
    struct cal_lunar l = {0};
    l.day = read_number(&p);
    int ok = l.day >= 0 && expect_slash(&p);
    if (ok) {
        l.month = read_number(&p);
        if (*p == '+') {
            l.leap = 1;
            p++;
        }
        ok = l.month >= 0 && expect_slash(&p);
    }
    if (ok) {
        l.year = read_number(&p);
        ok = l.year >= 0 && *p == '\0';
    }
    if (!ok)
        return err_set(e, E_INVALID, "lunar", "lunar date must be D/M/YYYY or D/M+/YYYY");
    if (l.day < 1 || l.day > 30)
        return err_set(e, E_INVALID, "lunar", "lunar day %d is not in 1..30", l.day);
    if (l.month < 1 || l.month > 12)
        return err_set(e, E_INVALID, "lunar", "lunar month %d is not in 1..12", l.month);
    if (l.year < CAL_MIN_YEAR - 1 || l.year > CAL_MAX_YEAR)
        return err_set(e, E_INVALID, "lunar", "lunar year %d is outside %d..%d", l.year,
                       CAL_MIN_YEAR - 1, CAL_MAX_YEAR);
    *out = l;
    return 0;
}

void cal_format_lunar(const struct cal_lunar *l, char *out, int size)
{
    snprintf(out, (size_t)size, "%d/%d%s/%d", l->day, l->month, l->leap ? "+" : "", l->year);
}

void cal_lunar_year_name(int year, char *out, int size)
{
    static const char *const stems[10] = {"Giáp", "Ất",   "Bính", "Đinh", "Mậu",
                                          "Kỷ",   "Canh", "Tân",  "Nhâm", "Quý"};
    static const char *const branches[12] = {"Tý",  "Sửu", "Dần",  "Mão", "Thìn", "Tỵ",
                                             "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
    int s = ((year + 6) % 10 + 10) % 10, b = ((year + 8) % 12 + 12) % 12;
    snprintf(out, (size_t)size, "%s %s", stems[s], branches[b]);
}
