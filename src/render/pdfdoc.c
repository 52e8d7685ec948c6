/* pdfdoc.c — the flowing PDF document builder (see pdfdoc.h). Text is laid out by pango and
 * drawn one line at a time, so paragraphs and table cells can stop at the bottom of a page and
 * continue on the next without drawing hidden glyphs (clipped text would still be extracted by
 * pdftotext and searchable, so it would duplicate). The document is drawn twice, first into a
 * discarding stream to count pages, so the footer can say "Trang 1/2".
 *
 * Italic text is the regular face slanted, not the italic face: cairo embeds every face as two
 * subsets (WinAnsi and CID) and with Liberation's hinted glyphs a face costs about 15 KB, which
 * put the receipt over its 60 KB budget; a slanted regular face shares the regular subsets. */
#include "pdfdoc.h"

#include "cal_date.h"
#include "format.h"
#include "qr.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PT_PER_MM (72.0 / 25.4)
/* A style bit of the tables' own, beside the public PDF_* ones: wrap between words only. */
#define STYLE_WHOLE_WORDS (1u << 15)
#define FONT_FAMILY       "Liberation Serif"
#define PARAGRAPH_GAP     2.0
#define CELL_PAD_X        2.5
#define CELL_PAD_Y        1.5
#define RULE_WIDTH        0.5
#define SIGN_SPACE_MM     12.0
/* The lookup link with its token (about 80 characters) must read at 200 dpi. */
#define QR_MAX_MM 24.0
/* The Circular 01/2023 code carries about 250 bytes (codes, the masked ID, the document's
 * name with diacritics and the verification link): version 10 or so, 0.4 mm a module. */
#define CORNER_QR_MM      26.0
#define NATIONAL_NAME     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define NATIONAL_MOTTO    "Độc lập - Tự do - Hạnh phúc"
#define DEFAULT_SIGN_HINT "(Ký và ghi rõ họ tên)"
#define BLANK_VALUE       "……………………………"

struct page_geometry {
    double width_mm, height_mm, top, bottom, left, right; /* margins in mm */
    double body_pt;
};

static const struct page_geometry geometries[] = {
    [PDF_A5] = {148, 210, 10, 12, 15, 10, 10.5},
    [PDF_A4] = {210, 297, 20, 20, 30, 15, 13},
    [PDF_A4_LANDSCAPE] = {297, 210, 15, 15, 15, 15, 10},
};

struct pdfdoc {
    cairo_t *cr;
    PangoContext *pango;
    double page_w, page_h;           /* points */
    double left, right, top, bottom; /* content box, points from the page's top-left */
    double y;                        /* cursor */
    double body_pt;
    int page, total;
    int rc;
    struct err *e;
    const char *corner_qr; /* pdf_setup.corner_qr, drawn once by pdf_header on page 1 */
};

/* A laid-out piece of text and the position of each of its lines, in points relative to the
 * layout's top-left corner. */
struct line_box {
    PangoLayoutLine *line;
    double top, bottom, baseline, x;
};

struct block {
    PangoLayout *layout;
    struct line_box *lines;
    int n;
    double height, width;
    int oblique;
};

