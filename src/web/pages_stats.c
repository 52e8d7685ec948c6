/* pages_stats.c — /desk/thong-ke, the leaders' dashboard: figures per unit and per field
 * (lĩnh vực) for a period with the on-time rate, each count of dossiers a link to the list of
 * the dossiers behind it (pages_stats_drill.c), a bar chart of that rate by unit and a line
 * chart of its trend by month (both SVG drawn by the service and inlined as markup, so the
 * page needs no script), the targets of the 2020 report, the Decision 766 figures and the
 * Circular 01/2018 grading with each indicator's inputs, and links to the same tables as CSV,
 * XLSX and PDF. The numbers come from the statistics counters, the catalogue and small
 * per-unit aggregates (docs/statistics.md gives each one's cost). The filter picks a unit
 * from the tree the service says the person may see and takes dates as Vietnamese write them;
 * a bad date or period comes back beside its field, with what was typed kept. */
#include "page.h"
#include "jpack.h"
#include "pages_stats.h"

#include "svc_stats.h"
#include "svc_stats_evaluation.h"

#include "format.h"

#include <string.h>

#define MAX_SVG (1u << 20)

static json_t *rate(struct http_req *r, double v)
{
    return json_string(page_decimal(r, v, 2));
}

static const char *query_string(struct http_req *r, const struct svc_stats_report *rep,
                                const char *group)
{
    return arena_printf(r->arena, "unit=%s&from=%s&to=%s&group=%s", rep->unit_key, rep->from,
                        rep->to, group);
}

static json_t *score(struct http_req *r, double v)
{
    return json_string(page_decimal(r, v, 1));
}

const char *stats_query_escape(struct arena *ar, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(ar, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int alnum = (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z');
        if (alnum || strchr("-._~", *p)) {
            *o++ = (char)*p;
            continue;
        }
        *o++ = '%';
        *o++ = hex[*p >> 4];
        *o++ = hex[*p & 15];
    }
    *o = '\0';
    return out;
}

/* A count and, when it is not zero, the link to the dossiers behind it, of the row's unit
 * (by unit) or field (by field): `timing` is the kind of count the list selects by
 * (svc_stats_drill_title: "" received, with channel "online" for the online ones; resolved,
 * early, on_time, late, returned, digitised, e_result, rated, dissatisfied). */
static json_t *count_json(struct http_req *r, const struct svc_stats_report *rep,
                          const struct svc_stats_row *row, int64_t n, const char *timing,
                          const char *channel)
{
    json_t *j = jpack("{s:s}", "n", page_number(r, n));
    int by_field = strcmp(rep->group, "field") == 0;
    const char *unit = by_field || row == &rep->total ? rep->unit_key : row->key;
    if (!n || (row != &rep->total && !*row->key))
        return j;
    const char *href = arena_printf(
        r->arena, "/desk/thong-ke/ho-so?unit=%s&from=%s&to=%s&timing=%s&channel=%s&field=%s",
        stats_query_escape(r->arena, unit), rep->from, rep->to, timing, channel,
        by_field && row != &rep->total ? stats_query_escape(r->arena, row->key) : "");
    json_object_set_new(j, "href", json_string(href));
    return j;
}

static json_t *row_json(struct http_req *r, const struct svc_stats_report *rep,
                        const struct svc_stats_row *row)
{
    const struct svc_stats_counts *n = &row->n;
    json_t *j = jpack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "label", row->label, "received",
                      count_json(r, rep, row, n->received, "", ""), "online",
                      count_json(r, rep, row, n->online, "", "online"), "resolved",
                      count_json(r, rep, row, row->resolved, "resolved", ""), "early",
                      count_json(r, rep, row, n->early, "early", ""), "on_time",
                      count_json(r, rep, row, n->on_time, "on_time", ""), "late",
                      count_json(r, rep, row, n->late, "late", ""), "returned",
                      count_json(r, rep, row, n->returned, "returned", ""));
    json_object_set_new(j, "rate", rate(r, row->on_time_rate));
    json_object_set_new(j, "indicator1", rate(r, row->indicator1));
    json_object_set_new(j, "digitised", count_json(r, rep, row, n->digitised, "digitised", ""));
    json_object_set_new(j, "e_result", count_json(r, rep, row, n->e_result, "e_result", ""));
    json_object_set_new(j, "rated", count_json(r, rep, row, n->rated, "rated", ""));
    json_object_set_new(j, "dissatisfied",
                        count_json(r, rep, row, n->dissatisfied, "dissatisfied", ""));
    return j;
}

