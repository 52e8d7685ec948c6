/* stats_export.c — a statistics report or an evaluation as the documents people take away:
 * one table built once (so CSV, XLSX and PDF always show the same numbers as the JSON and the
 * page), the PDF on A4 landscape under the national heading, and the dashboard's SVG charts
 * of the on-time rate drawn server-side. */
#include "svc_internal.h"
#include "svc_stats.h"
#include "svc_stats_evaluation.h"

#include "cal_date.h"
#include "csv.h"
#include "format.h"
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
    return strcmp(group, "field") == 0       ? "Lĩnh vực"
           : strcmp(group, "procedure") == 0 ? "Thủ tục"
           : strcmp(group, "channel") == 0   ? "Kênh nộp"
           : strcmp(group, "month") == 0     ? "Tháng"
                                             : "Đơn vị";
}

/* A number cell: the PDF shows the text as people read it (1.234 and 95,50, core/format.c);
 * CSV and XLSX write the number itself. */
static struct table_cell shown(struct arena *ar, double v, int decimals)
{
    struct buf b;
    buf_init(&b, 64);
    const char *text = fmt_decimal(&b, v, decimals) == 0 ? arena_strdup(ar, buf_str(&b)) : "";
    buf_free(&b);
    return (struct table_cell){text, v, 1};
}

static struct table_cell num(struct arena *ar, int64_t v)
{
    return shown(ar, (double)v, 0);
}

