/* pages_portal.c — the portal's public pages beside the catalogue and the lookup: the
 * statistics summary (per unit this year: dossiers received, the share submitted online, the
 * share resolved on time) and the help page (how to submit online, follow a dossier, where
 * to go). */
#include "page.h"
#include "jpack.h"

#include "format.h"
#include "svc_stats.h"

#include <stdio.h>

/* "87,5%" (core/format.c); NULL when there is nothing to divide. */
static const char *percent(struct http_req *r, double value)
{
    if (value < 0)
        return NULL;
    struct buf *b = buf_in_arena(r->arena, 32);
    return fmt_percent(b, value) == 0 ? buf_str(b) : NULL;
}

static json_t *row_json(struct http_req *r, const struct svc_stats_row *row)
{
    double online = row->n.received ? 100.0 * (double)row->n.online / (double)row->n.received : -1;
    return jpack("{s:s, s:I, s:s?, s:I, s:s?}", "unit", row->label, "received",
                 (json_int_t)row->n.received, "online", percent(r, online), "resolved",
                 (json_int_t)row->resolved, "on_time", percent(r, row->on_time_rate));
}

int page_public_stats(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_stats_report rep;
    struct err e = {0};
    if (svc_stats_public(app->svc, r->arena, &rep, &e))
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < rep.nrows; i++)
        if (rep.rows[i].n.received > 0)
            json_array_append_new(rows, row_json(r, &rep.rows[i]));
    json_t *ctx = jpack("{s:o, s:b, s:o}", "rows", rows, "has_rows", json_array_size(rows) > 0,
                        "total", row_json(r, &rep.total));
    page_mark_report(r);
    return page_render(r, w, 200, "public_stats", "Thống kê giải quyết hồ sơ", ctx);
}

int page_help(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return page_render(r, w, 200, "help", "Hướng dẫn và liên hệ", json_object());
}
