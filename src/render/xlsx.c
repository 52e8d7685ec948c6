/* xlsx.c — tables as XLSX workbooks through libxlsxwriter (see xlsx.h). The library can only
 * write to a file, so output meant for a memory buffer goes through a private temporary file
 * that is copied into the buffer and removed. Column widths come from the longest line in each
 * column (in code points, so Vietnamese letters count once), within limits that keep a long
 * note from producing a column wider than the screen. */
#include "xlsx.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MIN_WIDTH 6.0
#define MAX_WIDTH 50.0

struct sheet_formats {
    lxw_format *title, *header, *text, *number;
};

static void make_formats(lxw_workbook *wb, struct sheet_formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f->header, 0xD9E1F2);
    format_set_border(f->header, LXW_BORDER_THIN);
    f->text = workbook_add_format(wb);
    format_set_text_wrap(f->text);
    format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f->text, LXW_BORDER_THIN);
    f->number = workbook_add_format(wb);
    format_set_align(f->number, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f->number, LXW_BORDER_THIN);
}

/* Length in code points of the longest line of s. */
static double longest_line(const char *s)
{
    long best = 0;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        long n = g_utf8_strlen(s, nl ? nl - s : -1);
        best = n > best ? n : best;
        s = nl ? nl + 1 : NULL;
    }
    return (double)best;
}

static double column_width(const struct table *t, size_t c)
{
    double w = longest_line(t->headers[c]) / 2; /* headers wrap onto two lines */
    for (size_t r = 0; r < t->nrows; r++)
        w = fmax(w, longest_line(table_text(t, r, c)));
    return fmin(fmax(w + 2, MIN_WIDTH), MAX_WIDTH);
}

static lxw_error write_title(lxw_worksheet *ws, const struct table *t,
                             const struct sheet_formats *f)
{
    if (t->ncols > 1)
        return worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), t->title, f->title);
    return worksheet_write_string(ws, 0, 0, t->title, f->title);
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                            const struct table_cell *cell, const struct sheet_formats *f)
{
    if (cell->is_num)
        return worksheet_write_number(ws, row, col, cell->num, f->number);
    return worksheet_write_string(ws, row, col, cell->text ? cell->text : "", f->text);
}

static lxw_error write_sheet(lxw_worksheet *ws, const struct table *t,
                             const struct sheet_formats *f)
{
    lxw_error err = LXW_NO_ERROR;
    lxw_row_t head = t->title ? 1 : 0;
    if (t->title)
        err = write_title(ws, t, f);
    for (size_t c = 0; c < t->ncols && !err; c++) {
        err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(t, c), NULL);
        if (!err)
            err = worksheet_write_string(ws, head, (lxw_col_t)c, t->headers[c] ? t->headers[c] : "",
                                         f->header);
    }
    for (size_t r = 0; r < t->nrows && !err; r++) {
        if (r + head + 1 >= LXW_ROW_MAX)
            return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
        for (size_t c = 0; c < t->ncols && !err; c++)
            err = write_cell(ws, (lxw_row_t)(head + 1 + r), (lxw_col_t)c, table_at(t, r, c), f);
    }
    worksheet_freeze_panes(ws, head + 1, 0);
    return err;
}

static int write_workbook(const struct table *t, const char *path, struct err *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return err_set(e, E_IO, "path", "không tạo được tệp XLSX %s", path);
    struct sheet_formats f;
    lxw_doc_properties props = {.title = (char *)(t->title ? t->title : ""),
                                .author = (char *)"motcua"};
    workbook_set_properties(wb, &props);
    make_formats(wb, &f);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_error err = ws ? write_sheet(ws, t, &f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error closed = workbook_close(wb);
    if (err)
        return err_set(e, E_INVALID, "table", "không ghi được bảng vào XLSX: %s",
                       lxw_strerror(err));
    if (closed)
        return err_set(e, E_IO, "path", "không lưu được tệp XLSX: %s", lxw_strerror(closed));
    return 0;
}

static int write_via_temp_file(const struct table *t, const struct doc_sink *out, struct err *e)
{
    const char *dir = getenv("TMPDIR");
    char *path = g_strdup_printf("%s/motcua-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path), rc;
    if (fd < 0) {
        rc = err_set(e, E_IO, "path", "không tạo được tệp tạm cho XLSX");
        goto out;
    }
    close(fd);
    rc = write_workbook(t, path, e);
    if (!rc)
        rc = sink_copy_file(out, path, e);
    unlink(path);
out:
    g_free(path);
    return rc;
}

int xlsx_write_table(const struct table *t, const struct doc_sink *out, struct err *e)
{
    int rc = table_check(t, e);
    if (rc)
        return rc;
    if (!out || !out->path == !out->buf)
        return err_set(e, E_INVALID, "sink", "cần đúng một đích: tệp hoặc bộ đệm");
    if (out->path) {
        rc = write_workbook(t, out->path, e);
        if (rc)
            unlink(out->path);
        return rc;
    }
    return write_via_temp_file(t, out, e);
}
