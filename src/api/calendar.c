/* calendar.c — /api/v1/calendar: the JSON mirror of `motcua calendar` for the pages that show
 * appointment dates (lunar ↔ solar, the holidays of a year, the due moment of a limit), and
 * admin endpoints that replace an official year and a unit's office hours. The reads are
 * public: the calendar is public law. */
#include "api.h"
#include "jpack.h"
#include "api_calendar.h"

#include "cal_date.h"
#include "cal_lunar.h"
#include "svc_calendar.h"

#include <stdlib.h>
#include <string.h>

static int missing(struct http_resp *w, const char *field, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "Thiếu tham số %s (%s)", field, what);
    return http_resp_error(w, 422, "invalid", msg, field);
}

static json_t *lunar_json(const struct cal_lunar *l)
{
    char text[32], name[64];
    cal_format_lunar(l, text, sizeof text);
    cal_lunar_year_name(l->year, name, sizeof name);
    return jpack("{s:i, s:i, s:i, s:b, s:s, s:s}", "day", l->day, "month", l->month, "year",
                 l->year, "leap", l->leap, "text", text, "year_name", name);
}

int api_calendar_lunar(struct api_call *c)
{
    const char *date = http_query(c->r, "date");
    if (!date)
        return missing(c->w, "date", "YYYY-MM-DD");
    int32_t day = 0;
    struct cal_lunar l;
    if (cal_parse_date(date, &day, &c->e) || cal_lunar_from_solar(day, &l))
        return http_resp_error(c->w, 422, "invalid",
                               c->e.msg[0] ? c->e.msg : "Ngày ngoài phạm vi lịch", "date");
    return api_json(c, 200, jpack("{s:s, s:o}", "date", date, "lunar", lunar_json(&l)));
}

int api_calendar_solar(struct api_call *c)
{
    const char *text = http_query(c->r, "lunar");
    if (!text)
        return missing(c->w, "lunar", "D/M/YYYY, tháng nhuận D/M+/YYYY");
    struct cal_lunar l;
    int32_t day = 0;
    if (cal_parse_lunar(text, &l, &c->e) || cal_solar_from_lunar(&l, &day, &c->e))
        return http_resp_error(c->w, 422, "invalid", c->e.msg, "lunar");
    char date[16];
    cal_format_date(day, date, sizeof date);
    return api_json(c, 200, jpack("{s:s, s:o}", "date", date, "lunar", lunar_json(&l)));
}

int api_calendar_holidays(struct api_call *c)
{
    const char *ys = http_query(c->r, "year");
    char *end = NULL;
    long year = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || *end || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return http_resp_error(c->w, 422, "invalid", "Năm phải từ 1900 đến 2199", "year");
    struct svc_cal_day *days = NULL;
    struct svc_cal_basis basis;
    int n = 0;
    if (svc_calendar_holidays(c->svc, c->arena, (int)year, &days, &n, &basis, &c->e))
        return API_FAILED;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, jpack("{s:s, s:s, s:s, s:b}", "date", days[i].date, "kind",
                                          days[i].off ? "off" : "work", "name", days[i].name,
                                          "uncertain", days[i].uncertain));
    json_t *notices = json_array();
    for (int i = 0; i < basis.nnotices; i++)
        json_array_append_new(notices, json_string(basis.notices[i]));
    return api_json(c, 200,
                    jpack("{s:i, s:b, s:s, s:o, s:o}", "year", (int)year, "official",
                          basis.official, "source", basis.source, "notices", notices, "days",
                          list));
}

int api_calendar_due(struct api_call *c)
{
    const char *from = http_query(c->r, "from"), *limit = http_query(c->r, "limit"),
               *unit = http_query(c->r, "unit");
    if (!from)
        return missing(c->w, "from", "YYYY-MM-DDTHH:MM, giờ Việt Nam");
    if (!limit)
        return missing(c->w, "limit", "số ngày hoặc giờ");
    if (!unit)
        return missing(c->w, "unit", "same_day, working_days, calendar_days, hours");
    int64_t t = 0, due = 0;
    char *end = NULL;
    long value = strtol(limit, &end, 10);
    if (cal_parse_datetime(from, &t, &c->e))
        return http_resp_error(c->w, 422, "invalid", c->e.msg, "from");
    if (*end || end == limit || value < 0 || value > 100000)
        return http_resp_error(c->w, 422, "invalid", "Thời hạn phải là số nguyên không âm",
                               "limit");
    if (svc_calendar_due(c->svc, http_query(c->r, "unit_org"), t, unit, (int)value, &due, &c->e)) {
        if (c->e.code == E_INVALID && !strcmp(c->e.field, ""))
            snprintf(c->e.field, sizeof c->e.field, "limit");
        return API_FAILED;
    }
    char text[24];
    cal_format_datetime(due, text, sizeof text);
    return api_json(c, 200, jpack("{s:s, s:I}", "due", text, "due_unix", (json_int_t)due));
}

int api_calendar_put_year(struct api_call *c)
{
    json_t *year = json_object_get(c->r->json, "year");
    if (!json_is_integer(year) || json_integer_value(year) != atoi(http_param(c->r, "year")))
        return http_resp_error(c->w, 422, "invalid",
                               "Trường year phải trùng với năm trong đường dẫn", "year");
    char *text = json_dumps(c->r->json, JSON_COMPACT);
    int y = 0;
    int rc = svc_calendar_set_year(c->svc, c->actor, text, strlen(text), &y, &c->e);
    free(text);
    if (rc)
        return API_FAILED;
    return api_json(c, 200, jpack("{s:i}", "year", y));
}

int api_office_hours_get(struct api_call *c)
{
    const char *json = NULL;
    int own = 0;
    if (svc_office_hours_get(c->svc, c->arena, http_param(c->r, "key"), &json, &own, &c->e))
        return API_FAILED;
    json_t *hours = json_loads(json, 0, NULL);
    return api_json(c, 200,
                    jpack("{s:s, s:b, s:o}", "unit_key", http_param(c->r, "key"), "own", own,
                          "office_hours", hours));
}

int api_office_hours_put(struct api_call *c)
{
    char *text = json_dumps(c->r->json, JSON_COMPACT);
    int rc =
        svc_office_hours_set(c->svc, c->actor, http_param(c->r, "key"), text, strlen(text), &c->e);
    free(text);
    if (rc)
        return API_FAILED;
    return api_office_hours_get(c);
}
