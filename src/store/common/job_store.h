/* job_store.h — leases on background jobs (migration 0006): which server instance runs a
 * job now. Taking a lease is one conditional upsert, so two instances racing for it cannot
 * both win. */
#ifndef MOTCUA_JOB_STORE_H
#define MOTCUA_JOB_STORE_H

#include "db.h"

#include <stdint.h>

/* Takes or renews the lease on job `name` for holder until `until`; it succeeds when nobody
 * holds it, when holder already does, or when the other holder's lease ended before now.
 * *taken is 1 on success, 0 when someone else holds it. */
int job_lease_take(struct db_conn *c, const char *name, const char *holder, int64_t now,
                   int64_t until, int *taken, struct err *e);
/* Gives the lease up at once (only when holder has it), so another instance may take over. */
int job_lease_release(struct db_conn *c, const char *name, const char *holder, struct err *e);

#endif
