/* calfixture.c — see calfixture.h. */
#include "calfixture.h"

#include "cal_date.h"
#include "cal_worktime.h"
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

struct cal_rules *calfix_rules(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/calendar/official.json",
             test_env("MOTCUA_SOURCE_DIR", "."));
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    struct cal_rules *r = cal_rules_new();
    struct err e = {0};
    if (!root || !r || cal_rules_from_json(r, root, &e) < 0) {
        fprintf(stderr, "%s: %s %s\n", path, root ? "" : jerr.text, e.msg);
        abort();
    }
    json_decref(root);
    return r;
}

struct cal_calendar *calfix_calendar(void)
{
    struct cal_rules *r = calfix_rules();
    struct cal_calendar *c = NULL;
    struct err e = {0};
    if (cal_calendar_new(r, &c, &e) < 0) {
        fprintf(stderr, "calendar: %s\n", e.msg);
        abort();
    }
    cal_rules_free(r);
    return c;
}

int64_t calfix_at(const char *local)
{
    int64_t t;
    struct err e = {0};
    if (cal_parse_datetime(local, &t, &e) < 0) {
        fprintf(stderr, "%s: %s\n", local, e.msg);
        abort();
    }
    return t;
}

int32_t calfix_day(const char *date)
{
    int32_t d;
    struct err e = {0};
    if (cal_parse_date(date, &d, &e) < 0) {
        fprintf(stderr, "%s: %s\n", date, e.msg);
        abort();
    }
    return d;
}

int64_t calfix_before_working(int64_t t, int64_t working)
{
    struct cal_calendar *cal = calfix_calendar();
    struct cal_office office;
    cal_office_default(&office);
    int64_t m = t / 60 * 60, left = 0;
    do {
        m -= 60;
        if (cal_work_between(cal, &office, m, t, &left) != 0)
            abort();
    } while (left <= working);
    cal_calendar_free(cal);
    return m;
}
