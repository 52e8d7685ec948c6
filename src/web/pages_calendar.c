/* pages_calendar.c — the admin page of the working-time calendar (/desk/lich): the days of a
 * year that differ from the Monday–Friday week with where they come from, a form to replace
 * a year with the Prime Minister's decision (the JSON of one entry of data/calendar/
 * official.json, pasted or uploaded as a file), and a unit's office hours. */
#include "page.h"
#include "jpack.h"

#include "svc_calendar.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int current_year(void)
{
    time_t now = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

static int calendar_page(struct http_req *r, struct http_resp *w, int status, int year,
                         const struct err *fe, const char *notice)
{
    struct app *app = page_app(r);
    struct svc_cal_day *days = NULL;
    struct svc_cal_basis basis;
    int n = 0;
    struct err e = {0};
    if (svc_calendar_holidays(app->svc, r->arena, year, &days, &n, &basis, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, jpack("{s:s, s:s, s:b, s:b}", "date",
                                          page_date_ymd(r, days[i].date), "name", days[i].name,
                                          "off", days[i].off, "uncertain", days[i].uncertain));
    const char *unit = http_query(r, "unit") ? http_query(r, "unit") : "";
    const char *hours = NULL;
    int own = 0;
    if (*unit && svc_office_hours_get(app->svc, r->arena, unit, &hours, &own, &e) != 0)
        hours = NULL;
    json_t *notices = json_array();
    for (int i = 0; i < basis.nnotices; i++)
        json_array_append_new(notices, json_string(basis.notices[i]));
    json_t *ctx =
        jpack("{s:i, s:i, s:i, s:b, s:s, s:o, s:b, s:o, s:s, s:s?, s:b, s:s?}", "year", year,
              "prev", year - 1, "next", year + 1, "official", basis.official, "source",
              basis.source, "notices", notices, "has_notices", basis.nnotices > 0, "days", rows,
              "unit", unit, "hours", hours, "own", own, "notice", notice);
    if (fe)
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", fe->field[0] ? fe->field : "year_json",
                                  "message", fe->msg));
    return page_render(r, w, status, "desk_calendar", "Lịch làm việc", ctx);
}

int page_calendar(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    if (!app_role_or_reply(r, w, ROLE_ADMIN))
        return 0;
    const char *ys = http_query(r, "year");
    int year = ys ? atoi(ys) : current_year();
    if (year < 1900 || year > 2199)
        year = current_year();
    return calendar_page(r, w, 200, year, NULL, NULL);
}

/* The year's JSON comes from the textarea, or from an uploaded file when one is sent. */
static char *year_json(struct http_req *r, size_t *len)
{
    const struct http_upload *up = http_upload_get(r, "file");
    if (up && up->size > 0) {
        FILE *f = fopen(up->path, "rb");
        char *data = f ? arena_alloc(r->arena, up->size + 1) : NULL;
        *len = data ? fread(data, 1, up->size, f) : 0;
        if (f)
            fclose(f);
        return data;
    }
    const char *text = http_form(r, "year_json");
    *len = text ? strlen(text) : 0;
    return (char *)text;
}

int page_calendar_save(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    size_t len = 0;
    char *json = year_json(r, &len);
    int year = current_year();
    struct err e = {0};
    int rc = json && len ? svc_calendar_set_year(app->svc, a, json, len, &year, &e)
                         : err_set(&e, E_INVALID, "year_json",
                                   "Dán nội dung JSON của năm hoặc chọn tệp để tải lên");
    if (rc)
        return calendar_page(r, w, http_status_for(rc),
                             year >= 1900 && year <= 2199 ? year : current_year(), &e, NULL);
    return calendar_page(r, w, 200, year, NULL, "Đã cập nhật lịch của năm.");
}

int page_office_hours_save(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    const char *unit = http_form(r, "unit"), *hours = http_form(r, "hours");
    struct err e = {0};
    int rc = svc_office_hours_set(app->svc, a, unit ? unit : "", hours ? hours : "",
                                  hours ? strlen(hours) : 0, &e);
    if (rc)
        return calendar_page(r, w, http_status_for(rc), current_year(), &e, NULL);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/lich?unit=%s", unit));
    return 0;
}
