/* cal_holiday.c — a year's named days (see cal_holiday.h). The default rule lists the Art. 112
 * holidays (Tết placed by the configured split around 1/1 lunar, the extra National Day day
 * before or after 2/9) and then gives every holiday that falls on a Saturday or Sunday, or on
 * another holiday, a compensatory day on the next day that is neither weekend nor holiday
 * (Art. 111(3)); holidays are handled in date order so compensations for a block of holidays
 * queue up after the block, as the yearly decisions do. An official year is taken as
 * published: it already contains the PM's compensations and swaps. */
#include "cal_holiday.h"
#include "format.h"

#include "cal_date.h"
#include "cal_lunar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct day_list {
    struct cal_day *days;
    int n, cap;
};

int cal_day_changes_week(const struct cal_day *d)
{
    return d->kind == CAL_OFF ? !cal_is_weekend(d->day) : cal_is_weekend(d->day);
}

static int find_day(const struct day_list *l, int32_t day)
{
    for (int i = 0; i < l->n; i++)
        if (l->days[i].day == day)
            return i;
    return -1;
}

static int append(struct day_list *l, const struct cal_day *d)
{
    if (l->n >= l->cap)
        return E_TOOLARGE;
    l->days[l->n++] = *d;
    return 0;
}

static int push(struct day_list *l, int32_t day, enum cal_day_kind kind, const char *name)
{
    struct cal_day d = {.day = day, .kind = kind};
    snprintf(d.name, sizeof d.name, "%s", name);
    return append(l, &d);
}

static int cmp_day(const void *a, const void *b)
{
    const struct cal_day *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* A Tết day named by its lunar date, as the yearly decisions name them. */
static int push_tet_day(struct day_list *l, int32_t day, int32_t new_year)
{
    struct cal_lunar lunar;
    char name[CAL_NAME_MAX];
    if (cal_lunar_from_solar(day, &lunar) < 0)
        return E_INVALID;
    if (day >= new_year)
        snprintf(name, sizeof name, "Tết Nguyên đán (mùng %d)", lunar.day);
    else
        snprintf(name, sizeof name, "Tết Nguyên đán (%d tháng Chạp)", lunar.day);
    return push(l, day, CAL_OFF, name);
}

static int cmp_day_number(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Adds the holidays of Art. 112; *overlaps counts those landing on a day already listed. */
static int add_statutory(const struct cal_default_rule *def, int year, struct day_list *l,
                         int32_t *overlaps, int *noverlaps)
{
    int32_t tet, hung;
    struct cal_lunar hung_lunar = {.day = 10, .month = 3, .year = year};
    if (cal_lunar_new_year(year, &tet) < 0 || cal_solar_from_lunar(&hung_lunar, &hung, NULL) < 0)
        return E_INVALID;
    int32_t national = cal_day_from_ymd(year, 9, 2);
    struct {
        int32_t day;
        const char *name;
    } fixed[] = {
        {cal_day_from_ymd(year, 1, 1), "Tết Dương lịch"},
        {hung, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {cal_day_from_ymd(year, 4, 30), "Ngày Chiến thắng"},
        {cal_day_from_ymd(year, 5, 1), "Ngày Quốc tế Lao động"},
        {national, "Quốc khánh"},
        {national + (def->national_day_after ? 1 : -1), "Quốc khánh (ngày liền kề)"},
    };
    for (int i = 0; i < 5; i++) {
        int rc = push_tet_day(l, tet - def->tet_days_before + i, tet);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (find_day(l, fixed[i].day) >= 0) {
            overlaps[(*noverlaps)++] = fixed[i].day;
            continue;
        }
        int rc = push(l, fixed[i].day, CAL_OFF, fixed[i].name);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The first day after `after` that is neither weekend nor already listed. */
static int32_t next_free_weekday(const struct day_list *l, int32_t after)
{
    int32_t d = after + 1;
    while (cal_is_weekend(d) || find_day(l, d) >= 0)
        d++;
    return d;
}

static int add_compensations(struct day_list *l, int nholidays, const int32_t *overlaps,
                             int noverlaps)
{
    int32_t owed[CAL_YEAR_MAX_DAYS];
    int nowed = 0;
    for (int i = 0; i < nholidays; i++)
        if (cal_is_weekend(l->days[i].day))
            owed[nowed++] = l->days[i].day;
    for (int i = 0; i < noverlaps; i++)
        owed[nowed++] = overlaps[i];
    qsort(owed, (size_t)nowed, sizeof owed[0], cmp_day_number);
    for (int i = 0; i < nowed; i++) {
        char date[16], name[CAL_NAME_MAX];
        cal_format_date(owed[i], date, sizeof date);
        struct buf shown;
        buf_init(&shown, 32);
        fmt_date_ymd(&shown, date); /* "01/05/2027", as people write it */
        snprintf(name, sizeof name, "Nghỉ bù (ngày lễ %s trùng ngày nghỉ)", buf_str(&shown));
        buf_free(&shown);
        int rc = push(l, next_free_weekday(l, owed[i]), CAL_OFF, name);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int default_year(const struct cal_default_rule *def, int year, struct day_list *l)
{
    int32_t overlaps[8];
    int noverlaps = 0;
    int rc = add_statutory(def, year, l, overlaps, &noverlaps);
    if (rc == 0)
        rc = add_compensations(l, l->n, overlaps, noverlaps);
    return rc;
}

int cal_holidays(const struct cal_rules *r, int year, struct cal_day *out, int cap, int *n,
                 struct err *e)
{
    if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return err_set(e, E_INVALID, "year", "year %d is outside %d..%d", year, CAL_MIN_YEAR,
                       CAL_MAX_YEAR);
    struct day_list l = {out, 0, cap};
    const struct cal_official_year *y = cal_rules_year(r, year);
    int rc = 0;
    if (y) {
        for (int i = 0; rc == 0 && i < y->ndays; i++)
            rc = append(&l, &y->days[i]);
    } else {
        rc = default_year(&r->defaults, year, &l);
    }
    if (rc < 0)
        return err_set(e, rc, "year", "cannot list the holidays of %d", year);
    qsort(out, (size_t)l.n, sizeof out[0], cmp_day);
    *n = l.n;
    return 0;
}
