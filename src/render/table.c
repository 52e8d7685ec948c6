/* table.c — validation and access for the shared table model (see table.h). Each writer calls
 * table_check() first, so malformed input is rejected in one place with one message instead of
 * three writers guessing what a missing header or broken UTF-8 should mean. */
#include "table.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>

static int text_ok(const char *s)
{
    return !s || g_utf8_validate(s, -1, NULL);
}

static int check_columns(const struct table *t, struct err *e)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (!text_ok(t->headers[c]))
            return err_set(e, E_INVALID, "headers", "tiêu đề cột %zu không phải UTF-8 hợp lệ",
                           c + 1);
        if (t->widths && !(t->widths[c] > 0 && isfinite(t->widths[c])))
            return err_set(e, E_INVALID, "widths", "độ rộng cột %zu phải là số dương", c + 1);
    }
    return 0;
}

static int check_cells(const struct table *t, struct err *e)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_cell *cell = table_at(t, r, c);
            if (!text_ok(cell->text))
                return err_set(e, E_INVALID, "cells", "ô dòng %zu cột %zu không phải UTF-8 hợp lệ",
                               r + 1, c + 1);
            if (cell->is_num && !isfinite(cell->num))
                return err_set(e, E_INVALID, "cells", "ô dòng %zu cột %zu không phải số hữu hạn",
                               r + 1, c + 1);
        }
    }
    return 0;
}

int table_check(const struct table *t, struct err *e)
{
    if (!t || !t->ncols || !t->headers)
        return err_set(e, E_INVALID, "headers", "bảng phải có ít nhất một cột có tiêu đề");
    if (t->nrows && !t->cells)
        return err_set(e, E_INVALID, "cells", "bảng có %zu dòng nhưng không có ô nào", t->nrows);
    if (t->nrows > SIZE_MAX / t->ncols)
        return err_set(e, E_INVALID, "cells", "bảng quá lớn");
    if (!text_ok(t->title))
        return err_set(e, E_INVALID, "title", "tên bảng không phải UTF-8 hợp lệ");
    int rc = check_columns(t, e);
    return rc ? rc : check_cells(t, e);
}

const struct table_cell *table_at(const struct table *t, size_t row, size_t col)
{
    return &t->cells[row * t->ncols + col];
}

const char *table_text(const struct table *t, size_t row, size_t col)
{
    const char *s = table_at(t, row, col)->text;
    return s ? s : "";
}