/* The SVG of a chart, or "" when it cannot be drawn (the table carries the same numbers). */
static const char *chart(struct http_req *r, const struct svc_stats_report *rep, const char *kind)
{
    struct buf *svg = buf_in_arena(r->arena, MAX_SVG);
    struct err e = {0};
    return svc_stats_chart_svg(rep, kind, svg, &e) == 0
               ? arena_strndup(r->arena, buf_str(svg), svg->len)
               : "";
}

static json_t *targets_json(struct http_req *r, const struct svc_stats_target *t, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr,
            jpack("{s:s, s:o, s:s, s:b, s:s}", "label", t[i].label, "value", rate(r, t[i].value),
                  "goal", page_decimal(r, t[i].goal, t[i].goal == (long long)t[i].goal ? 0 : 1),
                  "met", t[i].met, "inputs",
                  arena_printf(r->arena, "%s %s / %s %s", page_number(r, t[i].numerator),
                               t[i].num_label, page_number(r, t[i].denominator), t[i].den_label)));
    return arr;
}

/* "3 hồ sơ trước hạn; 1 hồ sơ quá hạn": the numbers a figure was computed from. */
static const char *inputs_text(struct http_req *r, const struct svc_stats_input *in, int n)
{
    const char *out = "";
    for (int k = 0; k < n; k++)
        out = arena_printf(r->arena, "%s%s%s %s", out, k ? "; " : "", page_number(r, in[k].value),
                           in[k].label);
    return out;
}

static json_t *figures_json(struct http_req *r, const struct svc_stats_evaluation *v)
{
    json_t *arr = json_array();
    for (int i = 0; i < v->nfigures; i++) {
        const struct svc_stats_figure *f = &v->figures[i];
        const char *inputs = inputs_text(r, f->inputs, f->ninputs);
        json_t *j = jpack("{s:s, s:s, s:o, s:s, s:s, s:b}", "indicator", f->indicator, "label",
                          f->label, "value", rate(r, f->value), "formula",
                          svc_stats_formula_words(r->arena, f), "inputs", inputs, "met", f->met);
        if (f->goal > 0)
            json_object_set_new(j, "goal", json_string(page_decimal(r, f->goal, 0)));
        json_array_append_new(arr, j);
    }
    return arr;
}

static json_t *grading_json(struct http_req *r, const struct svc_stats_grading *g)
{
    json_t *scores = json_array();
    for (int i = 1; i < SVC_C01_INDICATORS; i++)
        json_array_append_new(scores, jpack("{s:o}", "v", score(r, g->score[i])));
    return jpack("{s:s, s:o, s:o, s:s, s:o, s:s}", "label", g->label, "scores", scores, "staff",
                 score(r, g->staff_score), "staff_band", g->staff_band ? g->staff_band : "—",
                 "total", score(r, g->total), "grade",
                 g->grade ? g->grade
                          : arena_printf(r->arena, "Chưa xếp loại: thiếu chỉ số %s", g->missing));
}

