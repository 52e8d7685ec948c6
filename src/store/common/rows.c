/* rows.c — see rows.h. Numbers are checked as they are read: both engines hand every cell
 * over as text, so a whole number is text that strtoll reads to its end (or a NULL). */
#include "rows.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *rows_str(struct arena *a, const struct db_rows *r, int row, int col)
{
    if (db_rows_isnull(r, row, col))
        return NULL;
    return arena_strndup(a, db_rows_text(r, row, col), db_rows_len(r, row, col));
}

const char *rows_text(struct arena *a, const struct db_rows *r, int row, int col)
{
    const char *s = rows_str(a, r, row, col);
    return s ? s : "";
}

int rows_column(const struct db_rows *r, const char *name)
{
    int n = db_rows_cols(r);
    for (int i = 0; i < n; i++)
        if (strcmp(db_rows_name(r, i), name) == 0)
            return i;
    return -1;
}

int rows_map(const struct db_rows *r, const struct row_spec *s, struct row_map *m, struct err *e)
{
    if (s->ncols > ROWS_MAX_COLS)
        return err_set(e, E_INTERNAL, NULL, "row spec has %d columns, more than %d", s->ncols,
                       ROWS_MAX_COLS);
    m->spec = s;
    for (int i = 0; i < s->ncols; i++)
        if ((m->idx[i] = rows_column(r, s->cols[i].name)) < 0)
            return err_set(e, E_INTERNAL, NULL, "result has no column \"%s\"", s->cols[i].name);
    return 0;
}

static int whole_number(const struct db_rows *r, int row, int col, const char *name, int64_t *v,
                        struct err *e)
{
    *v = 0;
    if (db_rows_isnull(r, row, col))
        return 0;
    const char *t = db_rows_text(r, row, col);
    char *end;
    errno = 0;
    long long x = strtoll(t, &end, 10);
    if (end == t || *end || errno)
        return err_set(e, E_INTERNAL, NULL, "column \"%s\" holds \"%.40s\", not a whole number",
                       name, t);
    *v = x;
    return 0;
}

static int decode_cell(struct arena *a, const struct db_rows *r, int row, int col,
                       const struct row_col *rc, char *out, struct err *e)
{
    int64_t v;
    const char *s;
    switch (rc->kind) {
    case ROW_KIND_I64:
        if (whole_number(r, row, col, rc->name, &v, e) < 0)
            return -1;
        memcpy(out + rc->off, &v, sizeof v);
        return 0;
    case ROW_KIND_INT: {
        if (whole_number(r, row, col, rc->name, &v, e) < 0)
            return -1;
        int i = (int)v;
        memcpy(out + rc->off, &i, sizeof i);
        return 0;
    }
    case ROW_KIND_TEXT:
        s = rows_text(a, r, row, col);
        break;
    case ROW_KIND_STR:
    default:
        s = rows_str(a, r, row, col);
        break;
    }
    memcpy(out + rc->off, &s, sizeof s);
    return 0;
}

int rows_decode(struct arena *a, const struct db_rows *r, int row, const struct row_map *m,
                void *out, struct err *e)
{
    const struct row_spec *s = m->spec;
    for (int i = 0; i < s->ncols; i++)
        if (decode_cell(a, r, row, m->idx[i], &s->cols[i], out, e) < 0)
            return E_INTERNAL;
    return 0;
}

int rows_decode_all(struct arena *a, const struct db_rows *r, const struct row_spec *s, void *out,
                    int *n, struct err *e)
{
    struct row_map m;
    int count = db_rows_count(r);
    char *rows = arena_alloc(a, s->size * (size_t)(count ? count : 1));
    int rc = rows_map(r, s, &m, e);
    for (int i = 0; i < count && rc == 0; i++)
        rc = rows_decode(a, r, i, &m, rows + s->size * (size_t)i, e);
    *n = rc ? 0 : count;
    memcpy(out, &rows, sizeof rows);
    return rc;
}

int rows_query_all(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                   int np, const struct row_spec *s, void *out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, p, np, &r, e);
    if (rc)
        return rc;
    rc = rows_decode_all(a, r, s, out, n, e);
    db_rows_free(r);
    return rc;
}

int rows_query_one(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                   int np, const struct row_spec *s, void *out, const char *field, const char *msg,
                   struct err *e)
{
    struct db_rows *r = NULL;
    struct row_map m;
    int rc = db_query(c, sql, p, np, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, field, "%s", msg);
    else if ((rc = rows_map(r, s, &m, e)) == 0)
        rc = rows_decode(a, r, 0, &m, out, e);
    db_rows_free(r);
    return rc;
}

static int numbers_only(const struct row_spec *s, struct err *e)
{
    for (int i = 0; i < s->ncols; i++)
        if (s->cols[i].kind != ROW_KIND_I64 && s->cols[i].kind != ROW_KIND_INT)
            return err_set(e, E_INTERNAL, NULL, "column \"%s\" is not a number column",
                           s->cols[i].name);
    return 0;
}

int rows_query_numbers(struct db_conn *c, const char *sql, const struct db_param *p, int np,
                       const struct row_spec *s, void *out, int *found, struct err *e)
{
    struct db_rows *r = NULL;
    struct row_map m;
    *found = 0;
    int rc = numbers_only(s, e);
    if (rc == 0)
        rc = db_query(c, sql, p, np, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) > 0 && (rc = rows_map(r, s, &m, e)) == 0 &&
        (rc = rows_decode(NULL, r, 0, &m, out, e)) == 0)
        *found = 1;
    db_rows_free(r);
    return rc;
}

int rows_claim(struct db_conn *c, const char *claim_sql, int64_t now, int64_t claim_until,
               void *rows, size_t row_size, size_t id_offset, int n, int *kept, struct err *e)
{
    char *base = rows;
    *kept = 0;
    for (int i = 0; i < n; i++) {
        int64_t id = 0, changed = 0;
        memcpy(&id, base + (size_t)i * row_size + id_offset, sizeof id);
        int rc = db_exec_count(c, claim_sql, DB_ARGS(DB_I(claim_until), DB_I(id), DB_I(now)),
                               &changed, e);
        if (rc)
            return rc;
        if (changed == 1)
            memmove(base + (size_t)(*kept)++ * row_size, base + (size_t)i * row_size, row_size);
    }
    return 0;
}
