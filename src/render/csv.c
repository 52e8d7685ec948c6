/* csv.c — CSV writer (see csv.h). A field is quoted when it holds a comma, a quote, CR or LF
 * (RFC 4180 §2.6), with quotes doubled. Text that a spreadsheet would run as a formula gets a
 * leading apostrophe (OWASP "CSV injection"); real numbers from numeric cells never do, so
 * "-5" typed by a citizen is defused while a computed -5 stays a number. */
#include "csv.h"

#include <glib.h>
#include <string.h>

static const char BOM[] = "\xEF\xBB\xBF";

int csv_begin(struct buf *out)
{
    return buf_puts(out, BOM);
}

static int needs_defusing(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

static int put_field(struct buf *out, const char *s, int defuse)
{
    int rc = 0;
    s = s ? s : "";
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        rc = buf_putc(out, '"');
    if (!rc && defuse && needs_defusing(s))
        rc = buf_putc(out, '\'');
    for (const char *p = s; *p && !rc; p++)
        rc = *p == '"' ? buf_puts(out, "\"\"") : buf_putc(out, *p);
    if (!rc && quote)
        rc = buf_putc(out, '"');
    return rc;
}

static int end_record(struct buf *out)
{
    return buf_puts(out, "\r\n");
}

int csv_row(struct buf *out, const char *const *fields, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i)
            rc = buf_putc(out, ',');
        if (!rc)
            rc = put_field(out, fields[i], 1);
    }
    return rc ? rc : end_record(out);
}

static int put_cell(struct buf *out, const struct table_cell *cell)
{
    char number[G_ASCII_DTOSTR_BUF_SIZE];
    if (cell->is_num)
        return put_field(out, g_ascii_formatd(number, sizeof number, "%.15g", cell->num), 0);
    return put_field(out, cell->text, 1);
}

int csv_write_table(const struct table *t, struct buf *out, struct err *e)
{
    int rc = table_check(t, e);
    if (rc)
        return rc;
    rc = csv_begin(out);
    if (!rc)
        rc = csv_row(out, t->headers, t->ncols);
    for (size_t r = 0; r < t->nrows && !rc; r++) {
        for (size_t c = 0; c < t->ncols && !rc; c++) {
            if (c)
                rc = buf_putc(out, ',');
            if (!rc)
                rc = put_cell(out, table_at(t, r, c));
        }
        if (!rc)
            rc = end_record(out);
    }
    if (rc)
        return err_set(e, rc, "", "tệp CSV vượt quá kích thước cho phép");
    return 0;
}
