/* idem_store.c — SQL for idempotency_keys (migration 0001). A key is scoped to its user and
 * route: the same key sent to another route is a different request and is refused. */
#include "idem_store.h"

#include "rows.h"

#include <string.h>

int idem_get(struct db_conn *c, struct arena *a, const char *key, int64_t user_id,
             const char *route, const char **response, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT route, response FROM idempotency_keys "
                      "WHERE idem_key = $1 AND user_id = $2",
                      DB_ARGS(DB_T(key), DB_I(user_id)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = E_NOTFOUND;
    else if (strcmp(db_rows_text(r, 0, 0), route) != 0)
        rc = err_set(e, E_CONFLICT, "Idempotency-Key",
                     "Khóa Idempotency-Key này đã được dùng cho một thao tác khác");
    else
        *response = rows_text(a, r, 0, 1);
    db_rows_free(r);
    return rc;
}

int idem_put(struct db_conn *c, const char *key, int64_t user_id, const char *route, int status,
             const char *response, int64_t now, struct err *e)
{
    return db_exec(
        c,
        "INSERT INTO idempotency_keys (idem_key, user_id, route, status, response, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        DB_ARGS(DB_T(key), DB_I(user_id), DB_T(route), DB_I(status), DB_T(response), DB_I(now)), e);
}
