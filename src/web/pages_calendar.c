/* pages_calendar.c — the admin page of the working-time calendar (/desk/lich): the days of a
 * year that differ from the Monday–Friday week with where they come from, a form for a notice
 * that changes it (the days as dd/mm/yyyy, off or worked, the notice's number and date, what
 * the days are; every problem shown beside its field at once), a file to replace a whole year
 * (one entry of data/calendar/official.json), and a unit's office hours, the unit chosen from
 * those the admin administers. */
#include "page.h"
#include "jpack.h"

#include "dossier_view.h"
#include "svc_calendar.h"
#include "svc_org.h"

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

/* The notice form's kinds of day, as select options. */
static json_t *kind_options(const char *selected)
{
    static const struct {
        const char *value, *label;
    } kinds[] = {{"off", "Nghỉ (lễ, Tết, nghỉ bù, nghỉ hoán đổi)"},
                 {"work", "Làm bù (thứ Bảy, Chủ nhật đi làm)"}};
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        json_array_append_new(out, jpack("{s:s, s:s, s:b}", "value", kinds[i].value, "label",
                                         kinds[i].label, "selected",
                                         selected && strcmp(selected, kinds[i].value) == 0));
    return out;
}

/* The units whose office hours the admin may set (svc_org_admin_units). */
static json_t *unit_options(struct http_req *r, const char *selected)
{
    struct svc_org_unit *units = NULL;
    int n = 0;
    struct err e = {0};
    json_t *out = json_array();
    if (svc_org_admin_units(page_app(r)->svc, &app_req(r)->actor, r->arena, &units, &n, &e) != 0)
        return out;
    for (int i = 0; i < n; i++)
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:s, s:b}", "key", units[i].key, "label",
                                    units[i].name, "indent", dview_indent(r, units[i].depth),
                                    "selected", selected && strcmp(selected, units[i].key) == 0));
    return out;
}

static const char *posted(struct http_req *r, const char *name)
{
    const char *v = http_form(r, name);
    return v ? v : "";
}

/* What the notice form holds: what was typed when it comes back with errors. */
static json_t *notice_form(struct http_req *r)
{
    return jpack("{s:s, s:s, s:s, s:s}", "from", posted(r, "from"), "to", posted(r, "to"), "notice",
                 posted(r, "notice"), "name", posted(r, "name"));
}

static int calendar_page(struct http_req *r, struct http_resp *w, int status, int year,
                         const struct err *fe, int nfe, const char *notice)
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
    json_object_set_new(ctx, "units", unit_options(r, unit));
    json_object_set_new(ctx, "kinds", kind_options(fe ? http_form(r, "kind") : NULL));
    json_object_set_new(ctx, "form", fe ? notice_form(r) : json_object());
    for (int i = 0; fe && i < nfe; i++)
        page_add_error(r, ctx, fe[i].field[0] ? fe[i].field : "file", fe[i].msg);
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
    return calendar_page(r, w, 200, year, NULL, 0, NULL);
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
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    size_t len = 0;
    char *json = year_json(r, &len);
    int year = current_year();
    struct err e = {0};
    int rc = json && len ? svc_calendar_set_year(app->svc, a, json, len, &year, &e)
                         : err_set(&e, E_INVALID, "file", "Chọn tệp lịch của năm để tải lên");
    if (rc)
        return calendar_page(r, w, http_status_for(rc),
                             year >= 1900 && year <= 2199 ? year : current_year(), &e, 1, NULL);
    return calendar_page(r, w, 200, year, NULL, 0, "Đã cập nhật lịch của năm.");
}

int page_office_hours_save(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    const char *unit = http_form(r, "unit"), *hours = http_form(r, "hours");
    struct err e = {0};
    int rc = svc_office_hours_set(app->svc, a, unit ? unit : "", hours ? hours : "",
                                  hours ? strlen(hours) : 0, &e);
    if (rc)
        return calendar_page(r, w, http_status_for(rc), current_year(), &e, 1, NULL);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/lich?unit=%s", unit));
    return 0;
}

/* A notice entered in the form: every problem at once beside its field, or the year it
 * changed with the days as they now are. */
int page_calendar_notice(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct svc_cal_notice in = {http_form(r, "from"), http_form(r, "to"), http_form(r, "kind"),
                                http_form(r, "notice"), http_form(r, "name")};
    struct err problems[8];
    int n = 0, year = current_year();
    if (svc_calendar_notice_check(&in, problems, 8, &n) != 0)
        return calendar_page(r, w, 422, year, problems, n, NULL);
    int rc = svc_calendar_notice_add(app->svc, a, &in, &year, &problems[0]);
    if (rc)
        return calendar_page(r, w, http_status_for(rc), year, &problems[0], 1, NULL);
    return calendar_page(
        r, w, 200, year, NULL, 0,
        arena_printf(r->arena, "Đã thêm văn bản “%s” vào lịch năm %d.", in.notice, year));
}
