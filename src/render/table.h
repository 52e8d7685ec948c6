/* table.h — a rectangular table of cells with a title and column headers: the one input shared
 * by the PDF table primitive, the XLSX writer and the CSV writer, so a report printed, exported
 * to Excel and downloaded as CSV always shows the same rows. */
#ifndef MOTCUA_TABLE_H
#define MOTCUA_TABLE_H

#include "err.h"

#include <stddef.h>

enum table_align { TABLE_LEFT, TABLE_CENTER, TABLE_RIGHT };

/* A cell always has display text; is_num marks cells that spreadsheets should store as the
 * number num (text is then what PDFs and CSV show). NULL text prints as "". */
struct table_cell {
    const char *text;
    double num;
    int is_num;
};

struct table {
    const char *title; /* XLSX title row; PDF forms print their own titles */
    size_t ncols, nrows;
    const char *const *headers;     /* ncols header texts */
    const double *widths;           /* ncols relative column widths, or NULL for equal */
    const enum table_align *align;  /* ncols alignments, or NULL for left */
    const struct table_cell *cells; /* nrows * ncols, row-major */
};

/* 0 when t is well formed: at least one column, headers and (for rows) cells present, every
 * text valid UTF-8, widths positive and numbers finite; otherwise E_INVALID with a message. */
int table_check(const struct table *t, struct err *e);
/* Cell (row, col); the caller keeps row < nrows and col < ncols. */
const struct table_cell *table_at(const struct table *t, size_t row, size_t col);
/* Text of a cell, "" for NULL. */
const char *table_text(const struct table *t, size_t row, size_t col);

#endif
