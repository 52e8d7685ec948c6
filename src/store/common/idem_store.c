/* idem_store.c — SQL for idempotency_keys (migration 0001). A key is scoped to its user and
 * route: the same key sent to another route is a different request and is refused. */
#include "idem_store.h"

#include "rows.h"

#include <string.h>

struct idem_row {
    const char *route, *response;
};
#define I(kind, field) ROW_##kind(#field, struct idem_row, field)
static const struct row_col idem_cols[] = {I(TEXT, route), I(TEXT, response)};
#undef I
static const struct row_spec idem_spec = ROW_SPEC(struct idem_row, idem_cols);

int idem_get(struct db_conn *c, struct arena *a, const char *key, int64_t user_id,
             const char *route, const char **response, struct err *e)
{
    struct idem_row *r;
    int n;
    int rc = rows_query_all(c, a,
                            "SELECT route, response FROM idempotency_keys "
                            "WHERE idem_key = $1 AND user_id = $2",
                            DB_ARGS(DB_T(key), DB_I(user_id)), &idem_spec, &r, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return E_NOTFOUND;
    if (strcmp(r->route, route) != 0)
        return err_set(e, E_CONFLICT, "Idempotency-Key",
                       "Khóa Idempotency-Key này đã được dùng cho một thao tác khác");
    *response = r->response;
    return 0;
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