static int fail(struct pdfdoc *d, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct pdfdoc *d, int code, const char *field, const char *fmt, ...)
{
    if (d->rc)
        return d->rc;
    d->rc = code;
    if (d->e) {
        char msg[sizeof d->e->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        err_set(d->e, code, field, "%s", msg);
    }
    return code;
}

static const char *str(const char *s)
{
    return s ? s : "";
}

static int check_text(struct pdfdoc *d, const char *s, const char *field)
{
    if (s && !g_utf8_validate(s, -1, NULL))
        return fail(d, E_INVALID, field, "văn bản không phải UTF-8 hợp lệ");
    return d->rc;
}

static int check_cairo(struct pdfdoc *d)
{
    cairo_status_t st = cairo_status(d->cr);
    if (st)
        return fail(d, E_INTERNAL, "", "cairo: %s", cairo_status_to_string(st));
    return d->rc;
}

static double content_width(const struct pdfdoc *d)
{
    return d->right - d->left;
}

static double size_for(const struct pdfdoc *d, unsigned style)
{
    if (style & PDF_SMALL)
        return d->body_pt - 2;
    if (style & PDF_LARGE)
        return d->body_pt + 1;
    return d->body_pt;
}

static PangoAlignment alignment_for(unsigned style)
{
    if (style & PDF_CENTER)
        return PANGO_ALIGN_CENTER;
    if (style & PDF_RIGHT)
        return PANGO_ALIGN_RIGHT;
    return PANGO_ALIGN_LEFT;
}

static PangoLayout *new_layout(struct pdfdoc *d, const char *text, double pt, unsigned style,
                               double width)
{
    PangoLayout *layout = pango_layout_new(d->pango);
    PangoFontDescription *font = pango_font_description_new();
    pango_font_description_set_family(font, FONT_FAMILY);
    pango_font_description_set_size(font, (int)lround(pt * PANGO_SCALE));
    pango_font_description_set_weight(font,
                                      style & PDF_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, (int)lround(width * PANGO_SCALE));
    /* Words break only where a word is wider than the whole line (a table gives each column
       the width of its longest word first, see column_minimum()). */
    pango_layout_set_wrap(layout,
                          style & STYLE_WHOLE_WORDS ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, alignment_for(style));
    pango_layout_set_justify(layout, (style & PDF_JUSTIFY) != 0);
    if (style & PDF_INDENT)
        pango_layout_set_indent(layout, (int)lround(10 * PT_PER_MM * PANGO_SCALE));
    if (style & PDF_UPPER) {
        char *upper = g_utf8_strup(text, -1);
        pango_layout_set_text(layout, upper, -1);
        g_free(upper);
    } else {
        pango_layout_set_text(layout, text, -1);
    }
    return layout;
}

static void measure_lines(struct block *b)
{
    PangoRectangle logical, own;
    PangoLayoutIter *it = pango_layout_get_iter(b->layout);
    b->n = pango_layout_get_line_count(b->layout);
    b->lines = g_new0(struct line_box, b->n);
    for (int i = 0; i < b->n; i++) {
        struct line_box *lb = &b->lines[i];
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        lb->line = pango_layout_iter_get_line_readonly(it);
        pango_layout_line_get_extents(lb->line, NULL, &own);
        lb->top = (double)logical.y / PANGO_SCALE;
        lb->bottom = (double)(logical.y + logical.height) / PANGO_SCALE;
        lb->baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        /* The line's origin: its extents in the layout minus its extents around its origin. */
        lb->x = (double)(logical.x - own.x) / PANGO_SCALE;
        pango_layout_iter_next_line(it);
    }
    pango_layout_iter_free(it);
    pango_layout_get_extents(b->layout, NULL, &logical);
    b->height = b->n ? b->lines[b->n - 1].bottom : 0;
    b->width = (double)logical.width / PANGO_SCALE;
}

static void block_make(struct pdfdoc *d, struct block *b, const char *text, double pt,
                       unsigned style, double width, PangoAttrList *attrs)
{
    b->layout = new_layout(d, str(text), pt, style, width);
    b->oblique = (style & PDF_ITALIC) != 0;
    if (attrs)
        pango_layout_set_attributes(b->layout, attrs);
    measure_lines(b);
}

/* About 12 degrees, the slant of a typical serif italic. */
static const cairo_matrix_t oblique_slant = {1, 0, -0.21, 1, 0, 0};

static void block_free(struct block *b)
{
    g_free(b->lines);
    if (b->layout)
        g_object_unref(b->layout);
    b->lines = NULL;
    b->layout = NULL;
}

/* Draws lines from `from` on while they fit in avail points (the first one regardless when
 * force is set), with line `from` at y; returns the next line to draw and sets *used. */
static int block_draw_lines(struct pdfdoc *d, const struct block *b, int from, double x, double y,
                            double avail, int force, double *used)
{
    double origin = from < b->n ? b->lines[from].top : 0;
    int i = from;
    while (i < b->n && (b->lines[i].bottom - origin <= avail || (force && i == from))) {
        cairo_save(d->cr);
        cairo_translate(d->cr, x + b->lines[i].x, y + b->lines[i].baseline - origin);
        if (b->oblique)
            cairo_transform(d->cr, &oblique_slant);
        cairo_move_to(d->cr, 0, 0);
        pango_cairo_show_layout_line(d->cr, b->lines[i].line);
        cairo_restore(d->cr);
        i++;
    }
    *used = i > from ? b->lines[i - 1].bottom - origin : 0;
    return i;
}

static void block_draw(struct pdfdoc *d, const struct block *b, double x, double y)
{
    double used;
    block_draw_lines(d, b, 0, x, y, INFINITY, 1, &used);
}

static void hline(struct pdfdoc *d, double x0, double x1, double y)
{
    cairo_set_line_width(d->cr, RULE_WIDTH);
    cairo_move_to(d->cr, x0, y);
    cairo_line_to(d->cr, x1, y);
    cairo_stroke(d->cr);
}

static void draw_footer(struct pdfdoc *d)
{
    char text[64];
    struct block b;
    if (d->total < 2)
        return;
    snprintf(text, sizeof text, "Trang %d/%d", d->page, d->total);
    block_make(d, &b, text, d->body_pt - 2, PDF_CENTER, content_width(d), NULL);
    block_draw(d, &b, d->left, d->bottom + (d->page_h - d->bottom - b.height) / 2);
    block_free(&b);
}

int pdf_new_page(struct pdfdoc *d)
{
    if (d->rc)
        return d->rc;
    draw_footer(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = d->top;
    return check_cairo(d);
}

static double space_left(const struct pdfdoc *d)
{
    return d->bottom - d->y;
}

/* Starts a new page unless h points fit below the cursor (or the page is still empty). */
static int keep_together(struct pdfdoc *d, double h)
{
    if (h > space_left(d) && d->y > d->top)
        return pdf_new_page(d);
    return d->rc;
}

/* Draws a block at the left edge x, continuing on new pages as needed. */
static int flow_block(struct pdfdoc *d, const struct block *b, double x)
{
    int from = 0;
    while (from < b->n && !d->rc) {
        double used;
        from = block_draw_lines(d, b, from, x, d->y, space_left(d), d->y <= d->top, &used);
        d->y += used;
        if (from < b->n)
            pdf_new_page(d);
    }
    return check_cairo(d);
}

int pdf_space(struct pdfdoc *d, double mm)
{
    if (d->rc)
        return d->rc;
    d->y = fmin(d->y + mm * PT_PER_MM, d->bottom);
    return 0;
}

int pdf_text(struct pdfdoc *d, const char *text, unsigned style)
{
    struct block b;
    if (check_text(d, text, "text"))
        return d->rc;
    block_make(d, &b, text, size_for(d, style), style, content_width(d), NULL);
    flow_block(d, &b, d->left);
    block_free(&b);
    d->y = fmin(d->y + PARAGRAPH_GAP, d->bottom);
    return d->rc;
}

int pdf_title(struct pdfdoc *d, const char *title)
{
    pdf_space(d, 3);
    pdf_text(d, title, PDF_BOLD | PDF_CENTER | PDF_UPPER | PDF_LARGE);
    return pdf_space(d, 2);
}

int pdf_field(struct pdfdoc *d, const char *label, const char *value)
{
    struct block b;
    if (check_text(d, label, "label") || check_text(d, value, "value"))
        return d->rc;
    const char *shown = value && *value ? value : BLANK_VALUE;
    char *text = g_strconcat(str(label), ": ", shown, NULL);
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    bold->start_index = (guint)(strlen(str(label)) + 2);
    bold->end_index = (guint)strlen(text);
    pango_attr_list_insert(attrs, bold);
    block_make(d, &b, text, d->body_pt, 0, content_width(d), attrs);
    flow_block(d, &b, d->left);
    block_free(&b);
    pango_attr_list_unref(attrs);
    g_free(text);
    d->y = fmin(d->y + PARAGRAPH_GAP / 2, d->bottom);
    return d->rc;
}

/* The biggest size (at most max_pt) at which text fits on one line of width points. */
static double fit_size(struct pdfdoc *d, const char *text, unsigned style, double max_pt,
                       double width)
{
    struct block b;
    block_make(d, &b, text, max_pt, style, -1, NULL);
    double pt = b.width > width ? floor(2 * max_pt * width / b.width) / 2 : max_pt;
    block_free(&b);
    return fmax(pt, 6);
}

/* "Giồng Riềng, ngày 29 tháng 4 năm 2027": the date half of core's official time style, so
 * the zero-padding rule for days and months stays in one place. */
static char *date_line(const char *place, int64_t when)
{
    struct buf b;
    buf_init(&b, 256);
    const char *date = "ngày … tháng … năm …";
    if (when && !fmt_official(&b, when) && strstr(buf_str(&b), ", "))
        date = strstr(buf_str(&b), ", ") + 2;
    char *line = g_strdup_printf("%s, %s", str(place), date);
    buf_free(&b);
    return line;
}

struct header_blocks {
    struct block parent, issuer, number, nation, motto, date;
};

static double header_left_height(const struct header_blocks *hb)
{
    return hb->parent.height + hb->issuer.height + 4 + hb->number.height;
}

static double header_right_height(const struct header_blocks *hb)
{
    return hb->nation.height + hb->motto.height + 5 + hb->date.height;
}

static void draw_header(struct pdfdoc *d, const struct header_blocks *hb, double left_w)
{
    double x = d->left, y = d->y;
    block_draw(d, &hb->parent, x, y);
    y += hb->parent.height;
    block_draw(d, &hb->issuer, x, y);
    y += hb->issuer.height + 2;
    double rule = fmin(hb->issuer.width, left_w) / 3;
    hline(d, x + (left_w - rule) / 2, x + (left_w + rule) / 2, y);
    block_draw(d, &hb->number, x, y + 2);

    double rx = d->left + left_w, right_w = content_width(d) - left_w;
    y = d->y;
    block_draw(d, &hb->nation, rx, y);
    y += hb->nation.height;
    block_draw(d, &hb->motto, rx, y);
    y += hb->motto.height + 1;
    double motto_w = fmin(hb->motto.width, right_w);
    hline(d, rx + (right_w - motto_w) / 2, rx + (right_w + motto_w) / 2, y);
    block_draw(d, &hb->date, rx, y + 4);
}

/* The Circular 01/2023 QR code at the top left of page 1, drawn once at the cursor; the
 * heading then takes the width to its right (a band of its own would push a full A5 receipt
 * onto a second page). Returns the height it takes below the cursor, 0 when there is none. */
static double draw_corner_qr(struct pdfdoc *d)
{
    if (!d->corner_qr || d->page != 1)
        return 0;
    const char *text = d->corner_qr;
    d->corner_qr = NULL;
    if (check_text(d, text, "qr"))
        return 0;
    double side = CORNER_QR_MM * PT_PER_MM;
    /* At the top of the page it starts in the top margin (its own quiet zone keeps it off the
     * edge), as the form's number does on the right. */
    double lift = d->y <= d->top ? d->top / 2 : 0;
    int rc = qr_draw(d->cr, text, d->left, d->y - lift, side, d->e);
    if (rc && !d->rc)
        d->rc = rc; /* qr_draw has already explained it in d->e */
    return side - lift;
}

int pdf_header(struct pdfdoc *d, const struct pdf_header *h)
{
    struct header_blocks hb = {0};
    if (!h)
        return fail(d, E_INVALID, "header", "thiếu phần đầu văn bản");
    if (check_text(d, h->form_label, "form_label") || check_text(d, h->parent, "parent") ||
        check_text(d, h->issuer, "issuer") || check_text(d, h->number, "number") ||
        check_text(d, h->place, "place"))
        return d->rc;
    if (h->form_label && d->y <= d->top) {
        /* At the top of a page "Mẫu số 01" sits in the top margin, above the heading, so
         * that it does not take a line from the form (an A5 receipt is full). */
        struct block label;
        block_make(d, &label, h->form_label, size_for(d, PDF_SMALL), PDF_RIGHT | PDF_ITALIC,
                   content_width(d), NULL);
        block_draw(d, &label, d->left, fmax(d->top - label.height - 1, 0));
        block_free(&label);
    } else if (h->form_label) {
        pdf_text(d, h->form_label, PDF_RIGHT | PDF_ITALIC | PDF_SMALL);
    }
    double top = d->y, qr = draw_corner_qr(d); /* the height it takes below the cursor */
    double qr_w = qr ? CORNER_QR_MM * PT_PER_MM + PARAGRAPH_GAP : 0;
    if (d->rc)
        return d->rc;
    d->left += qr_w;
    double left_w = content_width(d) * 0.42, right_w = content_width(d) - left_w;
    double pt = fit_size(d, NATIONAL_NAME, PDF_BOLD, d->body_pt, right_w);
    unsigned centred = PDF_CENTER | PDF_UPPER;
    block_make(d, &hb.parent, h->parent, pt, centred, left_w, NULL);
    block_make(d, &hb.issuer, h->issuer, pt, centred | PDF_BOLD, left_w, NULL);
    block_make(d, &hb.number, h->number, pt, PDF_CENTER, left_w, NULL);
    block_make(d, &hb.nation, NATIONAL_NAME, pt, PDF_CENTER | PDF_BOLD, right_w, NULL);
    block_make(d, &hb.motto, NATIONAL_MOTTO, pt + 1, PDF_CENTER | PDF_BOLD, right_w, NULL);
    char *date = h->place ? date_line(h->place, h->date) : NULL; /* dated where it is signed */
    block_make(d, &hb.date, date, pt, PDF_CENTER | PDF_ITALIC, right_w, NULL);
    g_free(date);
    double height = fmax(header_left_height(&hb), header_right_height(&hb));
    if (!keep_together(d, height)) {
        draw_header(d, &hb, left_w);
        d->y += height + PARAGRAPH_GAP;
    }
    if (qr) {
        d->left -= qr_w;
        d->y = fmax(d->y, top + qr + PARAGRAPH_GAP);
    }
    block_free(&hb.parent);
    block_free(&hb.issuer);
    block_free(&hb.number);
    block_free(&hb.nation);
    block_free(&hb.motto);
    block_free(&hb.date);
    return check_cairo(d);
}

/* ---- tables ---- */

struct table_run {
    const struct table *t;
    double *x, *w; /* column left edges and widths */
    double pt;
    unsigned wrap; /* STYLE_WHOLE_WORDS when every column is as wide as its longest word */
    struct block *cells;
    double header_h;
    struct block *header;
};

static unsigned column_style(const struct table *t, size_t c)
{
    if (!t->align || t->align[c] == TABLE_LEFT)
        return 0;
    return t->align[c] == TABLE_CENTER ? PDF_CENTER : PDF_RIGHT;
}

/* The width of the widest word of text (its min-content width): laid out as narrow as it
 * goes, every line holds one word. */
static double widest_word(struct pdfdoc *d, const char *text, double pt, unsigned style)
{
    struct block b;
    block_make(d, &b, text, pt, (style & PDF_BOLD) | STYLE_WHOLE_WORDS, 1, NULL);
    double w = b.width;
    block_free(&b);
    return w;
}

/* The narrowest a column can be without a word broken inside: its longest word, header
 * (bold) and cells alike, with the cell's padding. */
static double column_minimum(struct pdfdoc *d, const struct table_run *r, size_t c)
{
    const struct table *t = r->t;
    double w = widest_word(d, t->headers[c], r->pt, PDF_BOLD);
    for (size_t row = 0; row < t->nrows; row++)
        w = fmax(w, widest_word(d, table_text(t, row, c), r->pt, 0));
    return w + 2 * CELL_PAD_X + 0.5;
}

/* Column widths: the table's proportions, except that no column is narrower than its longest
 * word; the columns that had room to spare share what those took, in proportion. When the
 * longest words together are wider than the page, the proportions stand and words that do
 * not fit break between letters rather than run over the next cell. */
static void layout_columns(struct pdfdoc *d, struct table_run *r)
{
    const struct table *t = r->t;
    double *min = g_new0(double, t->ncols), need = 0, x = d->left;
    int *fixed = g_new0(int, t->ncols);
    for (size_t c = 0; c < t->ncols; c++)
        need += min[c] = column_minimum(d, r, c);
    int fits = need <= content_width(d);
    for (int changed = 1; changed;) {
        double free_w = content_width(d), weights = 0;
        for (size_t c = 0; c < t->ncols; c++)
            if (fixed[c])
                free_w -= min[c];
            else
                weights += t->widths ? t->widths[c] : 1;
        changed = 0;
        for (size_t c = 0; c < t->ncols; c++) {
            if (fixed[c]) {
                r->w[c] = min[c];
                continue;
            }
            r->w[c] = free_w * (t->widths ? t->widths[c] : 1) / weights;
            if (fits && r->w[c] < min[c])
                fixed[c] = changed = 1;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        r->x[c] = x;
        x += r->w[c];
    }
    r->wrap = fits ? STYLE_WHOLE_WORDS : 0;
    g_free(min);
    g_free(fixed);
}

static double make_row(struct pdfdoc *d, struct table_run *r, struct block *row,
                       const char *(*text)(const struct table *, size_t, size_t), size_t index,
                       unsigned extra)
{
    double h = 0;
    for (size_t c = 0; c < r->t->ncols; c++) {
        unsigned style = (extra ? extra : column_style(r->t, c)) | r->wrap;
        block_make(d, &row[c], text(r->t, index, c), r->pt, style, r->w[c] - 2 * CELL_PAD_X, NULL);
        h = fmax(h, row[c].height);
    }
    return h + 2 * CELL_PAD_Y;
}

static void free_row(const struct table_run *r, struct block *row)
{
    for (size_t c = 0; c < r->t->ncols; c++)
        block_free(&row[c]);
}

static const char *header_text(const struct table *t, size_t row, size_t col)
{
    (void)row;
    return str(t->headers[col]);
}

static void cell_borders(struct pdfdoc *d, const struct table_run *r, double y, double h)
{
    cairo_set_line_width(d->cr, RULE_WIDTH);
    for (size_t c = 0; c < r->t->ncols; c++)
        cairo_rectangle(d->cr, r->x[c], y, r->w[c], h);
    cairo_stroke(d->cr);
}

/* Draws what fits of a row (from next[] on, one entry per cell) at the cursor and returns 1
 * when the whole row is done. */
static int draw_row_part(struct pdfdoc *d, const struct table_run *r, const struct block *row,
                         int *next, int force)
{
    double avail = space_left(d) - 2 * CELL_PAD_Y, h = 0;
    int done = 1;
    for (size_t c = 0; c < r->t->ncols; c++) {
        double used = 0;
        if (next[c] < row[c].n)
            next[c] = block_draw_lines(d, &row[c], next[c], r->x[c] + CELL_PAD_X, d->y + CELL_PAD_Y,
                                       avail, force, &used);
        h = fmax(h, used);
        done &= next[c] >= row[c].n;
    }
    cell_borders(d, r, d->y, h + 2 * CELL_PAD_Y);
    d->y += h + 2 * CELL_PAD_Y;
    return done;
}

static void draw_header_row(struct pdfdoc *d, const struct table_run *r)
{
    for (size_t c = 0; c < r->t->ncols; c++)
        block_draw(d, &r->header[c], r->x[c] + CELL_PAD_X, d->y + CELL_PAD_Y);
    cell_borders(d, r, d->y, r->header_h);
    d->y += r->header_h;
}

static void table_page_break(struct pdfdoc *d, const struct table_run *r)
{
    pdf_new_page(d);
    draw_header_row(d, r);
}

static int at_table_top(const struct pdfdoc *d, const struct table_run *r)
{
    return d->y <= d->top + r->header_h + 0.01;
}

/* A row moves to the next page whole when it fits on one; only a row taller than a page is
 * split, and never leaving a sliver too thin for a line at the bottom of a page. */
static void draw_body_row(struct pdfdoc *d, const struct table_run *r, const struct block *row,
                          double row_h, int *next)
{
    double fresh_page = d->bottom - d->top - r->header_h;
    double min_part = 2 * r->pt + 2 * CELL_PAD_Y;
    if ((row_h > space_left(d) && row_h <= fresh_page) || space_left(d) < min_part)
        table_page_break(d, r);
    while (!d->rc && !draw_row_part(d, r, row, next, at_table_top(d, r)))
        table_page_break(d, r);
}

int pdf_table(struct pdfdoc *d, const struct table *t)
{
    if (d->rc)
        return d->rc;
    if (table_check(t, d->e))
        return fail(d, E_INVALID, "table", "%s", d->e ? d->e->msg : "bảng không hợp lệ");
    struct table_run r = {.t = t, .pt = fmax(d->body_pt - 1, 7)};
    r.x = g_new0(double, t->ncols);
    r.w = g_new0(double, t->ncols);
    r.header = g_new0(struct block, t->ncols);
    r.cells = g_new0(struct block, t->ncols);
    int *next = g_new0(int, t->ncols);
    layout_columns(d, &r);
    r.header_h = make_row(d, &r, r.header, header_text, 0, PDF_BOLD | PDF_CENTER);
    keep_together(d, r.header_h + 3 * r.pt);
    draw_header_row(d, &r);
    for (size_t row = 0; row < t->nrows && !d->rc; row++) {
        double h = make_row(d, &r, r.cells, table_text, row, 0);
        memset(next, 0, t->ncols * sizeof *next);
        draw_body_row(d, &r, r.cells, h, next);
        free_row(&r, r.cells);
    }
    free_row(&r, r.header);
    g_free(next);
    g_free(r.cells);
    g_free(r.header);
    g_free(r.w);
    g_free(r.x);
    d->y = fmin(d->y + PARAGRAPH_GAP, d->bottom);
    return check_cairo(d);
}

/* ---- signatures and QR ---- */

struct signer_blocks {
    struct block date, title, hint, name;
};

static void make_signer(struct pdfdoc *d, struct signer_blocks *sb, const struct pdf_signer *s,
                        double width)
{
    char *date = s && s->place ? date_line(s->place, s->date) : NULL;
    block_make(d, &sb->date, date, d->body_pt, PDF_CENTER | PDF_ITALIC, width, NULL);
    g_free(date);
    block_make(d, &sb->title, s ? s->title : "", d->body_pt, PDF_BOLD | PDF_CENTER | PDF_UPPER,
               width, NULL);
    block_make(d, &sb->hint, s ? (s->hint ? s->hint : DEFAULT_SIGN_HINT) : "", d->body_pt - 1,
               PDF_ITALIC | PDF_CENTER, width, NULL);
    block_make(d, &sb->name, s ? s->name : "", d->body_pt, PDF_BOLD | PDF_CENTER, width, NULL);
}

static double signer_height(const struct signer_blocks *sb)
{
    return sb->date.height + sb->title.height + sb->hint.height + SIGN_SPACE_MM * PT_PER_MM +
           sb->name.height;
}

static void draw_signer(struct pdfdoc *d, const struct signer_blocks *sb, double x)
{
    double y = d->y;
    block_draw(d, &sb->date, x, y);
    y += sb->date.height;
    block_draw(d, &sb->title, x, y);
    y += sb->title.height;
    block_draw(d, &sb->hint, x, y);
    y += sb->hint.height + SIGN_SPACE_MM * PT_PER_MM;
    block_draw(d, &sb->name, x, y);
}

static void free_signer(struct signer_blocks *sb)
{
    block_free(&sb->date);
    block_free(&sb->title);
    block_free(&sb->hint);
    block_free(&sb->name);
}

/* A QR code of side `side` centred in a column, caption below; returns the height used. */
static double draw_qr_column(struct pdfdoc *d, const char *text, const char *caption, double x,
                             double width, double side, int draw)
{
    struct block cap;
    block_make(d, &cap, caption, d->body_pt - 2, PDF_CENTER | PDF_ITALIC, width, NULL);
    double h = side + (caption && *caption ? cap.height + 1 : 0);
    if (draw) {
        int rc = qr_draw(d->cr, text, x + (width - side) / 2, d->y, side, d->e);
        if (rc && !d->rc)
            d->rc = rc; /* qr_draw has already explained it in d->e */
        else if (!rc)
            block_draw(d, &cap, x, d->y + side + 1);
    }
    block_free(&cap);
    return h;
}

static int check_signatures(struct pdfdoc *d, const struct pdf_signatures *s)
{
    const struct pdf_signer *both[] = {s->left, s->right};
    for (int i = 0; i < 2; i++) {
        if (both[i] &&
            (check_text(d, both[i]->title, "signer") || check_text(d, both[i]->hint, "signer") ||
             check_text(d, both[i]->name, "signer") || check_text(d, both[i]->place, "place")))
            return d->rc;
    }
    return check_text(d, s->qr_text, "qr") || check_text(d, s->qr_caption, "qr_caption");
}

int pdf_signatures(struct pdfdoc *d, const struct pdf_signatures *s)
{
    struct signer_blocks left, right;
    if (!s)
        return fail(d, E_INVALID, "signatures", "thiếu phần chữ ký");
    if (check_signatures(d, s))
        return d->rc;
    int with_qr = s->qr_text != NULL;
    double cw = content_width(d), mid_w = with_qr ? cw * 0.22 : 0, side_w = (cw - mid_w) / 2;
    double qr_side = fmin(mid_w - 2 * PT_PER_MM, QR_MAX_MM * PT_PER_MM);
    make_signer(d, &left, s->left, side_w);
    make_signer(d, &right, s->right, side_w);
    double h = fmax(signer_height(&left), signer_height(&right));
    if (with_qr)
        h = fmax(h, draw_qr_column(d, s->qr_text, s->qr_caption, 0, mid_w, qr_side, 0));
    pdf_space(d, 2);
    if (!keep_together(d, h)) {
        if (s->left)
            draw_signer(d, &left, d->left);
        if (s->right)
            draw_signer(d, &right, d->left + side_w + mid_w);
        if (with_qr)
            draw_qr_column(d, s->qr_text, s->qr_caption, d->left + side_w, mid_w, qr_side, 1);
        d->y = fmin(d->y + h + PARAGRAPH_GAP, d->bottom);
    }
    free_signer(&left);
    free_signer(&right);
    return check_cairo(d);
}

int pdf_qr(struct pdfdoc *d, const char *text, double size_mm, const char *caption)
{
    if (check_text(d, text, "qr") || check_text(d, caption, "qr_caption"))
        return d->rc;
    if (!(size_mm >= 10 && size_mm * PT_PER_MM <= content_width(d)))
        return fail(d, E_INVALID, "qr", "kích thước mã QR phải từ 10 mm đến bề rộng trang");
    double side = size_mm * PT_PER_MM;
    double h = draw_qr_column(d, text, caption, 0, content_width(d), side, 0);
    if (!keep_together(d, h)) {
        draw_qr_column(d, text, caption, d->left, content_width(d), side, 1);
        d->y = fmin(d->y + h + PARAGRAPH_GAP, d->bottom);
    }
    return check_cairo(d);
}

int pdf_page_number(const struct pdfdoc *d)
{
    return d->page;
}

int pdf_page_count(const struct pdfdoc *d)
{
    return d->total;
}

/* ---- rendering ---- */

static cairo_status_t write_to_sink(void *closure, const unsigned char *data, unsigned int n)
{
    return sink_write(closure, data, n) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t write_nowhere(void *closure, const unsigned char *data, unsigned int n)
{
    (void)closure;
    (void)data;
    (void)n;
    return CAIRO_STATUS_SUCCESS;
}

static void set_metadata(cairo_surface_t *surface, const struct pdf_setup *setup)
{
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, setup->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "motcua");
    if (setup->subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, setup->subject);
    if (setup->created) {
        char when[32], iso[48];
        cal_format_datetime(setup->created, when, sizeof when);
        snprintf(iso, sizeof iso, "%s:00+07:00", when);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    }
}

/* Unhinted metrics make the layout independent of the output device, so both passes (and
 * every machine) break lines and pages in the same places. */
static PangoContext *new_pango_context(cairo_t *cr)
{
    PangoContext *ctx = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    /* PDF user space is in points: one point per unit, not pango's default 96 dpi. */
    pango_cairo_context_set_resolution(ctx, 72);
    return ctx;
}

static int check_font(struct pdfdoc *d)
{
    PangoFontDescription *want = pango_font_description_from_string(FONT_FAMILY " 11");
    PangoFont *font = pango_context_load_font(d->pango, want);
    PangoFontDescription *got = font ? pango_font_describe(font) : NULL;
    const char *family = got ? pango_font_description_get_family(got) : NULL;
    /* Liberation 1.x (Debian fonts-liberation) lacks the Vietnamese letters U+1EA0..U+1EF9,
     * which pango would then take silently from another font. */
    if (!family || strcmp(family, FONT_FAMILY) != 0 || !pango_font_has_char(font, 0x1EC7))
        fail(d, E_UNAVAILABLE, "font",
             "không có phông " FONT_FAMILY " đủ chữ tiếng Việt (cài gói fonts-liberation2)");
    if (got)
        pango_font_description_free(got);
    if (font)
        g_object_unref(font);
    pango_font_description_free(want);
    return d->rc;
}

static void init_doc(struct pdfdoc *d, const struct page_geometry *g, int total, struct err *e)
{
    d->page_w = g->width_mm * PT_PER_MM;
    d->page_h = g->height_mm * PT_PER_MM;
    d->left = g->left * PT_PER_MM;
    d->right = d->page_w - g->right * PT_PER_MM;
    d->top = g->top * PT_PER_MM;
    d->bottom = d->page_h - g->bottom * PT_PER_MM;
    d->y = d->top;
    d->body_pt = g->body_pt;
    d->page = 1;
    d->total = total;
    d->e = e;
}

/* One pass: draws into out (or nowhere when out is NULL) and reports the number of pages. */
static int render_pass(const struct doc_sink *out, const struct pdf_setup *setup, pdf_draw_fn draw,
                       const void *ctx, int total, int *pages, struct err *e)
{
    struct sink_stream stream;
    struct pdfdoc d = {0};
    const struct page_geometry *g = &geometries[setup->page];
    if (out) {
        int rc = sink_open(&stream, out, e);
        if (rc)
            return rc;
    }
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        out ? write_to_sink : write_nowhere, out ? &stream : NULL, g->width_mm * PT_PER_MM,
        g->height_mm * PT_PER_MM);
    set_metadata(surface, setup);
    init_doc(&d, g, total, e);
    d.corner_qr = setup->corner_qr;
    d.cr = cairo_create(surface);
    d.pango = new_pango_context(d.cr);
    if (out || !check_font(&d)) {
        int rc = draw(&d, ctx);
        if (rc && !d.rc)
            fail(&d, rc, "", "không vẽ được tài liệu");
    }
    if (!d.rc) {
        draw_footer(&d);
        cairo_show_page(d.cr);
        check_cairo(&d);
    }
    *pages = d.page;
    g_object_unref(d.pango);
    cairo_destroy(d.cr);
    cairo_surface_finish(surface);
    if (!d.rc && cairo_surface_status(surface) && !(out && stream.rc))
        fail(&d, E_INTERNAL, "", "cairo: %s",
             cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);
    if (out) {
        /* A failed write (full buffer, full disk) surfaces in cairo as a generic write error;
         * the sink knows the real cause, so its error wins. */
        int write_failed = stream.rc != 0;
        int rc = sink_close(&stream, d.rc && !write_failed ? NULL : e);
        if (write_failed || !d.rc)
            d.rc = rc;
        if (d.rc && out->path)
            unlink(out->path);
    }
    return d.rc;
}

static int check_setup(const struct pdf_setup *setup, pdf_draw_fn draw, struct err *e)
{
    if (!setup || !draw)
        return err_set(e, E_INVALID, "setup", "thiếu thông tin tài liệu");
    if (setup->page != PDF_A5 && setup->page != PDF_A4 && setup->page != PDF_A4_LANDSCAPE)
        return err_set(e, E_INVALID, "page", "khổ giấy không hợp lệ");
    if (!setup->title || !g_utf8_validate(setup->title, -1, NULL) ||
        (setup->subject && !g_utf8_validate(setup->subject, -1, NULL)) ||
        (setup->corner_qr && !g_utf8_validate(setup->corner_qr, -1, NULL)))
        return err_set(e, E_INVALID, "title", "tiêu đề tài liệu thiếu hoặc không phải UTF-8");
    return 0;
}

int pdf_render(const struct doc_sink *out, const struct pdf_setup *setup, pdf_draw_fn draw,
               const void *ctx, struct err *e)
{
    int pages = 0, rc = check_setup(setup, draw, e);
    if (!rc)
        rc = render_pass(NULL, setup, draw, ctx, 0, &pages, e);
    if (!rc)
        rc = render_pass(out, setup, draw, ctx, pages, &pages, e);
    return rc;
}
