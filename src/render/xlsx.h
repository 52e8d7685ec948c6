/* xlsx.h — a table as an Excel workbook (libxlsxwriter): an optional title row, a bold shaded
 * header row frozen in place, column widths from the content, numbers stored as numbers. */
#ifndef MOTCUA_XLSX_H
#define MOTCUA_XLSX_H

#include "err.h"
#include "sink.h"
#include "table.h"

int xlsx_write_table(const struct table *t, const struct doc_sink *out, struct err *e);

#endif
