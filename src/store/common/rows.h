/* rows.h — copying cells out of a db result into an arena, so store functions can free the
 * result right away and hand the caller plain structs that live as long as its arena. */
#ifndef MOTCUA_ROWS_H
#define MOTCUA_ROWS_H

#include "arena.h"
#include "db.h"

/* Text of a cell copied into a; NULL when the cell is NULL. */
const char *rows_str(struct arena *a, const struct db_rows *r, int row, int col);
/* Text of a cell copied into a; "" when the cell is NULL. */
const char *rows_text(struct arena *a, const struct db_rows *r, int row, int col);

#endif
