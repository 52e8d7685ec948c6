/* csv.h — RFC 4180 CSV for spreadsheet users: a UTF-8 byte-order mark so Excel reads
 * Vietnamese correctly, CRLF records, quoting where needed, and protection against formula
 * injection (a text field starting with = + - @, tab or CR is prefixed with '). Records can be
 * appended one at a time, so large exports can stream. */
#ifndef MOTCUA_CSV_H
#define MOTCUA_CSV_H

#include "buf.h"
#include "err.h"
#include "table.h"

#include <stddef.h>

/* Starts a document: writes the byte-order mark. */
int csv_begin(struct buf *out);
/* Appends one record of n text fields (NULL prints as empty). */
int csv_row(struct buf *out, const char *const *fields, size_t n);
/* A whole table: BOM, header record, then the rows; numeric cells are written as plain
 * numbers (never prefixed), text cells as text. The title is not written. */
int csv_write_table(const struct table *t, struct buf *out, struct err *e);

#endif
