/* svg.c — bar and line charts written as SVG text (see svg.h). Hand-written rather than drawn
 * through cairo's SVG surface, because cairo turns text into glyph outlines: the labels would
 * be neither selectable, nor readable by a screen reader, nor searchable, and there would be
 * nowhere to put <title>. Numbers are printed the Vietnamese way ("95,5") without touching the
 * C locale. */
#include "svg.h"

#include "format.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define WIDTH       640
#define FONT        "font-family=\"Arial, 'Liberation Sans', sans-serif\""
#define INK         "#1a1a1a"
#define BAR_COLOUR  "#1f5fa8"
#define GRID_COLOUR "#c8c8c8"
#define MAX_VALUE   1e12

/* Writes s with XML special characters escaped and control characters (not allowed in XML
 * 1.0) replaced by spaces. */
static int put_escaped(struct buf *b, const char *s)
{
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && !rc; p++) {
        switch (*p) {
        case '&':
            rc = buf_puts(b, "&amp;");
            break;
        case '<':
            rc = buf_puts(b, "&lt;");
            break;
        case '>':
            rc = buf_puts(b, "&gt;");
            break;
        case '"':
            rc = buf_puts(b, "&quot;");
            break;
        case '\'':
            rc = buf_puts(b, "&#39;");
            break;
        default:
            rc = buf_putc(b, *p < 0x20 && *p != '\t' && *p != '\n' ? ' ' : (char)*p);
        }
    }
    return rc;
}

/* "95,5" or "12" (core/format.c), then the unit; a share in percent as fmt_percent() writes
 * every share ("95,5%"), so a chart and the pages around it cannot differ. */
static int put_value(struct buf *b, double v, const char *unit)
{
    if (unit && strcmp(unit, "%") == 0)
        return fmt_percent(b, v);
    int rc = fmt_tenths(b, v);
    return rc ? rc : put_escaped(b, unit);
}

static int check_chart(const struct svg_chart *c, struct err *e)
{
    if (!c || !c->title || !*c->title)
        return err_set(e, E_INVALID, "title", "biểu đồ phải có tiêu đề");
    if (c->npoints && !c->points)
        return err_set(e, E_INVALID, "points", "thiếu dữ liệu biểu đồ");
    if (!g_utf8_validate(c->title, -1, NULL) || (c->desc && !g_utf8_validate(c->desc, -1, NULL)) ||
        (c->unit && !g_utf8_validate(c->unit, -1, NULL)))
        return err_set(e, E_INVALID, "title", "văn bản biểu đồ không phải UTF-8 hợp lệ");
    if (!(c->max >= 0 && c->max <= MAX_VALUE))
        return err_set(e, E_INVALID, "max", "giá trị tối đa của trục không hợp lệ");
    for (size_t i = 0; i < c->npoints; i++) {
        const struct svg_point *p = &c->points[i];
        if (!(p->value >= 0 && p->value <= MAX_VALUE))
            return err_set(e, E_INVALID, "points", "giá trị thứ %zu phải từ 0 đến 10^12", i + 1);
        if (p->label && !g_utf8_validate(p->label, -1, NULL))
            return err_set(e, E_INVALID, "points", "nhãn thứ %zu không phải UTF-8 hợp lệ", i + 1);
    }
    return 0;
}

/* 1, 2 or 5 times a power of ten, at least the largest value (or c->max when given). */
static double axis_max(const struct svg_chart *c)
{
    double top = 0;
    if (c->max > 0)
        return c->max;
    for (size_t i = 0; i < c->npoints; i++)
        top = fmax(top, c->points[i].value);
    if (top <= 0)
        return 1;
    static const double multiples[] = {1, 2, 5};
    double step = pow(10, floor(log10(top)));
    for (size_t k = 0; k < sizeof multiples / sizeof multiples[0]; k++) {
        if (multiples[k] * step >= top)
            return multiples[k] * step;
    }
    return 10 * step;
}

