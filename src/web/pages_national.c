/* pages_national.c — /desk/danh-muc-quoc-gia: the administrator imports the procedures a
 * unit offers from the national catalogue on the National Public Service Portal into the
 * versioned catalogue (svc_national_catalogue.h) and reads, procedure by procedure, what was
 * added, what got a new version, what was left alone and what could not be taken. */
#include "pages_national.h"
#include "jpack.h"
#include "page.h"
#include "svc_national_catalogue.h"

#include <string.h>

static const char *outcome_label(const char *outcome)
{
    if (strcmp(outcome, "added") == 0)
        return "Thêm mới";
    if (strcmp(outcome, "changed") == 0)
        return "Phiên bản mới";
    if (strcmp(outcome, "unchanged") == 0)
        return "Không đổi";
    return "Bỏ qua";
}

static json_t *report_json(struct http_req *r, const struct svc_national_import *rep)
{
    json_t *items = json_array();
    for (int i = 0; i < rep->n; i++) {
        const struct svc_national_item *it = &rep->items[i];
        json_array_append_new(items, jpack("{s:s, s:s, s:s, s:s?, s:i, s:s}", "code", it->code,
                                           "name", it->name, "outcome", outcome_label(it->outcome),
                                           "reason", it->reason, "version", it->version, "href",
                                           arena_printf(r->arena, "/thu-tuc/%s", it->code)));
    }
    return jpack("{s:i, s:i, s:i, s:i, s:o}", "added", rep->added, "changed", rep->changed,
                 "unchanged", rep->unchanged, "skipped", rep->skipped, "items", items);
}

static int national_page(struct http_req *r, struct http_resp *w, int status, const char *madonvi,
                         json_t *report, const struct err *e)
{
    json_t *ctx = jpack("{s:s}", "madonvi", madonvi ? madonvi : "");
    if (report)
        json_object_set_new(ctx, "report", report);
    if (e && e->code) {
        page_add_error(r, ctx, "madonvi", e->msg);
        json_object_set_new(ctx, "madonvi_error", json_string(e->msg));
    }
    return page_render(r, w, status, "national_import", "Nhập danh mục thủ tục quốc gia", ctx);
}

int page_national_catalogue(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    if (!app_role_or_reply(r, w, ROLE_ADMIN))
        return 0;
    return national_page(r, w, 200, NULL, NULL, NULL);
}

int page_national_catalogue_import(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    const char *madonvi = http_form(r, "madonvi");
    struct svc_national_import rep;
    struct err e = {0};
    int rc = svc_national_catalogue_import(app->svc, a, r->arena, madonvi, &rep, &e);
    if (rc == E_INVALID || rc == E_UNAVAILABLE || rc == E_TOOLARGE)
        return national_page(r, w, http_status_for(rc), madonvi, NULL, &e);
    if (rc)
        return app_err(r, w, &e);
    return national_page(r, w, 200, madonvi, report_json(r, &rep), NULL);
}
