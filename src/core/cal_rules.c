/* cal_rules.c — holiday rules as data (see cal_rules.h). The JSON reader is strict: unknown
 * kinds, dates outside their year, duplicates and over-long names are errors that name the
 * offending field, because an admin importing a year must learn exactly what is wrong rather
 * than get a calendar that is silently different from the decision. */
#include "cal_rules.h"
#include "jpack.h"

#include "cal_date.h"

#include <stdlib.h>
#include <string.h>

struct cal_rules *cal_rules_new(void)
{
    struct cal_rules *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->defaults.tet_days_before = 1;
    r->defaults.national_day_after = 1;
    return r;
}

void cal_rules_free(struct cal_rules *r)
{
    if (!r)
        return;
    free(r->years);
    free(r);
}

static int validate_year(const struct cal_official_year *y, struct err *e)
{
    if (y->year < CAL_MIN_YEAR || y->year > CAL_MAX_YEAR)
        return err_set(e, E_INVALID, "year", "year %d is outside %d..%d", y->year, CAL_MIN_YEAR,
                       CAL_MAX_YEAR);
    if (y->ndays < 0 || y->ndays > CAL_YEAR_MAX_DAYS)
        return err_set(e, E_INVALID, "days", "a year holds at most %d days", CAL_YEAR_MAX_DAYS);
    int32_t first = cal_day_from_ymd(y->year, 1, 1), last = cal_day_from_ymd(y->year, 12, 31);
    for (int i = 0; i < y->ndays; i++) {
        const struct cal_day *d = &y->days[i];
        char date[16];
        cal_format_date(d->day, date, sizeof date);
        if (d->day < first || d->day > last)
            return err_set(e, E_INVALID, "date", "%s is not in year %d", date, y->year);
        if (d->kind != CAL_OFF && d->kind != CAL_WORK)
            return err_set(e, E_INVALID, "kind", "%s: kind must be off or work", date);
        for (int j = 0; j < i; j++)
            if (y->days[j].day == d->day)
                return err_set(e, E_INVALID, "date", "%s is listed twice", date);
    }
    return 0;
}

static int find_year(const struct cal_rules *r, int year)
{
    for (int i = 0; i < r->nyears; i++)
        if (r->years[i].year == year)
            return i;
    return -1;
}

static int make_room(struct cal_rules *r)
{
    if (r->nyears < r->cap)
        return 0;
    int cap = r->cap ? r->cap * 2 : 16;
    struct cal_official_year *years = realloc(r->years, (size_t)cap * sizeof *years);
    if (!years)
        return E_NOMEM;
    r->years = years;
    r->cap = cap;
    return 0;
}

int cal_rules_set_year(struct cal_rules *r, const struct cal_official_year *y, struct err *e)
{
    int rc = validate_year(y, e);
    if (rc < 0)
        return rc;
    int i = find_year(r, y->year);
    if (i >= 0) {
        r->years[i] = *y;
        return 0;
    }
    if (make_room(r) < 0)
        return err_set(e, E_NOMEM, "", "out of memory");
    for (i = r->nyears; i > 0 && r->years[i - 1].year > y->year; i--)
        r->years[i] = r->years[i - 1];
    r->years[i] = *y;
    r->nyears++;
    return 0;
}

const struct cal_official_year *cal_rules_year(const struct cal_rules *r, int year)
{
    int i = find_year(r, year);
    return i < 0 ? NULL : &r->years[i];
}

