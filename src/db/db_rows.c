/* db_rows.c — a fully materialised query result. Both drivers copy every cell into one of
 * these before returning, so a connection goes back to the pool as soon as its statement is
 * done and callers never see engine types. Cell bytes live in one bounded buffer (each cell
 * NUL-terminated so text can be used in place); cells are addressed by offset because the
 * buffer moves while it grows. */
#include "db_driver.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

#define ROWS_MAX_BYTES ((size_t)1 << 30)

struct cell {
    size_t off, len;
    int null;
};

struct db_rows {
    int ncols;
    char **names; /* ncols column names as the statement gave them (its AS aliases) */
    size_t ncells, cap;
    struct cell *cells;
    struct buf data;
};

struct db_rows *db_rows_new(int ncols)
{
    struct db_rows *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ncols = ncols > 0 ? ncols : 0;
    if (r->ncols && !(r->names = calloc((size_t)r->ncols, sizeof *r->names))) {
        free(r);
        return NULL;
    }
    buf_init(&r->data, ROWS_MAX_BYTES);
    return r;
}

int db_rows_set_name(struct db_rows *r, int col, const char *name, struct err *e)
{
    if (col < 0 || col >= r->ncols || !name)
        return 0;
    free(r->names[col]);
    if (!(r->names[col] = strdup(name)))
        return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
    return 0;
}

const char *db_rows_name(const struct db_rows *r, int col)
{
    if (!r || col < 0 || col >= r->ncols || !r->names[col])
        return "";
    return r->names[col];
}

static int grow_cells(struct db_rows *r, struct err *e)
{
    size_t cap = r->cap ? r->cap * 2 : 64;
    struct cell *cells = realloc(r->cells, cap * sizeof *cells);
    if (!cells)
        return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
    r->cells = cells;
    r->cap = cap;
    return 0;
}

int db_rows_put(struct db_rows *r, const void *p, size_t len, struct err *e)
{
    if (r->ncells == r->cap && grow_cells(r, e) < 0)
        return E_NOMEM;
    struct cell *c = &r->cells[r->ncells];
    c->off = r->data.len;
    c->len = p ? len : 0;
    c->null = p == NULL;
    if ((p && buf_append(&r->data, p, len) < 0) || buf_putc(&r->data, '\0') < 0) {
        r->data.len = c->off;
        return err_set(e, E_TOOLARGE, NULL, "query result too large");
    }
    r->ncells++;
    return 0;
}

int db_rows_count(const struct db_rows *r)
{
    return r && r->ncols ? (int)(r->ncells / (size_t)r->ncols) : 0;
}

int db_rows_cols(const struct db_rows *r)
{
    return r ? r->ncols : 0;
}

static const struct cell *cell_at(const struct db_rows *r, int row, int col)
{
    if (!r || row < 0 || col < 0 || col >= r->ncols || row >= db_rows_count(r))
        return NULL;
    return &r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
}

int db_rows_isnull(const struct db_rows *r, int row, int col)
{
    const struct cell *c = cell_at(r, row, col);
    return !c || c->null;
}

const char *db_rows_text(const struct db_rows *r, int row, int col)
{
    const struct cell *c = cell_at(r, row, col);
    return c ? r->data.data + c->off : "";
}

size_t db_rows_len(const struct db_rows *r, int row, int col)
{
    const struct cell *c = cell_at(r, row, col);
    return c ? c->len : 0;
}

int64_t db_rows_int(const struct db_rows *r, int row, int col)
{
    return strtoll(db_rows_text(r, row, col), NULL, 10);
}

void db_rows_free(struct db_rows *r)
{
    if (!r)
        return;
    buf_free(&r->data);
    for (int i = 0; i < r->ncols; i++)
        free(r->names[i]);
    free(r->names);
    free(r->cells);
    free(r);
}