/* Each indicator of a unit with its score, inputs, rule and note. */
static void indicator_rows(struct http_req *r, const struct svc_stats_grading *g, json_t *arr)
{
    for (int i = 1; i < SVC_C01_INDICATORS; i++) {
        const struct svc_stats_c01 *d = &g->detail[i];
        json_array_append_new(arr, jpack("{s:s, s:i, s:o, s:s, s:s, s:s}", "unit", g->label,
                                         "indicator", i, "score", score(r, g->score[i]), "inputs",
                                         inputs_text(r, d->inputs, d->ninputs), "rule",
                                         d->rule ? d->rule : "", "note", d->note ? d->note : ""));
    }
}

/* The evaluation section: the Decision 766 figures and the Circular 01 grading per unit. */
static json_t *evaluation_json(struct http_req *r, const struct svc_stats_evaluation *v,
                               const char *qs)
{
    json_t *units = json_array();
    for (int i = 0; i < v->nunits; i++)
        json_array_append_new(units, grading_json(r, &v->units[i]));
    json_array_append_new(units, grading_json(r, &v->total));
    json_t *details = json_array();
    for (int i = 0; i < v->nunits; i++)
        indicator_rows(r, &v->units[i], details);
    indicator_rows(r, &v->total, details);
    const char *base = arena_printf(r->arena, "/api/v1/stats/evaluation?%s", qs);
    return jpack("{s:o, s:o, s:o, s:i, s:s, s:s, s:s, s:s}", "figures", figures_json(r, v),
                 "grading", units, "indicators", details, "incomplete", v->nincomplete,
                 "figures_csv", arena_printf(r->arena, "%s&format=csv&table=figures", base),
                 "figures_pdf", arena_printf(r->arena, "%s&format=pdf&table=figures", base),
                 "grading_csv", arena_printf(r->arena, "%s&format=csv&table=grading", base),
                 "grading_pdf", arena_printf(r->arena, "%s&format=pdf&table=grading", base));
}

static json_t *rows_json(struct http_req *r, const struct svc_stats_report *rep)
{
    json_t *rows = json_array();
    for (int i = 0; i < rep->nrows; i++)
        json_array_append_new(rows, row_json(r, rep, &rep->rows[i]));
    return rows;
}

/* The units the filter offers, indented by their depth in the tree, the chosen one selected;
 * "all units" first for those who may see every unit. */
static json_t *unit_options(struct http_req *r, const struct actor *a, const char *selected)
{
    struct svc_stats_unit *units = NULL;
    int n = 0, all = 0;
    struct err e = {0};
    json_t *out = json_array();
    if (svc_stats_units(page_app(r)->svc, a, r->arena, &units, &n, &all, &e) != 0)
        return out;
    if (all)
        json_array_append_new(out, jpack("{s:s, s:s, s:b}", "key", "", "name", "Tất cả đơn vị",
                                         "selected", !selected || !*selected));
    for (int i = 0; i < n; i++) {
        const char *indent = "";
        for (int d = 0; d < units[i].depth && d < 8; d++)
            indent = arena_printf(r->arena, "%s\xc2\xa0\xc2\xa0\xc2\xa0", indent);
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:b}", "key", units[i].key, "name",
                                    arena_printf(r->arena, "%s%s", indent, units[i].name),
                                    "selected", selected && strcmp(selected, units[i].key) == 0));
    }
    return out;
}

/* A date typed in the filter as "YYYY-MM-DD" for the service, or NULL with its problem
 * beside the field; an empty field keeps the service's default. */
static const char *filter_date(struct http_req *r, json_t *ctx, const char *field,
                               const char *label)
{
    const char *v = http_query(r, field);
    char ymd[11];
    struct err e = {0};
    if (!v || !*v)
        return "";
    if (fmt_parse_date(v, field, label, ymd, &e) != 0) {
        page_add_error(r, ctx, field, e.msg);
        return NULL;
    }
    return arena_strdup(r->arena, ymd);
}

