/* cal_office_json.c — reading and writing office hours as JSON (see cal_office_json.h).
 * Parsing fills a copy of the default and validates the result as a whole, so a bad document
 * never leaves half-applied hours behind; errors name the member that is wrong. */
#include "cal_office_json.h"
#include "jpack.h"

#include "cal_date.h"

#include <stdio.h>
#include <string.h>

/* Indexed by enum cal_weekday, which starts on Sunday. */
static const char *const weekday_keys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static int parse_clock(const json_t *v, int *seconds)
{
    const char *s = json_string_value(v);
    int h, m;
    char tail;
    if (!s || strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 ||
        m < 0 || m > 59 || (h == 24 && m != 0))
        return -1;
    *seconds = h * 3600 + m * 60;
    return 0;
}

static int parse_hours(const json_t *arr, struct cal_hours *out, const char *field, struct err *e)
{
    if (!json_is_array(arr) || json_array_size(arr) > CAL_MAX_PERIODS)
        return err_set(e, E_INVALID, field, "%s phải là danh sách tối đa %d khoảng giờ", field,
                       CAL_MAX_PERIODS);
    out->n = (int)json_array_size(arr);
    for (int i = 0; i < out->n; i++) {
        const json_t *p = json_array_get(arr, (size_t)i);
        if (!json_is_array(p) || json_array_size(p) != 2 ||
            parse_clock(json_array_get(p, 0), &out->p[i].start) ||
            parse_clock(json_array_get(p, 1), &out->p[i].end))
            return err_set(e, E_INVALID, field, "%s: mỗi khoảng giờ có dạng [\"07:00\", \"11:00\"]",
                           field);
    }
    return 0;
}

int cal_office_from_json(const json_t *j, struct cal_office *out, struct err *e)
{
    struct cal_office o;
    cal_office_default(&o);
    if (!json_is_object(j))
        return err_set(e, E_INVALID, "office_hours", "Giờ làm việc phải là một đối tượng JSON");
    int rc = 0;
    const json_t *work = json_object_get(j, "work");
    if (work && (rc = parse_hours(work, &o.work, "work", e)) != 0)
        return rc;
    const json_t *rec = json_object_get(j, "reception");
    if (rec && !json_is_object(rec))
        return err_set(e, E_INVALID, "reception", "reception phải là đối tượng theo thứ");
    for (int d = 0; d < 7; d++) {
        if (!rec) {
            o.reception[d] = d == CAL_SUN || d == CAL_SAT ? (struct cal_hours){0} : o.work;
            continue;
        }
        const json_t *day = json_object_get(rec, weekday_keys[d]);
        o.reception[d] = (struct cal_hours){0};
        if (day && (rc = parse_hours(day, &o.reception[d], weekday_keys[d], e)) != 0)
            return rc;
    }
    const json_t *cut = json_object_get(j, "same_day_cutoff");
    if (cut && parse_clock(cut, &o.same_day_cutoff))
        return err_set(e, E_INVALID, "same_day_cutoff", "Giờ chốt phải có dạng HH:MM");
    if ((rc = cal_office_validate(&o, e)) != 0)
        return rc;
    *out = o;
    return 0;
}

static json_t *clock_json(int seconds)
{
    char s[16];
    snprintf(s, sizeof s, "%02d:%02d", seconds / 3600, seconds / 60 % 60);
    return json_string(s);
}

static json_t *hours_json(const struct cal_hours *h)
{
    json_t *arr = json_array();
    for (int i = 0; i < h->n; i++)
        json_array_append_new(arr,
                              jpack("[o, o]", clock_json(h->p[i].start), clock_json(h->p[i].end)));
    return arr;
}

json_t *cal_office_to_json(const struct cal_office *o)
{
    json_t *rec = json_object();
    for (int d = 0; d < 7; d++)
        json_object_set_new(rec, weekday_keys[d], hours_json(&o->reception[d]));
    return jpack("{s:o, s:o, s:o}", "work", hours_json(&o->work), "reception", rec,
                 "same_day_cutoff", clock_json(o->same_day_cutoff));
}