static int open_svg(struct buf *b, const struct svg_chart *c, int height)
{
    int rc = buf_printf(b,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                        "width=\"%d\" height=\"%d\" role=\"img\" " FONT " font-size=\"13\" "
                        "fill=\"" INK "\">\n<title>",
                        WIDTH, height, WIDTH, height);
    if (!rc)
        rc = put_escaped(b, c->title);
    if (!rc)
        rc = buf_puts(b, "</title>\n");
    if (!rc && c->desc) {
        rc = buf_puts(b, "<desc>");
        if (!rc)
            rc = put_escaped(b, c->desc);
        if (!rc)
            rc = buf_puts(b, "</desc>\n");
    }
    if (!rc)
        rc = buf_puts(b, "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">");
    if (!rc)
        rc = put_escaped(b, c->title);
    return rc ? rc : buf_puts(b, "</text>\n");
}

static int empty_note(struct buf *b, const struct svg_chart *c, int y)
{
    if (c->npoints)
        return 0;
    return buf_printf(b, "<text x=\"0\" y=\"%d\">Không có dữ liệu</text>\n", y);
}

/* <title>label: value</title> — what a screen reader or a hover shows for one mark. */
static int mark_title(struct buf *b, const struct svg_point *p, const char *unit)
{
    int rc = buf_puts(b, "<title>");
    if (!rc)
        rc = put_escaped(b, p->label);
    if (!rc)
        rc = buf_puts(b, ": ");
    if (!rc)
        rc = put_value(b, p->value, unit);
    return rc ? rc : buf_puts(b, "</title>");
}

/* ---- bar chart ---- */

#define BAR_TOP    36
#define BAR_ROW    42
#define BAR_HEIGHT 16
#define BAR_SPACE  (WIDTH - 90)

static int bar(struct buf *b, const struct svg_chart *c, size_t i, double top)
{
    const struct svg_point *p = &c->points[i];
    double y = BAR_TOP + (double)i * BAR_ROW;
    double w = fmin(p->value / top, 1) * BAR_SPACE;
    int rc = buf_printf(b, "<g>");
    if (!rc)
        rc = mark_title(b, p, c->unit);
    if (!rc)
        rc = buf_printf(b, "<text x=\"0\" y=\"%.1f\">", y + 14);
    if (!rc)
        rc = put_escaped(b, p->label);
    if (!rc)
        rc = buf_printf(b,
                        "</text><rect x=\"0\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                        "fill=\"" BAR_COLOUR "\"/><text x=\"%.1f\" y=\"%.1f\">",
                        y + 20, w, BAR_HEIGHT, w + 6, y + 20 + BAR_HEIGHT - 3);
    if (!rc)
        rc = put_value(b, p->value, c->unit);
    return rc ? rc : buf_puts(b, "</text></g>\n");
}

int svg_bar_chart(const struct svg_chart *c, struct buf *out, struct err *e)
{
    int rc = check_chart(c, e);
    if (rc)
        return rc;
    size_t rows = c->npoints ? c->npoints : 1;
    if (rows > 10000)
        return err_set(e, E_INVALID, "points", "biểu đồ cột tối đa 10000 cột");
    double top = axis_max(c);
    rc = open_svg(out, c, (int)(BAR_TOP + rows * BAR_ROW + 8));
    if (!rc)
        rc = empty_note(out, c, BAR_TOP + 20);
    for (size_t i = 0; i < c->npoints && !rc; i++)
        rc = bar(out, c, i, top);
    if (!rc)
        rc = buf_puts(out, "</svg>\n");
    return rc ? err_set(e, rc, "", "biểu đồ vượt quá kích thước cho phép") : 0;
}

/* ---- line chart ---- */

#define LINE_HEIGHT  320
#define PLOT_LEFT    56.0
#define PLOT_RIGHT   (WIDTH - 16.0)
#define PLOT_TOP     40.0
#define PLOT_BOTTOM  (LINE_HEIGHT - 48.0)
#define GRID_LINES   4
#define MAX_X_LABELS 12

static double point_x(size_t i, size_t n)
{
    if (n < 2)
        return (PLOT_LEFT + PLOT_RIGHT) / 2;
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (double)i / (double)(n - 1);
}

static double point_y(double v, double top)
{
    return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * fmin(v / top, 1);
}

static int grid(struct buf *b, const struct svg_chart *c, double top)
{
    int rc = 0;
    for (int k = 0; k <= GRID_LINES && !rc; k++) {
        double v = top * k / GRID_LINES, y = point_y(v, top);
        rc =
            buf_printf(b,
                       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID_COLOUR
                       "\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                       PLOT_LEFT, y, PLOT_RIGHT, y, PLOT_LEFT - 6, y + 4);
        if (!rc)
            rc = put_value(b, v, c->unit);
        if (!rc)
            rc = buf_puts(b, "</text>\n");
    }
    return rc;
}

static int x_labels(struct buf *b, const struct svg_chart *c)
{
    size_t every = (c->npoints + MAX_X_LABELS - 1) / MAX_X_LABELS;
    int rc = 0;
    for (size_t i = 0; i < c->npoints && !rc; i += every ? every : 1) {
        rc = buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                        point_x(i, c->npoints), PLOT_BOTTOM + 20);
        if (!rc)
            rc = put_escaped(b, c->points[i].label);
        if (!rc)
            rc = buf_puts(b, "</text>\n");
    }
    return rc;
}

static int trend_line(struct buf *b, const struct svg_chart *c, double top)
{
    int rc = c->npoints > 1 ? buf_puts(b, "<polyline fill=\"none\" stroke=\"" BAR_COLOUR
                                          "\" stroke-width=\"2\" points=\"")
                            : 0;
    for (size_t i = 0; i < c->npoints && c->npoints > 1 && !rc; i++)
        rc = buf_printf(b, "%s%.1f,%.1f", i ? " " : "", point_x(i, c->npoints),
                        point_y(c->points[i].value, top));
    if (!rc && c->npoints > 1)
        rc = buf_puts(b, "\"/>\n");
    for (size_t i = 0; i < c->npoints && !rc; i++) {
        rc = buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" BAR_COLOUR "\">",
                        point_x(i, c->npoints), point_y(c->points[i].value, top));
        if (!rc)
            rc = mark_title(b, &c->points[i], c->unit);
        if (!rc)
            rc = buf_puts(b, "</circle>\n");
    }
    return rc;
}

int svg_line_chart(const struct svg_chart *c, struct buf *out, struct err *e)
{
    int rc = check_chart(c, e);
    if (rc)
        return rc;
    double top = axis_max(c);
    rc = open_svg(out, c, LINE_HEIGHT);
    if (!rc)
        rc = empty_note(out, c, (int)PLOT_TOP + 20);
    if (!rc)
        rc = grid(out, c, top);
    if (!rc)
        rc = trend_line(out, c, top);
    if (!rc)
        rc = x_labels(out, c);
    if (!rc)
        rc = buf_puts(out, "</svg>\n");
    return rc ? err_set(e, rc, "", "biểu đồ vượt quá kích thước cho phép") : 0;
}
