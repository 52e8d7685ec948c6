/* job_store.c — SQL for job leases (see job_store.h). The upsert's WHERE clause is the whole
 * protocol: the row changes only for its holder or once its lease has run out, and the row
 * count says whether this caller won. */
#include "job_store.h"

int job_lease_take(struct db_conn *c, const char *name, const char *holder, int64_t now,
                   int64_t until, int *taken, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "INSERT INTO job_leases (name, holder, lease_until) VALUES ($1, $2, $3) "
                           "ON CONFLICT (name) DO UPDATE SET holder = $2, lease_until = $3 "
                           "WHERE job_leases.holder = $2 OR job_leases.lease_until < $4",
                           DB_ARGS(DB_T(name), DB_T(holder), DB_I(until), DB_I(now)), &changed, e);
    *taken = rc == 0 && changed == 1;
    return rc;
}

int job_lease_release(struct db_conn *c, const char *name, const char *holder, struct err *e)
{
    return db_exec(c, "UPDATE job_leases SET lease_until = 0 WHERE name = $1 AND holder = $2",
                   DB_ARGS(DB_T(name), DB_T(holder)), e);
}
