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

int api_calendar_lunar(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const char *date = http_query(r, "date");
    if (!date)
        return missing(w, "date", "YYYY-MM-DD");
    int32_t day = 0;
    struct cal_lunar l;
    struct err e = {0};
    if (cal_parse_date(date, &day, &e) || cal_lunar_from_solar(day, &l))
        return http_resp_error(w, 422, "invalid", e.msg[0] ? e.msg : "Ngày ngoài phạm vi lịch",
                               "date");
    return http_resp_json(w, 200, jpack("{s:s, s:o}", "date", date, "lunar", lunar_json(&l)));
}

int api_calendar_solar(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const char *text = http_query(r, "lunar");
    if (!text)
        return missing(w, "lunar", "D/M/YYYY, tháng nhuận D/M+/YYYY");
    struct cal_lunar l;
    int32_t day = 0;
    struct err e = {0};
    if (cal_parse_lunar(text, &l, &e) || cal_solar_from_lunar(&l, &day, &e))
        return http_resp_error(w, 422, "invalid", e.msg, "lunar");
    char date[16];
    cal_format_date(day, date, sizeof date);
    return http_resp_json(w, 200, jpack("{s:s, s:o}", "date", date, "lunar", lunar_json(&l)));
}

int api_calendar_holidays(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *ys = http_query(r, "year");
    char *end = NULL;
    long year = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || *end || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return http_resp_error(w, 422, "invalid", "Năm phải từ 1900 đến 2199", "year");
    struct svc_cal_day *days = NULL;
    struct svc_cal_basis basis;
    int n = 0;
    struct err e = {0};
    if (svc_calendar_holidays(app->svc, r->arena, (int)year, &days, &n, &basis, &e))
        return http_resp_err(w, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, jpack("{s:s, s:s, s:s, s:b}", "date", days[i].date, "kind",
                                          days[i].off ? "off" : "work", "name", days[i].name,
                                          "uncertain", days[i].uncertain));
    json_t *notices = json_array();
    for (int i = 0; i < basis.nnotices; i++)
        json_array_append_new(notices, json_string(basis.notices[i]));
    return http_resp_json(w, 200,
                          jpack("{s:i, s:b, s:s, s:o, s:o}", "year", (int)year, "official",
                                basis.official, "source", basis.source, "notices", notices, "days",
                                list));
}

int api_calendar_due(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *from = http_query(r, "from"), *limit = http_query(r, "limit"),
               *unit = http_query(r, "unit");
    if (!from)
        return missing(w, "from", "YYYY-MM-DDTHH:MM, giờ Việt Nam");
    if (!limit)
        return missing(w, "limit", "số ngày hoặc giờ");
    if (!unit)
        return missing(w, "unit", "same_day, working_days, calendar_days, hours");
    int64_t t = 0, due = 0;
    char *end = NULL;
    long value = strtol(limit, &end, 10);
    struct err e = {0};
    if (cal_parse_datetime(from, &t, &e))
        return http_resp_error(w, 422, "invalid", e.msg, "from");
    if (*end || end == limit || value < 0 || value > 100000)
        return http_resp_error(w, 422, "invalid", "Thời hạn phải là số nguyên không âm", "limit");
    if (svc_calendar_due(app->svc, http_query(r, "unit_org"), t, unit, (int)value, &due, &e)) {
        if (e.code == E_INVALID && !strcmp(e.field, ""))
            snprintf(e.field, sizeof e.field, "limit");
        return http_resp_err(w, &e);
    }
    char text[24];
    cal_format_datetime(due, text, sizeof text);
    return http_resp_json(w, 200, jpack("{s:s, s:I}", "due", text, "due_unix", (json_int_t)due));
}

int api_calendar_put_year(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    json_t *year = json_object_get(r->json, "year");
    if (!json_is_integer(year) || json_integer_value(year) != atoi(http_param(r, "year")))
        return http_resp_error(w, 422, "invalid", "Trường year phải trùng với năm trong đường dẫn",
                               "year");
    char *text = json_dumps(r->json, JSON_COMPACT);
    int y = 0;
    struct err e = {0};
    int rc = svc_calendar_set_year(app->svc, a, text, strlen(text), &y, &e);
    free(text);
    if (rc)
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:i}", "year", y));
}

int api_office_hours_get(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *json = NULL;
    int own = 0;
    struct err e = {0};
    if (svc_office_hours_get(app->svc, r->arena, http_param(r, "key"), &json, &own, &e))
        return http_resp_err(w, &e);
    json_t *hours = json_loads(json, 0, NULL);
    return http_resp_json(w, 200,
                          jpack("{s:s, s:b, s:o}", "unit_key", http_param(r, "key"), "own", own,
                                "office_hours", hours));
}

int api_office_hours_put(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    char *text = json_dumps(r->json, JSON_COMPACT);
    struct err e = {0};
    int rc = svc_office_hours_set(app->svc, a, http_param(r, "key"), text, strlen(text), &e);
    free(text);
    if (rc)
        return http_resp_err(w, &e);
    return api_office_hours_get(r, w, appv);
}