/* Copies an optional string member into out; E_INVALID when it is not a string or too long. */
static int copy_string(const json_t *obj, const char *key, char *out, size_t size, struct err *e)
{
    const json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_string(v))
        return err_set(e, E_INVALID, key, "%s must be a string", key);
    if (json_string_length(v) >= size)
        return err_set(e, E_INVALID, key, "%s is longer than %zu bytes", key, size - 1);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int read_flag(const json_t *obj, const char *key, int *out, struct err *e)
{
    const json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return err_set(e, E_INVALID, key, "%s must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

static int read_kind(const json_t *obj, enum cal_day_kind *kind, struct err *e)
{
    const char *s = json_string_value(json_object_get(obj, "kind"));
    if (s && strcmp(s, "off") == 0)
        *kind = CAL_OFF;
    else if (s && strcmp(s, "work") == 0)
        *kind = CAL_WORK;
    else
        return err_set(e, E_INVALID, "kind", "kind must be \"off\" or \"work\"");
    return 0;
}

static int read_day(const json_t *obj, struct cal_day *d, struct err *e)
{
    if (!json_is_object(obj))
        return err_set(e, E_INVALID, "days", "each day must be an object");
    const char *date = json_string_value(json_object_get(obj, "date"));
    if (!date)
        return err_set(e, E_INVALID, "date", "each day needs a \"date\" string");
    int rc = cal_parse_date(date, &d->day, e);
    if (rc == 0)
        rc = read_kind(obj, &d->kind, e);
    if (rc == 0)
        rc = copy_string(obj, "name", d->name, sizeof d->name, e);
    if (rc == 0)
        rc = read_flag(obj, "uncertain", &d->uncertain, e);
    return rc;
}

/* The optional "notices" member: up to CAL_NOTICES_MAX non-empty strings. */
static int read_notices(const json_t *obj, struct cal_official_year *y, struct err *e)
{
    const json_t *list = json_object_get(obj, "notices");
    if (!list)
        return 0;
    if (!json_is_array(list) || json_array_size(list) > CAL_NOTICES_MAX)
        return err_set(e, E_INVALID, "notices", "notices must be an array of at most %d strings",
                       CAL_NOTICES_MAX);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *v = json_array_get(list, i);
        if (!json_is_string(v) || json_string_length(v) == 0 ||
            json_string_length(v) >= CAL_NOTICE_MAX)
            return err_set(e, E_INVALID, "notices",
                           "each notice must be a non-empty string of at most %d bytes",
                           CAL_NOTICE_MAX - 1);
        memcpy(y->notices[y->nnotices++], json_string_value(v), json_string_length(v) + 1);
    }
    return 0;
}

static int read_year(const json_t *obj, struct cal_official_year *y, struct err *e)
{
    if (!json_is_object(obj))
        return err_set(e, E_INVALID, "years", "each year must be an object");
    const json_t *year = json_object_get(obj, "year");
    const json_t *days = json_object_get(obj, "days");
    if (!json_is_integer(year))
        return err_set(e, E_INVALID, "year", "each year needs an integer \"year\"");
    if (!json_is_array(days))
        return err_set(e, E_INVALID, "days", "year %d needs a \"days\" array",
                       (int)json_integer_value(year));
    if (json_array_size(days) > CAL_YEAR_MAX_DAYS)
        return err_set(e, E_INVALID, "days", "a year holds at most %d days", CAL_YEAR_MAX_DAYS);
    memset(y, 0, sizeof *y);
    y->year = (int)json_integer_value(year);
    int rc = copy_string(obj, "source", y->source, sizeof y->source, e);
    if (rc == 0)
        rc = read_notices(obj, y, e);
    if (rc == 0)
        rc = read_flag(obj, "uncertain", &y->uncertain, e);
    for (size_t i = 0; rc == 0 && i < json_array_size(days); i++)
        rc = read_day(json_array_get(days, i), &y->days[y->ndays++], e);
    return rc;
}

static int read_defaults(const json_t *obj, struct cal_default_rule *d, struct err *e)
{
    if (!obj)
        return 0;
    const json_t *before = json_object_get(obj, "tet_days_before");
    const json_t *extra = json_object_get(obj, "national_day_extra");
    if (before) {
        json_int_t n = json_integer_value(before);
        if (!json_is_integer(before) || n < 0 || n > 4)
            return err_set(e, E_INVALID, "tet_days_before", "tet_days_before must be 0..4");
        d->tet_days_before = (int)n;
    }
    if (extra) {
        const char *s = json_string_value(extra);
        if (!s || (strcmp(s, "before") != 0 && strcmp(s, "after") != 0))
            return err_set(e, E_INVALID, "national_day_extra",
                           "national_day_extra must be \"before\" or \"after\"");
        d->national_day_after = strcmp(s, "after") == 0;
    }
    return 0;
}

int cal_rules_from_json(struct cal_rules *r, const json_t *root, struct err *e)
{
    if (!json_is_object(root))
        return err_set(e, E_INVALID, "", "calendar rules must be a JSON object");
    const json_t *format = json_object_get(root, "format");
    if (format && !(json_is_string(format) && strcmp(json_string_value(format), CAL_FORMAT) == 0))
        return err_set(e, E_INVALID, "format", "\"format\" must be \"%s\"", CAL_FORMAT);
    const json_t *years = json_object_get(root, "years");
    if (years && !json_is_array(years))
        return err_set(e, E_INVALID, "years", "\"years\" must be an array");
    struct cal_default_rule defaults = r->defaults;
    int rc = read_defaults(json_object_get(root, "defaults"), &defaults, e);
    if (rc < 0)
        return rc;
    struct cal_official_year *y = malloc(sizeof *y);
    if (!y)
        return err_set(e, E_NOMEM, "", "out of memory");
    /* Validate every year before changing anything, so a bad import leaves r as it was. */
    for (int apply = 0; rc == 0 && apply <= 1; apply++) {
        for (size_t i = 0; rc == 0 && i < json_array_size(years); i++) {
            rc = read_year(json_array_get(years, i), y, e);
            if (rc == 0)
                rc = apply ? cal_rules_set_year(r, y, e) : validate_year(y, e);
        }
    }
    free(y);
    if (rc == 0)
        r->defaults = defaults;
    return rc;
}

int cal_rules_from_text(struct cal_rules *r, const char *text, size_t len, struct err *e)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return err_set(e, E_INVALID, "", "calendar JSON, line %d: %s", jerr.line, jerr.text);
    int rc = cal_rules_from_json(r, root, e);
    json_decref(root);
    return rc;
}

static json_t *day_to_json(const struct cal_day *d)
{
    char date[16];
    cal_format_date(d->day, date, sizeof date);
    json_t *o = jpack("{s:s, s:s, s:s}", "date", date, "kind", d->kind == CAL_OFF ? "off" : "work",
                      "name", d->name);
    if (o && d->uncertain && json_object_set_new(o, "uncertain", json_true()) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *cal_official_year_to_json(const struct cal_official_year *y)
{
    json_t *days = json_array();
    for (int i = 0; days && i < y->ndays; i++) {
        if (json_array_append_new(days, day_to_json(&y->days[i])) < 0) {
            json_decref(days);
            return NULL;
        }
    }
    json_t *notices = json_array();
    for (int i = 0; notices && i < y->nnotices; i++)
        json_array_append_new(notices, json_string(y->notices[i]));
    if (!days || !notices) {
        json_decref(days);
        json_decref(notices);
        return NULL;
    }
    return jpack("{s:i, s:s, s:o, s:b, s:o}", "year", y->year, "source", y->source, "notices",
                 notices, "uncertain", y->uncertain, "days", days);
}
