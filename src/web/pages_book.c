/* pages_book.c — the tracking book (Sổ theo dõi hồ sơ, Mẫu 06/07) from the desk menu: the
 * officer picks one of their units from a list, a period with two date fields and PDF or
 * Excel, and gets the file; a bad period comes back beside its field with everything chosen
 * kept. The book itself (who may read which unit, the rows, the layout) is the service's
 * (svc_dossier_book); this page only asks for it. */
#include "page.h"
#include "jpack.h"

#include "cal_date.h"
#include "svc_dossier.h"
#include "svc_org.h"

#include <string.h>

static const char *query_or(struct http_req *r, const char *name, const char *def)
{
    const char *v = http_query(r, name);
    return v && *v ? v : def;
}

static const char *ymd(struct http_req *r, int32_t day)
{
    char out[16];
    cal_format_date(day, out, sizeof out);
    return arena_strdup(r->arena, out);
}

static void add_unit(json_t *units, const char *key, const char *name, const char *selected)
{
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) if (strcmp(json_string_value(json_object_get(u, "key")), key) ==
                                        0) return;
    json_array_append_new(units, jpack("{s:s, s:s, s:b}", "key", key, "name", name ? name : key,
                                       "selected", strcmp(key, selected) == 0));
}

/* The units whose book this person keeps or reads: those of their counter and leader roles;
 * for an administrator or auditor (no unit of their own), every unit not replaced by a
 * successor — a tree imported with an end date still keeps its books (the rule of the stats
 * scope and of consultations). */
static json_t *units_json(struct http_req *r, const struct actor *a, const char *selected)
{
    json_t *out = json_array();
    for (int i = 0; i < a->nroles; i++)
        if ((a->roles[i].role & (ROLE_RECEPTIONIST | ROLE_LEADER)) && a->roles[i].unit_key)
            add_unit(out, a->roles[i].unit_key, a->roles[i].unit_name, selected);
    if (json_array_size(out) == 0) {
        struct svc_org_unit *units = NULL;
        int n = 0;
        struct err e = {0};
        if (svc_org_tree(page_app(r)->svc, r->arena, &units, &n, &e) == 0)
            for (int i = 0; i < n; i++)
                if (!units[i].successor_id)
                    add_unit(out, units[i].key, units[i].name, selected);
    }
    return out;
}

static int book_form(struct http_req *r, struct http_resp *w, const struct actor *a, int status,
                     const struct err *fe)
{
    int32_t today = cal_local_day(svc_now());
    int y, m, d;
    cal_ymd_from_day(today, &y, &m, &d);
    const char *format = query_or(r, "format", "pdf");
    json_t *ctx =
        jpack("{s:o, s:s, s:s, s:b, s:b}", "units", units_json(r, a, query_or(r, "unit", "")),
              "from", query_or(r, "from", ymd(r, cal_day_from_ymd(y, m, 1))), "to",
              query_or(r, "to", ymd(r, today)), "pdf", strcmp(format, "xlsx") != 0, "xlsx",
              strcmp(format, "xlsx") == 0);
    if (fe) {
        const char *field = fe->field[0] ? fe->field : "unit";
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", field, "message", fe->msg));
        json_object_set_new(ctx, arena_printf(r->arena, "%s_error", field), json_string(fe->msg));
    }
    return page_render(r, w, status, "desk_book", "Sổ theo dõi hồ sơ", ctx);
}

/* GET /desk/so-theo-doi: the form; with ?unit=…, the book itself. */
int page_tracking_book(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a =
        app_role_or_reply(r, w, ROLE_RECEPTIONIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    const char *unit = http_query(r, "unit");
    if (!unit)
        return book_form(r, w, a, 200, NULL);
    const char *format = query_or(r, "format", "pdf");
    int xlsx = strcmp(format, "xlsx") == 0;
    struct buf *doc = buf_in_arena(r->arena, 64u << 20);
    struct err e = {0};
    int rc = svc_dossier_book(page_app(r)->svc, a, unit, http_query(r, "from"), http_query(r, "to"),
                              format, doc, &e);
    if (!rc)
        rc = http_resp_text(
            w, 200,
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                 : "application/pdf",
            buf_str(doc), doc->len);
    if (rc == E_INVALID || rc == E_FORBIDDEN || rc == E_NOTFOUND)
        return book_form(r, w, a, http_status_for(rc), &e);
    if (rc)
        return app_err(r, w, &e);
    http_resp_header(w, "Content-Disposition",
                     arena_printf(r->arena, "%s; filename=\"so-theo-doi.%s\"",
                                  xlsx ? "attachment" : "inline", xlsx ? "xlsx" : "pdf"));
    return 0;
}
