/* rows.c — see rows.h. */
#include "rows.h"

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
