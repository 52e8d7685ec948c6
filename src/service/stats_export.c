/* stats_export.c — a statistics report as the documents people take away: one table built
 * once (so CSV, XLSX and PDF always show the same numbers as the JSON and the page), the PDF
 * on A4 landscape under the national heading, and the dashboard's SVG charts of the on-time
 * rate drawn server-side. */
#include "svc_stats.h"
#include "svc_internal.h"

#include "cal_date.h"
#include "csv.h"
#include "pdfdoc.h"
#include "svg.h"
#include "xlsx.h"

#include <stdio.h>
#include <string.h>

#define NCOLS 15

static const char *const headers[NCOLS] = {
    "Nhóm",           "Tiếp nhận",          "Trực tuyến",
    "Đã nhận xử lý",  "Yêu cầu bổ sung",    "Từ chối",
    "Đã giải quyết",  "Trước hạn",          "Đúng hạn",
    "Quá hạn",        "Tỷ lệ đúng hạn (%)", "Chỉ tiêu 1 (TB)",
    "Đã trả kết quả", "Dừng xử lý",         "Rút hồ sơ",
};

static const char *group_header(const char *group)
{
    return strcmp(group, "procedure") == 0 ? "Thủ tục"
           : strcmp(group, "channel") == 0 ? "Kênh nộp"
           : strcmp(group, "month") == 0   ? "Tháng"
                                           : "Đơn vị";
}

static struct table_cell num(struct arena *ar, int64_t v)
{
    return (struct table_cell){arena_printf(ar, "%lld", (long long)v), (double)v, 1};
}

/* A rate with the given number of decimals; empty when there is nothing to rate. */
static struct table_cell ratio(struct arena *ar, double v, int decimals)
{
    if (v < 0)
        return (struct table_cell){"", 0, 0};
    return (struct table_cell){arena_printf(ar, "%.*f", decimals, v), v, 1};
}

static void fill_row(struct arena *ar, const struct svc_stats_row *r, struct table_cell *c)
{
    const struct svc_stats_counts *n = &r->n;
    int i = 0;
    c[i++] = (struct table_cell){r->label, 0, 0};
    c[i++] = num(ar, n->received);
    c[i++] = num(ar, n->online);
    c[i++] = num(ar, n->accepted);
    c[i++] = num(ar, n->supplements);
    c[i++] = num(ar, n->refused);
    c[i++] = num(ar, r->resolved);
    c[i++] = num(ar, n->early);
    c[i++] = num(ar, n->on_time);
    c[i++] = num(ar, n->late);
    c[i++] = ratio(ar, r->on_time_rate, 2);
    c[i++] = ratio(ar, r->indicator1, 1);
    c[i++] = num(ar, n->returned);
    c[i++] = num(ar, n->stopped);
    c[i++] = num(ar, n->withdrawn);
}

static const char *period_text(struct arena *ar, const struct svc_stats_report *r)
{
    return arena_printf(ar, "%s — từ ngày %.2s/%.2s/%.4s đến ngày %.2s/%.2s/%.4s", r->unit_name,
                        r->from + 8, r->from + 5, r->from, r->to + 8, r->to + 5, r->to);
}

/* The report as a table: one row per group, then the total. */
static void build_table(struct arena *ar, const struct svc_stats_report *r, struct table *t)
{
    const char **h = arena_alloc(ar, sizeof *h * NCOLS);
    memcpy(h, headers, sizeof headers);
    h[0] = group_header(r->group);
    enum table_align *al = arena_alloc(ar, sizeof *al * NCOLS);
    double *w = arena_alloc(ar, sizeof *w * NCOLS);
    for (int i = 0; i < NCOLS; i++) {
        al[i] = i ? TABLE_RIGHT : TABLE_LEFT;
        w[i] = i ? 1 : 4;
    }
    size_t nrows = (size_t)r->nrows + 1;
    struct table_cell *cells = arena_alloc(ar, sizeof *cells * NCOLS * nrows);
    for (int i = 0; i < r->nrows; i++)
        fill_row(ar, &r->rows[i], cells + (size_t)i * NCOLS);
    fill_row(ar, &r->total, cells + (size_t)r->nrows * NCOLS);
    *t = (struct table){
        arena_printf(ar, "Thống kê hồ sơ: %s", period_text(ar, r)), NCOLS, nrows, h, w, al, cells};
}