/* A rate with the given number of decimals; empty when there is nothing to rate. */
static struct table_cell ratio(struct arena *ar, double v, int decimals)
{
    if (v < 0)
        return (struct table_cell){"", 0, 0};
    return shown(ar, v, decimals);
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

/* A table of nrows × ncols cells with the given headers (the first replaced by first when
 * not NULL): the first column left-aligned and wide (the names), the others numbers. Returns
 * its cells for the caller to fill. */
static struct table_cell *shape_table(struct arena *ar, const char *title,
                                      const char *const *headers_in, const char *first,
                                      size_t ncols, size_t nrows, struct table *t)
{
    const char **h = arena_alloc(ar, sizeof *h * ncols);
    memcpy(h, headers_in, sizeof *h * ncols);
    h[0] = first ? first : h[0];
    enum table_align *al = arena_alloc(ar, sizeof *al * ncols);
    double *w = arena_alloc(ar, sizeof *w * ncols);
    for (size_t i = 0; i < ncols; i++) {
        al[i] = i ? TABLE_RIGHT : TABLE_LEFT;
        w[i] = i ? 1 : 4;
    }
    struct table_cell *cells = arena_alloc(ar, sizeof *cells * ncols * (nrows ? nrows : 1));
    *t = (struct table){title, ncols, nrows, h, w, al, cells};
    return cells;
}

/* The report as a table: one row per group, then the total. */
static void build_table(struct arena *ar, const struct svc_stats_report *r, struct table *t)
{
    struct table_cell *cells =
        shape_table(ar, arena_printf(ar, "Thống kê hồ sơ: %s", period_text(ar, r)), headers,
                    group_header(r->group), NCOLS, (size_t)r->nrows + 1, t);
    for (int i = 0; i < r->nrows; i++)
        fill_row(ar, &r->rows[i], cells + (size_t)i * NCOLS);
    fill_row(ar, &r->total, cells + (size_t)r->nrows * NCOLS);
}

/* What the PDF prints around the table. */
struct pdf_ctx {
    const char *issuer, *place, *title, *period, *note;
    const struct table *t;
};

/* A report is signed like any statistical return: the person who drew it up, and the head
 * of the unit who answers for it (names written by hand). */
static int draw(struct pdfdoc *d, const void *ctx)
{
    const struct pdf_ctx *x = ctx;
    struct pdf_header h = {.issuer = x->issuer}; /* dated in the signature block */
    pdf_header(d, &h);
    pdf_title(d, x->title);
    pdf_text(d, x->period, PDF_CENTER | PDF_ITALIC);
    pdf_space(d, 3);
    pdf_table(d, x->t);
    pdf_space(d, 3);
    pdf_text(d, x->note, PDF_SMALL | PDF_JUSTIFY);
    struct pdf_signer maker = {.title = "Người lập biểu", .hint = "(Ký, ghi rõ họ tên)"};
    struct pdf_signer head = {.title = "Thủ trưởng đơn vị",
                              .hint = "(Ký, ghi rõ họ tên, đóng dấu)",
                              .place = x->place,
                              .date = svc_now()};
    struct pdf_signatures sig = {.left = &maker, .right = &head};
    return pdf_signatures(d, &sig);
}

/* The table t as "csv", "xlsx" or "pdf" (printed with x) under the file name base. */
static int write_table(const struct table *t, const struct pdf_ctx *x, const char *base,
                       const char *format, struct arena *ar, struct buf *out,
                       const char **content_type, const char **filename, struct err *e)
{
    struct doc_sink sink = {NULL, out};
    if (format && strcmp(format, "csv") == 0) {
        *content_type = "text/csv; charset=utf-8";
        *filename = arena_printf(ar, "%s.csv", base);
        return csv_write_table(t, out, e);
    }
    if (format && strcmp(format, "xlsx") == 0) {
        *content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        *filename = arena_printf(ar, "%s.xlsx", base);
        return xlsx_write_table(t, &sink, e);
    }
    if (format && strcmp(format, "pdf") == 0) {
        if (!x->place)
            return err_set(e, E_CONFLICT, "place",
                           "Đơn vị %s và các đơn vị cấp trên chưa có địa danh để ghi trên báo cáo",
                           x->issuer);
        struct pdf_setup setup = {PDF_A4_LANDSCAPE, x->title,
                                  "Thống kê giải quyết thủ tục hành chính", 0, NULL};
        *content_type = "application/pdf";
        *filename = arena_printf(ar, "%s.pdf", base);
        return pdf_render(&sink, &setup, draw, x, e);
    }
    return err_set(e, E_INVALID, "format", "format phải là csv, xlsx hoặc pdf");
}

int svc_stats_export(const struct svc_stats_report *r, const char *format, struct arena *ar,
                     struct buf *out, const char **content_type, const char **filename,
                     struct err *e)
{
    struct table t;
    build_table(ar, r, &t);
    struct pdf_ctx x = {r->unit_name,
                        r->place,
                        "Báo cáo thống kê tình hình giải quyết hồ sơ thủ tục hành chính",
                        period_text(ar, r),
                        "Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết. Chỉ tiêu 1 "
                        "(Thông tư 01/2018/TT-VPCP, Điều 13): trước hạn 2 điểm, đúng hạn 1 điểm, "
                        "quá hạn 0 điểm, bình quân theo hồ sơ.",
                        &t};
    const char *base = arena_printf(ar, "thong-ke-%s-%s-%s", r->group, r->from, r->to);
    return write_table(&t, &x, base, format, ar, out, content_type, filename, e);
}

#define FIGURE_COLS 6

static const char *const figure_headers[FIGURE_COLS] = {
    "Chỉ số (Quyết định 766)", "Số hiệu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Mức tối đa điểm (%)",
};

static void figures_table(struct arena *ar, const struct svc_stats_evaluation *v, struct table *t)
{
    struct table_cell *c = shape_table(ar, "Chỉ số Quyết định 766/QĐ-TTg", figure_headers, NULL,
                                       FIGURE_COLS, (size_t)v->nfigures, t);
    for (int i = 0; i < v->nfigures; i++, c += FIGURE_COLS) {
        const struct svc_stats_figure *f = &v->figures[i];
        c[0] = (struct table_cell){f->label, 0, 0};
        c[1] = (struct table_cell){f->indicator, 0, 0};
        c[2] = num(ar, f->numerator);
        c[3] = num(ar, f->denominator);
        c[4] = ratio(ar, f->value, 2);
        c[5] = f->goal > 0 ? ratio(ar, f->goal, 0) : (struct table_cell){"", 0, 0};
    }
}

#define GRADING_COLS 14

static const char *const grading_headers[GRADING_COLS] = {
    "Đơn vị",
    "CS1",
    "CS2",
    "CS3",
    "CS4",
    "CS5",
    "CS6",
    "CS7",
    "CS8",
    "CS9",
    "Điểm cán bộ (CS1+CS3+CS7)",
    "Mức cán bộ",
    "Tổng điểm",
    "Xếp loại",
};

static void grading_row(struct arena *ar, const struct svc_stats_grading *g, struct table_cell *c)
{
    c[0] = (struct table_cell){g->label, 0, 0};
    for (int i = 1; i < SVC_C01_INDICATORS; i++)
        c[i] = ratio(ar, g->score[i], 1);
    c[10] = ratio(ar, g->staff_score, 1);
    c[11] = (struct table_cell){g->staff_band ? g->staff_band : "", 0, 0};
    c[12] = ratio(ar, g->total, 1);
    c[13] = (struct table_cell){
        g->grade ? g->grade : arena_printf(ar, "Chưa xếp loại: thiếu chỉ số %s", g->missing), 0, 0};
}

static void grading_table(struct arena *ar, const struct svc_stats_evaluation *v, struct table *t)
{
    struct table_cell *c =
        shape_table(ar, "Đánh giá theo Thông tư 01/2018/TT-VPCP", grading_headers, NULL,
                    GRADING_COLS, (size_t)v->nunits + 1, t);
    for (int i = 0; i < v->nunits; i++)
        grading_row(ar, &v->units[i], c + (size_t)i * GRADING_COLS);
    grading_row(ar, &v->total, c + (size_t)v->nunits * GRADING_COLS);
}

int svc_stats_evaluation_export(const struct svc_stats_evaluation *v, const char *table,
                                const char *format, struct arena *ar, struct buf *out,
                                const char **content_type, const char **filename, struct err *e)
{
    int grading = table && strcmp(table, "grading") == 0;
    if (!grading && table && *table && strcmp(table, "figures") != 0)
        return err_set(e, E_INVALID, "table", "table phải là figures hoặc grading");
    struct table t;
    (grading ? grading_table : figures_table)(ar, v, &t);
    const char *period =
        arena_printf(ar, "%s — từ ngày %.2s/%.2s/%.4s đến ngày %.2s/%.2s/%.4s", v->unit_name,
                     v->from + 8, v->from + 5, v->from, v->to + 8, v->to + 5, v->to);
    struct pdf_ctx x = {
        v->unit_name,
        v->place,
        grading ? "Kết quả đánh giá việc giải quyết thủ tục hành chính (Thông tư 01/2018/TT-VPCP)"
                : "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
        period,
        grading ? "Điểm mỗi chỉ số là bình quân theo hồ sơ (Điều 15). CS1, CS2 từ thời gian "
                  "giải quyết; CS3, CS4, CS6, CS7 từ đánh giá của người dân; CS5, CS8, CS9 chấm "
                  "theo đơn vị. Xếp loại khi có đủ 9 chỉ số."
                : "Tỷ lệ = tử số / mẫu số × 100. Xem công thức và số liệu đầu vào của từng chỉ "
                  "số tại /api/v1/stats/evaluation.",
        &t};
    const char *base =
        arena_printf(ar, "danh-gia-%s-%s-%s", grading ? "thong-tu-01" : "766", v->from, v->to);
    return write_table(&t, &x, base, format, ar, out, content_type, filename, e);
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
