/* pages_stats.c — /desk/thong-ke, the leaders' dashboard: figures per unit for a period with
 * the on-time rate, a bar chart of that rate by unit and a line chart of its trend by month
 * (both SVG drawn by the service and inlined as markup, so the page needs no script), the
 * targets of the 2020 report, and links to the same table as CSV, XLSX and PDF. Every number
 * comes from the statistics counters, so the page stays fast however many dossiers exist. */
#include "page.h"
#include "pages_stats.h"

#include "svc_stats.h"

#include <string.h>

#define MAX_SVG (1u << 20)

static json_t *rate(struct http_req *r, double v)
{
    return v < 0 ? json_string("—") : json_string(arena_printf(r->arena, "%.2f", v));
}

static const char *query_string(struct http_req *r, const struct svc_stats_report *rep,
                                const char *group)
{
    return arena_printf(r->arena, "unit=%s&from=%s&to=%s&group=%s", rep->unit_key, rep->from,
                        rep->to, group);
}

static json_t *row_json(struct http_req *r, const struct svc_stats_report *rep,
                        const struct svc_stats_row *row)
{
    const struct svc_stats_counts *n = &row->n;
    json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "label", row->label,
                          "received", (json_int_t)n->received, "online", (json_int_t)n->online,
                          "resolved", (json_int_t)row->resolved, "early", (json_int_t)n->early,
                          "on_time", (json_int_t)n->on_time, "late", (json_int_t)n->late,
                          "returned", (json_int_t)n->returned);
    json_object_set_new(j, "rate", rate(r, row->on_time_rate));
    json_object_set_new(j, "indicator1", rate(r, row->indicator1));
    if (n->late && *row->key)
        json_object_set_new(
            j, "late_href",
            json_string(arena_printf(r->arena,
                                     "/api/v1/stats/dossiers?unit=%s&from=%s&to=%s&timing=late",
                                     row->key, rep->from, rep->to)));
    return j;
}

/* The SVG of a chart, or "" when it cannot be drawn (the table carries the same numbers). */
static const char *chart(struct http_req *r, const struct svc_stats_report *rep, const char *kind)
{
    struct buf svg;
    buf_init(&svg, MAX_SVG);
    struct err e = {0};
    const char *out = svc_stats_chart_svg(rep, kind, &svg, &e) == 0
                          ? arena_strndup(r->arena, buf_str(&svg), svg.len)
                          : "";
    buf_free(&svg);
    return out;
}

static json_t *targets_json(struct http_req *r, const struct svc_stats_target *t, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr,
            json_pack("{s:s, s:o, s:f, s:b, s:s}", "label", t[i].label, "value",
                      rate(r, t[i].value), "goal", t[i].goal, "met", t[i].met, "inputs",
                      arena_printf(r->arena, "%lld %s / %lld %s", (long long)t[i].numerator,
                                   t[i].num_label, (long long)t[i].denominator, t[i].den_label)));
    return arr;
}

int page_stats(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_role_or_reply(r, w, ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    struct svc_stats_query q = {http_query(r, "unit"), http_query(r, "from"), http_query(r, "to"),
                                "unit"};
    struct svc_stats_report units, months;
    struct svc_stats_target *t = NULL;
    int nt = 0;
    struct err e = {0};
    if (svc_stats_report(app->svc, a, r->arena, &q, &units, &e))
        return app_err(r, w, &e);
    q.group = "month";
    if (svc_stats_report(app->svc, a, r->arena, &q, &months, &e) ||
        svc_stats_targets(app->svc, a, r->arena, &q, &t, &nt, &e))
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < units.nrows; i++)
        json_array_append_new(rows, row_json(r, &units, &units.rows[i]));
    const char *qs = query_string(r, &units, "unit");
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:s, s:s}", "unit",
                            units.unit_key, "unit_name", units.unit_name, "from", units.from, "to",
                            units.to, "rows", rows, "total", row_json(r, &units, &units.total),
                            "bar_svg", chart(r, &units, "bar"), "line_svg",
                            chart(r, &months, "line"), "targets", targets_json(r, t, nt), "csv",
                            arena_printf(r->arena, "/api/v1/stats?%s&format=csv", qs), "xlsx",
                            arena_printf(r->arena, "/api/v1/stats?%s&format=xlsx", qs), "pdf",
                            arena_printf(r->arena, "/api/v1/stats?%s&format=pdf", qs));
    return page_render(r, w, 200, "stats", "Thống kê hồ sơ", ctx);
}