struct pdf_ctx {
    const struct svc_stats_report *r;
    const struct table *t;
    struct arena *ar;
};

static int draw(struct pdfdoc *d, const void *ctx)
{
    const struct pdf_ctx *x = ctx;
    struct pdf_header h = {.issuer = x->r->unit_name, .place = NULL, .date = svc_now()};
    pdf_header(d, &h);
    pdf_title(d, "Báo cáo thống kê tình hình giải quyết hồ sơ thủ tục hành chính");
    pdf_text(d, period_text(x->ar, x->r), PDF_CENTER | PDF_ITALIC);
    pdf_space(d, 3);
    pdf_table(d, x->t);
    pdf_space(d, 3);
    pdf_text(d,
             "Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết. Chỉ tiêu 1 (Thông tư "
             "01/2018/TT-VPCP, Điều 13): trước hạn 2 điểm, đúng hạn 1 điểm, quá hạn 0 điểm, "
             "bình quân theo hồ sơ.",
             PDF_SMALL | PDF_JUSTIFY);
    return 0;
}

int svc_stats_export(const struct svc_stats_report *r, const char *format, struct arena *ar,
                     struct buf *out, const char **content_type, const char **filename,
                     struct err *e)
{
    struct table t;
    build_table(ar, r, &t);
    struct doc_sink sink = {NULL, out};
    const char *base = arena_printf(ar, "thong-ke-%s-%s-%s", r->group, r->from, r->to);
    if (format && strcmp(format, "csv") == 0) {
        *content_type = "text/csv; charset=utf-8";
        *filename = arena_printf(ar, "%s.csv", base);
        return csv_write_table(&t, out, e);
    }
    if (format && strcmp(format, "xlsx") == 0) {
        *content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        *filename = arena_printf(ar, "%s.xlsx", base);
        return xlsx_write_table(&t, &sink, e);
    }
    if (format && strcmp(format, "pdf") == 0) {
        struct pdf_ctx x = {r, &t, ar};
        struct pdf_setup setup = {PDF_A4_LANDSCAPE, "Báo cáo thống kê hồ sơ",
                                  "Thống kê giải quyết thủ tục hành chính", 0};
        *content_type = "application/pdf";
        *filename = arena_printf(ar, "%s.pdf", base);
        return pdf_render(&sink, &setup, draw, &x, e);
    }
    return err_set(e, E_INVALID, "format", "format phải là csv, xlsx hoặc pdf");
}

int svc_stats_chart_svg(const struct svc_stats_report *r, const char *kind, struct buf *out,
                        struct err *e)
{
    int line = kind && strcmp(kind, "line") == 0;
    if (!line && !(kind && strcmp(kind, "bar") == 0))
        return err_set(e, E_INVALID, "chart", "chart phải là bar hoặc line");
    struct svg_point pts[256];
    size_t n = 0;
    for (int i = 0; i < r->nrows && n < sizeof pts / sizeof pts[0]; i++)
        if (r->rows[i].on_time_rate >= 0)
            pts[n++] = (struct svg_point){r->rows[i].label, r->rows[i].on_time_rate};
    struct svg_chart c = {
        .title = line ? "Tỷ lệ giải quyết đúng hạn theo tháng" : "Tỷ lệ giải quyết đúng hạn",
        .desc = "Phần trăm hồ sơ đã giải quyết trước hạn hoặc đúng hạn",
        .unit = "%",
        .points = pts,
        .npoints = n,
        .max = 100,
    };
    return line ? svg_line_chart(&c, out, e) : svg_bar_chart(&c, out, e);
}
