/* rows.h — decoding db results into plain structs by column name, and copying cells into an
 * arena, so store functions can free the result right away and hand the caller structs that
 * live as long as its arena.
 *
 * A store file describes a row once, as a table of named column specs (as GNU Taler's
 * GNUNET_PQ_result_spec_string("name", &p)): which column fills which field, as what kind.
 * The decoder finds each column's index by name once per result and checks the kinds, so a
 * SELECT list can be reordered or grown without counting columns, and a column that is missing
 * or does not hold what its field expects is an error, not a shifted struct. */
#ifndef MOTCUA_ROWS_H
#define MOTCUA_ROWS_H

#include "arena.h"
#include "db.h"

#include <stddef.h>

/* Text of a cell copied into a; NULL when the cell is NULL. */
const char *rows_str(struct arena *a, const struct db_rows *r, int row, int col);
/* Text of a cell copied into a; "" when the cell is NULL. */
const char *rows_text(struct arena *a, const struct db_rows *r, int row, int col);

enum row_kind {
    ROW_KIND_I64,  /* int64_t; NULL reads as 0 (the tables' "none" for instants and ids) */
    ROW_KIND_INT,  /* int; NULL reads as 0 */
    ROW_KIND_TEXT, /* const char *; NULL reads as "" */
    ROW_KIND_STR,  /* const char *; NULL stays NULL */
};

struct row_col {
    const char *name; /* as the statement names it: the column, or its AS alias */
    enum row_kind kind;
    size_t off; /* of the field in the row struct */
};

struct row_spec {
    size_t size; /* of the row struct */
    int ncols;
    const struct row_col *cols;
};

#define ROW_I64(name, type, field)                                                                 \
    {                                                                                              \
        name, ROW_KIND_I64, offsetof(type, field)                                                  \
    }
#define ROW_INT(name, type, field)                                                                 \
    {                                                                                              \
        name, ROW_KIND_INT, offsetof(type, field)                                                  \
    }
#define ROW_TEXT(name, type, field)                                                                \
    {                                                                                              \
        name, ROW_KIND_TEXT, offsetof(type, field)                                                 \
    }
#define ROW_STR(name, type, field)                                                                 \
    {                                                                                              \
        name, ROW_KIND_STR, offsetof(type, field)                                                  \
    }
/* A spec from its table: ROW_SPEC(struct foo_row, foo_cols). */
#define ROW_SPEC(type, cols)                                                                       \
    {                                                                                              \
        sizeof(type), (int)(sizeof(cols) / sizeof((cols)[0])), cols                                \
    }

#define ROWS_MAX_COLS 64

/* Where each spec column sits in a result: found once per result by rows_map. */
struct row_map {
    const struct row_spec *spec;
    int idx[ROWS_MAX_COLS];
};

/* Index of the column named name in r, -1 when there is none. */
int rows_column(const struct db_rows *r, const char *name);
/* Finds every column of s in r by name; E_INTERNAL naming the column when one is missing. */
int rows_map(const struct db_rows *r, const struct row_spec *s, struct row_map *m, struct err *e);
/* Fills *out (a struct of s->size bytes) from row `row`; E_INTERNAL when a number column holds
 * something that is not a whole number. */
int rows_decode(struct arena *a, const struct db_rows *r, int row, const struct row_map *m,
                void *out, struct err *e);
/* Every row of r into a new arena array of s->size-byte structs (never NULL, even for no
 * rows): *(T **)out and *n. */
int rows_decode_all(struct arena *a, const struct db_rows *r, const struct row_spec *s, void *out,
                    int *n, struct err *e);

/* Runs a query and decodes every row (rows_decode_all); the result is freed. */
int rows_query_all(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                   int np, const struct row_spec *s, void *out, int *n, struct err *e);
/* Runs a query and decodes its first row into *out (a struct of s->size bytes); with no row,
 * E_NOTFOUND with field and msg (for a person). */
int rows_query_one(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                   int np, const struct row_spec *s, void *out, const char *field, const char *msg,
                   struct err *e);

/* Runs a query and decodes its first row into *out, for a spec of number columns only (no
 * text is copied, so no arena is needed): *found 1, or 0 with *out untouched when there is
 * no row. */
int rows_query_numbers(struct db_conn *c, const char *sql, const struct db_param *p, int np,
                       const struct row_spec *s, void *out, int *found, struct err *e);

/* Claims the due rows a worker has just read, one by one: claim_sql ($1 claim_until, $2 id,
 * $3 now) moves a row's next attempt only while the row is still due, so of two workers that
 * read the same row only one claims it. The claimed rows are kept, in order, at the front of
 * rows (n rows of row_size bytes, each with its int64_t id at id_offset); *kept says how many. */
int rows_claim(struct db_conn *c, const char *claim_sql, int64_t now, int64_t claim_until,
               void *rows, size_t row_size, size_t id_offset, int n, int *kept, struct err *e);

#endif