/* The filter again with what was typed and its problems beside the fields; no figures. */
static int filter_again(struct http_req *r, struct http_resp *w, const struct actor *a, json_t *ctx,
                        int status)
{
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    json_object_set_new(ctx, "units", unit_options(r, a, http_query(r, "unit")));
    json_object_set_new(ctx, "from", json_string(from ? from : ""));
    json_object_set_new(ctx, "to", json_string(to ? to : ""));
    return page_render(r, w, status, "stats", "Thống kê hồ sơ", ctx);
}

/* A refusal of the service about the filter goes beside its field; others are the page's. */
static int report_failed(struct http_req *r, struct http_resp *w, const struct actor *a,
                         const struct err *e)
{
    static const char *const fields[] = {"unit", "from", "to"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if ((e->code == E_INVALID || e->code == E_FORBIDDEN) && strcmp(e->field, fields[i]) == 0) {
            json_t *ctx = json_object();
            page_add_error(r, ctx, fields[i], e->msg);
            return filter_again(r, w, a, ctx, http_status_for(e->code));
        }
    return app_err(r, w, e);
}

int page_stats(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    json_t *bad = page_own(r, json_object());
    const char *from = filter_date(r, bad, "from", "Từ ngày");
    const char *to = filter_date(r, bad, "to", "Đến ngày");
    if (!from || !to)
        return filter_again(r, w, a, json_incref(bad), 422);
    struct svc_stats_query q = {http_query(r, "unit"), from, to, "unit"};
    struct svc_stats_report units, months, fields;
    struct svc_stats_evaluation ev;
    struct svc_stats_target *t = NULL;
    int nt = 0;
    struct err e = {0};
    if (svc_stats_report(app->svc, a, r->arena, &q, &units, &e))
        return report_failed(r, w, a, &e);
    q.group = "month";
    if (svc_stats_report(app->svc, a, r->arena, &q, &months, &e) ||
        svc_stats_targets(app->svc, a, r->arena, &q, &t, &nt, &e))
        return app_err(r, w, &e);
    q.group = "field";
    if (svc_stats_report(app->svc, a, r->arena, &q, &fields, &e) ||
        svc_stats_evaluation(app->svc, a, r->arena, &q, &ev, &e))
        return app_err(r, w, &e);
    const char *qs = query_string(r, &units, "unit");
    const char *fq = query_string(r, &units, "field");
    const char *period =
        arena_printf(r->arena, "unit=%s&from=%s&to=%s", units.unit_key, units.from, units.to);
    json_t *ctx = jpack("{s:b, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:s, s:s}",
                        "report", 1, "units", unit_options(r, a, units.unit_key), "unit_name",
                        units.unit_name, "from", page_date_ymd(r, units.from), "to",
                        page_date_ymd(r, units.to), "rows", rows_json(r, &units), "total",
                        row_json(r, &units, &units.total), "bar_svg", chart(r, &units, "bar"),
                        "line_svg", chart(r, &months, "line"), "targets", targets_json(r, t, nt),
                        "csv", arena_printf(r->arena, "/api/v1/stats?%s&format=csv", qs), "xlsx",
                        arena_printf(r->arena, "/api/v1/stats?%s&format=xlsx", qs), "pdf",
                        arena_printf(r->arena, "/api/v1/stats?%s&format=pdf", qs));
    json_object_set_new(ctx, "field_rows", rows_json(r, &fields));
    json_object_set_new(ctx, "field_total", row_json(r, &fields, &fields.total));
    json_object_set_new(ctx, "field_csv",
                        json_string(arena_printf(r->arena, "/api/v1/stats?%s&format=csv", fq)));
    json_object_set_new(ctx, "field_xlsx",
                        json_string(arena_printf(r->arena, "/api/v1/stats?%s&format=xlsx", fq)));
    json_object_set_new(ctx, "field_pdf",
                        json_string(arena_printf(r->arena, "/api/v1/stats?%s&format=pdf", fq)));
    json_object_set_new(ctx, "evaluation", evaluation_json(r, &ev, period));
    page_mark_report(r);
    return page_render(r, w, 200, "stats", "Thống kê hồ sơ", ctx);
}
